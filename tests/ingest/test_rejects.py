"""Bad landing lines become raw_rejects rows with file, line, reason and payload; good lines still load."""

from __future__ import annotations

import datetime as dt
import gzip
import json

from delivery.webhooks import twilio_clicks
from enrollflow.ingest import ingest_source
from tests.ingest.conftest import DAY1, DAY2, NOW
from tests.ingest.landing_samples import day_records, write_lines


def _rejects(con, table):
    return con.execute(
        "SELECT _source_file, _line, reason, payload FROM raw_rejects WHERE raw_table = ? ORDER BY _line",
        [table],
    ).fetchall()


def test_bad_lines_are_rejected_with_file_line_and_reason(con, tmp_path):
    good = day_records(DAY1, 1)[("lms", "enrollments")][0]
    lines = [
        json.dumps(good),
        '{"enrollment_id": "e2", "type": "enrollment"',  # truncated JSON
        json.dumps({k: v for k, v in good.items() if k != "amount"} | {"enrollment_id": "e3"}),
        json.dumps(good | {"enrollment_id": "e4", "occurred_at": "1999-12-31T23:00:00Z"}),
        json.dumps(
            good | {"enrollment_id": "e5", "occurred_at": "2026-01-05T00:00:00Z"}
        ),  # > now + 1 day
        json.dumps(good | {"enrollment_id": "e6", "occurred_at": "last tuesday"}),
        json.dumps(good | {"enrollment_id": "e7", "amount": "twelve"}),
        "",
        "[1, 2]",
        json.dumps(good | {"enrollment_id": "e10", "contact_id": None}),
    ]
    write_lines(tmp_path / "lms" / DAY1.isoformat() / "enrollments.jsonl", lines)

    result = ingest_source(con, tmp_path, "lms", DAY1, DAY1, NOW)

    assert result.rows["raw_lms__enrollments"] == 1
    assert result.rejects["raw_lms__enrollments"] == 9
    rejects = _rejects(con, "raw_lms__enrollments")
    assert {r[0] for r in rejects} == {"lms/2026-01-01/enrollments.jsonl"}
    reasons = {line: reason for _, line, reason, _ in rejects}
    assert reasons[2] == "invalid JSON: the text is not parseable JSON"
    assert reasons[3] == "missing required key 'amount'"
    assert reasons[4] == (
        "timestamp 'occurred_at' out of range: 1999-12-31 23:00:00 is before 2000-01-01 "
        "or after now+1 day (2026-01-04 06:00:00)"
    )
    assert reasons[5].startswith(
        "timestamp 'occurred_at' out of range: 2026-01-05 00:00:00 is before"
    )
    assert reasons[6] == "invalid TIMESTAMP value for key 'occurred_at': last tuesday"
    assert reasons[7] == "invalid DOUBLE value for key 'amount': twelve"
    assert reasons[8] == "empty line"
    assert reasons[9] == "not a JSON object: got ARRAY"
    assert reasons[10] == "missing required key 'contact_id'"
    payloads = {line: payload for _, line, _, payload in rejects}
    assert payloads[2] == lines[1]
    assert json.loads(payloads[7])["amount"] == "twelve"
    assert result.reject_reasons["missing required key 'contact_id'"] == 1
    assert result.reject_reasons["timestamp 'occurred_at' out of range"] == 2
    assert sum(result.reject_reasons.values()) == 9


def test_sendgrid_post_and_event_level_rejects(con, tmp_path):
    post = day_records(DAY1, 1)[("sendgrid", "events")][0]
    broken_event = {k: v for k, v in post["events"][0].items() if k != "sg_event_id"}
    ancient = post["events"][1] | {"timestamp": 946684799}  # 1999-12-31T23:59:59Z
    lines = [
        json.dumps(post),  # 3 good events
        json.dumps(
            {
                "received_at": post["received_at"],
                "events": [broken_event, ancient, post["events"][2]],
            }
        ),
        json.dumps({"received_at": post["received_at"]}),
        json.dumps({"events": post["events"]}),
        '{"received_at": "2026-01-01T12:00:00Z", "events": [',
    ]
    write_lines(tmp_path / "sendgrid" / DAY1.isoformat() / "events.jsonl.gz", lines)

    result = ingest_source(con, tmp_path, "sendgrid", DAY1, DAY1, NOW)

    assert result.rows["raw_sendgrid__events"] == 4
    rejects = _rejects(con, "raw_sendgrid__events")
    by_reason = {(line, reason.split(": ")[0]) for _, line, reason, _ in rejects}
    assert by_reason == {
        (2, "missing required key 'sg_event_id'"),
        (2, "timestamp 'timestamp' out of range"),
        (3, "missing required key 'events'"),
        (4, "missing required key 'received_at'"),
        (5, "invalid JSON"),
    }
    event_payload = next(p for _, line, r, p in rejects if line == 2 and "sg_event_id" in r)
    assert json.loads(event_payload) == broken_event  # the event, not the whole POST
    assert "(unix seconds)" in next(r for _, _, r, _ in rejects if r.startswith("timestamp"))


