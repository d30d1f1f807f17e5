"""Analytics sync through the Dagster asset, against local fakes of Mixpanel and GA4.

The tiny business's real marts are the input; the fakes check the wire format, the credentials,
Mixpanel's ``$insert_id`` de-duplication and GA4's 72-hour window. Faults are injected into the
fakes; the next scheduled run (a new materialisation) is all that follows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from integrations.analytics.events import pseudonymous_id, read_events
from orchestration.defs.integrations import AnalyticsSyncResource, analytics_sync_state
from orchestration.resources import WarehouseResource
from tests.fakes.analytics import Ga4Fake, MixpanelFake
from tests.fakes.http import Fault

KEY = "analytics-test-key"
MP = {"token": "tok", "username": "sa.user", "secret": "sa-secret", "project_id": "4242"}


@pytest.fixture
def now(warehouse: Path) -> dt.datetime:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        last = con.execute(
            "select greatest((select max(touch_at) from fct_touchpoints), "
            "(select max(converted_at) from fct_attribution))"
        ).fetchone()[0]
    return last + dt.timedelta(hours=1)


@pytest.fixture
def mixpanel():
    fake = MixpanelFake(MP["token"], MP["username"], MP["secret"], MP["project_id"]).start()
    yield fake
    fake.stop()


@pytest.fixture
def ga4(now):
    fake = Ga4Fake("G-TEST", "ga-secret", now).start()
    yield fake
    fake.stop()


def _expected(warehouse: Path, now: dt.datetime):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return read_events(con, since=None, until=now, id_key=KEY.encode())


def _sync(
    warehouse: Path | WarehouseResource, now: dt.datetime, **destinations
) -> dg.ExecuteInProcessResult:
    resource = AnalyticsSyncResource(id_key=KEY, **destinations)
    if not isinstance(warehouse, WarehouseResource):
        warehouse = WarehouseResource(path=str(warehouse))
    return dg.materialize(
        [analytics_sync_state],
        resources={"warehouse": warehouse, "analytics": resource},
        run_config={"ops": {"analytics_sync_state": {"config": {"now": now.isoformat()}}}},
        raise_on_error=False,
    )


def _mixpanel_config(fake: MixpanelFake) -> dict:
    return {
        "mixpanel_token": MP["token"],
        "mixpanel_username": MP["username"],
        "mixpanel_secret": MP["secret"],
        "mixpanel_project_id": MP["project_id"],
        "mixpanel_import_url": fake.import_url,
    }


def _contact_pii(warehouse: Path) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select email, phone, first_name, last_name, contact_id from dim_contacts"
        ).fetchall()
    return [v for row in rows for v in row if v and len(v) > 3]


def test_mixpanel_gets_every_trackable_event_once_with_no_personal_data(warehouse, now, mixpanel):
    expected = _expected(warehouse, now)
    assert len(expected) > 50  # touches and enrollments of the tiny business
    first = _sync(warehouse, now, **_mixpanel_config(mixpanel))
    assert first.success
    assert len(mixpanel.accepted) == len(expected)
    assert {a["event"] for a in mixpanel.accepted} == {"campaign_touch", "enrollment"}
    # a second run sends nothing new (cursor), and a re-sent lookback is de-duplicated by $insert_id
    again = _sync(warehouse, now, **_mixpanel_config(mixpanel))
    assert again.success and len(mixpanel.accepted) == len(expected)
    # no email, phone, name or contact id ever left: only keyed pseudonymous ids
    sent = b"".join(mixpanel.bodies).decode()
    leaked = [v for v in _contact_pii(warehouse) if v in sent]
    assert leaked == []
    assert {a["properties"]["distinct_id"] for a in mixpanel.accepted} == {
        e.user_id for e in expected
    }


def test_untrackable_contacts_are_never_sent(warehouse, now, mixpanel):
    with duckdb.connect(str(warehouse)) as con:
        objector, unsubscriber = (
            r[0]
            for r in con.execute(
                "select contact_id from fct_touchpoints join dim_contacts using (contact_id) "
                "where has_email_consent and not is_unsubscribed group by 1 "
                "order by count(*) desc, 1 limit 2"
            ).fetchall()
        )
        # dim_contacts carries the flag (from the ops store's privacy_objections, via dbt)
        con.execute(
            "update dim_contacts set has_objected_to_tracking = (contact_id = ?)", [objector]
        )
        con.execute("update dim_contacts set is_unsubscribed = true where contact_id = ?",
                    [unsubscriber])  # fmt: skip
        no_consent = {
            r[0]
            for r in con.execute(
                "select contact_id from dim_contacts join fct_touchpoints using (contact_id) "
                "where not has_email_consent and not has_sms_consent"
            ).fetchall()
        }
    assert no_consent, "the tiny business has touched contacts without marketing consent"
    assert _sync(warehouse, now, **_mixpanel_config(mixpanel)).success
    sent_ids = {a["properties"]["distinct_id"] for a in mixpanel.accepted}
    assert sent_ids  # the others were sent
    for contact in no_consent | {objector, unsubscriber}:
        assert pseudonymous_id(contact, KEY.encode()) not in sent_ids


def test_a_refused_batch_fails_the_run_and_the_next_run_resumes_without_loss(
    warehouse, now, mixpanel
):
    expected = _expected(warehouse, now)
    # the SDK retries 5xx only over https; against the local http fake one 503 refuses batch 2
    mixpanel.inject(Fault("none"), Fault("status", status=503))
    failed = _sync(warehouse, now, **_mixpanel_config(mixpanel))
    assert not failed.success
    assert 0 < len(mixpanel.accepted) < len(expected)
    assert _sync(warehouse, now, **_mixpanel_config(mixpanel)).success
    assert len(mixpanel.accepted) == len(expected)  # everything, each once


def test_bad_credentials_are_refused_and_say_so(warehouse, now, mixpanel):
    config = {**_mixpanel_config(mixpanel), "mixpanel_secret": "wrong"}
    result = _sync(warehouse, now, **config)
    assert not result.success and mixpanel.accepted == []
    failure = result.get_step_failure_events()[0].event_specific_data.error.message
    assert "mixpanel refused the batch" in failure and "wrong" not in failure


def test_ga4_gets_only_the_last_72_hours_valid_and_never_twice(warehouse, now, ga4):
    expected = _expected(warehouse, now)
    window = [e for e in expected if e.occurred_at >= now - dt.timedelta(hours=72)]
    assert window and len(window) < len(expected)
    config = {
        "ga4_measurement_id": "G-TEST",
        "ga4_api_secret": "ga-secret",
        "ga4_url": ga4.collect_url,
    }
    result = _sync(warehouse, now, **config)
    assert result.success
    meta = result.asset_materializations_for_node("analytics_sync_state")[0].metadata
    assert meta["ga4_too_old"].value == len(expected) - len(window)
    assert ga4.rejected == []  # every payload valid by GA4's rules
    assert len(ga4.accepted) == len(window)
    # GA4 does not de-duplicate: a second run must send nothing
    assert _sync(warehouse, now, **config).success
    assert len(ga4.accepted) == len(window)


def test_ga4_outage_mid_run_resumes_without_duplicates(warehouse, now, ga4):
    config = {
        "ga4_measurement_id": "G-TEST",
        "ga4_api_secret": "ga-secret",
        "ga4_url": ga4.collect_url,
    }
    expected = [
        e for e in _expected(warehouse, now) if e.occurred_at >= now - dt.timedelta(hours=72)
    ]
    if len({e.user_id for e in expected}) < 2:
        pytest.skip("the tiny business has one recent contact")
    ga4.inject(Fault("none"), Fault("status", status=500))
    assert not _sync(warehouse, now, **config).success
    assert _sync(warehouse, now, **config).success
    keys = [a["ledger_id"] for a in ga4.accepted]
    # a request is accepted or refused whole and the cursor moves per request: none twice, none lost
    assert len(keys) == len(set(keys)) == len(expected)


def test_no_destination_configured_is_a_quiet_no_op(warehouse, now):
    result = _sync(warehouse, now)
    assert result.success
    assert (
        result.asset_materializations_for_node("analytics_sync_state")[0]
        .metadata["destinations"]
        .value
        == 0
    )


def test_a_destination_without_an_id_key_is_refused(warehouse, now, mixpanel):
    resource = AnalyticsSyncResource(**_mixpanel_config(mixpanel))
    result = dg.materialize(
        [analytics_sync_state],
        resources={"warehouse": WarehouseResource(path=str(warehouse)), "analytics": resource},
        raise_on_error=False,
    )
    assert not result.success and mixpanel.accepted == []
