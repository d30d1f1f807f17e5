"""The intraday cursor over the landing zone (``enrollflow.ingest.freshness``).

Which (source, day) folders count as changed decides what the intraday path re-ingests: a new or
grown file must count, a writer's temporary or hidden file and an unknown source must not, and the
cursor must survive its JSON round trip through the sensor.
"""

from __future__ import annotations

import datetime as dt
import json
import os

from enrollflow.ingest.freshness import changed, decode, encode, landing_state

D1, D2, D3 = dt.date(2026, 3, 1), dt.date(2026, 3, 2), dt.date(2026, 3, 3)


def _write(landing, source, day, name, text, mtime_ns=None):
    folder = landing / source / day.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with path.open("a") as fh:
        fh.write(text)
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))
    return path


def test_only_known_sources_days_in_range_and_finished_files_count(tmp_path):
    _write(tmp_path, "sendgrid", D1, "events.jsonl", "{}\n")
    _write(tmp_path, "sendgrid", D2, ".events.jsonl.tmp", "{}\n")  # a writer mid-rename
    _write(tmp_path, "sendgrid", D2, ".hidden", "x")
    _write(tmp_path, "twilio", D2, "status.jsonl.tmp", "{}\n")
    _write(tmp_path, "not_a_source", D1, "events.jsonl", "{}\n")
    _write(tmp_path, "crm", D3, "contacts.csv", "id\n")  # outside the range
    (tmp_path / "crm" / D1.isoformat() / "nested").mkdir(parents=True)  # a folder, not a file
    state = landing_state(tmp_path, D1, D2)
    assert list(state) == [("sendgrid", D1)]
    assert state[("sendgrid", D1)].startswith("1:3:")  # one file of three bytes


def test_a_new_file_or_a_grown_file_changes_its_day_only(tmp_path):
    first = _write(tmp_path, "sendgrid", D1, "events.jsonl", "{}\n", mtime_ns=10**18)
    _write(tmp_path, "twilio", D2, "status.jsonl", "{}\n", mtime_ns=10**18)
    before = landing_state(tmp_path, D1, D3)
    assert changed(before, landing_state(tmp_path, D1, D3)) == {}

    _write(tmp_path, "sendgrid", D1, "events.jsonl", "{}\n", mtime_ns=10**18)  # same mtime, grown
    _write(tmp_path, "web", D2, "events.jsonl", "{}\n")
    _write(tmp_path, "twilio", D2, ".status.jsonl.tmp", "{}\n")  # ignored
    after = landing_state(tmp_path, D1, D3)
    assert changed(before, after) == {D1: ["sendgrid"], D2: ["web"]}
    assert first.stat().st_size == 6


def test_everything_is_new_to_an_empty_cursor(tmp_path):
    _write(tmp_path, "twilio", D2, "status.jsonl", "{}\n")
    _write(tmp_path, "sendgrid", D2, "events.jsonl", "{}\n")
    _write(tmp_path, "crm", D1, "contacts.csv", "id\n")
    assert changed({}, landing_state(tmp_path, D1, D3)) == {
        D1: ["crm"],
        D2: ["sendgrid", "twilio"],
    }


def test_the_cursor_survives_its_json_round_trip(tmp_path):
    _write(tmp_path, "sendgrid", D1, "events.jsonl", "{}\n")
    _write(tmp_path, "ads", D3, "spend.csv", "a\n")
    state = landing_state(tmp_path, D1, D3)
    cursor = json.dumps(encode(state))
    assert json.loads(cursor) == {
        "sendgrid/2026-03-01": state[("sendgrid", D1)],
        "ads/2026-03-03": state[("ads", D3)],
    }
    restored = decode(json.loads(cursor))
    assert restored == state
    assert changed(restored, landing_state(tmp_path, D1, D3)) == {}