def test_twilio_status_callback_without_status_is_rejected(con, tmp_path):
    callback = day_records(DAY1, 1)[("twilio", "callbacks")][0]
    no_status = callback | {
        "params": {k: v for k, v in callback["params"].items() if k != "MessageStatus"}
    }
    inbound = callback | {
        "kind": "inbound",
        "params": {"MessageSid": "SMin", "Body": "STOP", "OptOutType": "STOP"},
    }
    write_lines(
        tmp_path / "twilio" / DAY1.isoformat() / "callbacks.jsonl",
        [json.dumps(no_status), json.dumps(inbound)],
    )
    result = ingest_source(con, tmp_path, "twilio", DAY1, DAY1, NOW)
    assert result.rows["raw_twilio__callbacks"] == 1
    assert con.execute("SELECT kind, body, opt_out_type FROM raw_twilio__callbacks").fetchall() == [
        ("inbound", "STOP", "STOP")
    ]
    assert _rejects(con, "raw_twilio__callbacks")[0][1:3] == (
        1,
        "missing required key 'params.MessageStatus' (required when kind is 'status')",
    )


def test_twilio_clicks_keep_replays_under_the_live_id_and_reject_what_twilio_never_sends(
    con, tmp_path
):
    click = day_records(DAY1, 1)[("twilio", "clicks")][0]
    event = click["event"]
    lines = [
        json.dumps(click),
        json.dumps(click),  # Twilio retried the POST: the same click landed twice
        json.dumps(click | {"event": event | {"sms_sid": "SM123"}}),
        json.dumps(click | {"event": event | {"sms_sid": "XX" + event["sms_sid"][2:]}}),
        json.dumps(click | {"event": event | {"click_time": "yesterday"}}),
        json.dumps(click | {"event": event | {"click_time": "1999-01-01T00:00:00Z"}}),
        json.dumps(click | {"event": event | {"event_type": "open"}}),
        json.dumps(click | {"event": {k: v for k, v in event.items() if k != "link"}}),
        json.dumps({k: v for k, v in click.items() if k != "event"}),
    ]
    write_lines(tmp_path / "twilio" / DAY1.isoformat() / "clicks.jsonl", lines)
    result = ingest_source(con, tmp_path, "twilio", DAY1, DAY1, NOW)
    assert result.rows["raw_twilio__clicks"] == 2
    ids = con.execute("SELECT DISTINCT click_id FROM raw_twilio__clicks").fetchall()
    assert ids == [(twilio_clicks.event_id(event),)]  # the id the live counters used
    reasons = [r[2].split(": ")[0] for r in _rejects(con, "raw_twilio__clicks")]
    assert reasons == [
        "'event.sms_sid' is not a Twilio message sid (SM or MM + 32 characters)",
        "'event.sms_sid' is not a Twilio message sid (SM or MM + 32 characters)",
        "invalid TIMESTAMP value for key 'event.click_time'",
        "timestamp 'event.click_time' out of range",
        "'event.event_type' is not 'click'",
        "missing required key 'event.link'",
        "missing required key 'event.sms_sid'",
    ]


def test_garbage_gzip_is_one_file_level_reject_and_other_files_load(con, landing):
    bad = landing / "crm" / DAY2.isoformat() / "consent.jsonl.gz"
    (landing / "crm" / DAY2.isoformat() / "consent.jsonl").unlink()
    bad.write_bytes(b"this is not gzip data at all")

    result = ingest_source(con, landing, "crm", DAY1, DAY2, NOW)

    assert result.rows == {"raw_crm__contacts": 4, "raw_crm__consent_events": 2}
    ((file, line, reason, payload),) = _rejects(con, "raw_crm__consent_events")
    assert (file, line, payload) == ("crm/2026-01-02/consent.jsonl.gz", None, None)
    assert reason.startswith("unreadable file: BadGzipFile")


def test_truncated_gzip_is_a_file_level_reject(con, tmp_path):
    data = gzip.compress(
        b"".join(json.dumps(r).encode() + b"\n" for r in day_records(DAY1, 50)[("web", "events")])
    )
    path = tmp_path / "web" / DAY1.isoformat() / "events.jsonl.gz"
    path.parent.mkdir(parents=True)
    path.write_bytes(data[: len(data) // 2])
    result = ingest_source(con, tmp_path, "web", DAY1, DAY1, NOW)
    assert result.rows["raw_web__events"] == 0
    assert result.reject_reasons == {"unreadable file": 1}


def test_non_utf8_line_is_rejected_alone(con, tmp_path):
    records = day_records(DAY1, 2)[("ads", "spend")]
    path = tmp_path / "ads" / DAY1.isoformat() / "spend.jsonl"
    path.parent.mkdir(parents=True)
    path.write_bytes(
        json.dumps(records[0]).encode()
        + b"\n\xff\xfe{}\n"
        + json.dumps(records[1]).encode()
        + b"\n"
    )

    result = ingest_source(con, tmp_path, "ads", DAY1, DAY1, NOW)

    assert result.rows["raw_ads__spend"] == 2
    assert con.execute("SELECT _line FROM raw_ads__spend ORDER BY 1").fetchall() == [(1,), (3,)]
    ((_, line, reason, _),) = _rejects(con, "raw_ads__spend")
    assert line == 2
    assert reason.startswith("line is not valid UTF-8 text")


def test_reingest_replaces_the_partitions_rejects(con, tmp_path):
    path = tmp_path / "web" / DAY1.isoformat() / "events.jsonl"
    good = day_records(DAY1, 1)[("web", "events")][0]
    write_lines(path, [json.dumps(good), "not json"])
    ingest_source(con, tmp_path, "web", DAY1, DAY1, NOW)
    ingest_source(con, tmp_path, "web", DAY1, DAY1, NOW)
    assert len(_rejects(con, "raw_web__events")) == 1

    write_lines(path, [json.dumps(good)])  # the file is fixed upstream
    result = ingest_source(con, tmp_path, "web", DAY1, DAY1, NOW + dt.timedelta(hours=1))
    assert result.total_rejects == 0
    assert _rejects(con, "raw_web__events") == []


def test_long_payloads_are_truncated(con, tmp_path):
    write_lines(tmp_path / "web" / DAY1.isoformat() / "events.jsonl", ['{"broken": "' + "x" * 5000])
    ingest_source(con, tmp_path, "web", DAY1, DAY1, NOW)
    ((_, _, _, payload),) = _rejects(con, "raw_web__events")
    assert len(payload) == 2000


def test_absurd_epochs_are_rejected_not_crashing(con, tmp_path):
    post = day_records(DAY1, 1)[("sendgrid", "events")][0]
    event = post["events"][0]
    events = [event | {"timestamp": 99999999999999999}, event | {"timestamp": "12abc"}, event]
    write_lines(
        tmp_path / "sendgrid" / DAY1.isoformat() / "events.jsonl",
        [json.dumps({"received_at": post["received_at"], "events": events})],
    )
    web = day_records(DAY1, 1)[("web", "events")][0]
    write_lines(
        tmp_path / "web" / DAY1.isoformat() / "events.jsonl",
        [json.dumps(web | {"event_timestamp": 9223372036854775807})],
    )
    sendgrid = ingest_source(con, tmp_path, "sendgrid", DAY1, DAY1, NOW)
    web_result = ingest_source(con, tmp_path, "web", DAY1, DAY1, NOW)
    assert sendgrid.rows == {"raw_sendgrid__events": 1}
    assert sendgrid.reject_reasons == {
        "timestamp 'timestamp' out of range": 1,
        "invalid EPOCH_S value for key 'timestamp'": 1,
    }
    assert web_result.reject_reasons == {"timestamp 'event_timestamp' out of range": 1}


def test_undecodable_ledger_id_in_twilio_url_is_kept_as_sent(con, tmp_path):
    callback = day_records(DAY1, 1)[("twilio", "callbacks")][0]
    odd = callback | {"url": "https://hooks.example.edu/twilio/status?ledger_id=%ff%fe&x=1"}
    write_lines(
        tmp_path / "twilio" / DAY1.isoformat() / "callbacks.jsonl",
        [json.dumps(odd), json.dumps(callback)],
    )
    result = ingest_source(con, tmp_path, "twilio", DAY1, DAY1, NOW)
    assert result.rows == {"raw_twilio__callbacks": 2, "raw_twilio__clicks": 0}
    got = [
        r[0]
        for r in con.execute(
            "SELECT ledger_id FROM raw_twilio__callbacks ORDER BY _line"
        ).fetchall()
    ]
    assert got == ["%ff%fe", "cmp_0001:s1:c_0101000:sms:1"]
