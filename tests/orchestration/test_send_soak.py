"""Soak: several campaigns for a few simulated days under random faults, then invariants.

Three campaigns (email + an SMS reminder 48 h later, a second email campaign the same morning,
an SMS campaign at 20:30 local with a tight budget) over 300 contacts in three zones, half of
whom already had 2 emails this week. Production runs on its own -- the two sensors evaluated
through Dagster and every run they ask for executed -- while random faults land between ticks:
provider holds and stops, runs killed at a random dispatch stage, failing step runs, pauses,
consent withdrawals and STOPs in other phone formats. The only human acts are the operator
commands named for a state (``ops resume``, ``campaign resume``). Then:

- no ledger key left the sandbox twice, and what left is exactly what the ledger says was sent;
- every admitted message is terminal, or in a named operator state (held by the budget;
  deferred to a stated time);
- nothing was sent after its consent was withdrawn, outside the recipient's quiet hours, past
  3 emails in 7 days or over a campaign's budget.

Bounded by wall time (``SOAK_SECONDS`` of faults, then recovery); marked ``slow``.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import random
import time
from zoneinfo import ZoneInfo

import dagster as dg
import pandas as pd
import pytest
from typer.testing import CliRunner

from delivery import breaker
from delivery.campaigns import lifecycle
from delivery.campaigns.errors import LifecycleError
from delivery.dispatch import FAULT_POINTS
from delivery.journeys import render as render_module
from delivery.ledger import Ledger, LedgerKey
from delivery.suppression import normalise_address, record_consent, suppress
from enrollflow.cli import app
from orchestration.defs.delivery import jobs
from tests.journeys.conftest import _DEMO, World, launch
from tests.orchestration.send_path import Production, ledger, outbox_counts, sandbox_resources
from tests.orchestration.test_send_rules import sms_campaign

pytestmark = pytest.mark.slow

SOAK_SECONDS = 75
START = dt.datetime(2026, 3, 1, 23, 0)
END = dt.datetime(2026, 3, 5, 0, 0)
ZONES = ("Europe/London", "America/New_York", "Asia/Tokyo")
RESERVING = {"claimed", "sending", "submitted", "delivered", "bounced", "unknown"}
CAMPAIGNS = ("spring_data_enrollment", "spring_second_email", "spring_sms_night")


class Killed(Exception):
    """A run dies mid-dispatch."""


def _campaigns(store) -> None:
    launch(store, copy.deepcopy(_DEMO), audience_size=300)
    second = copy.deepcopy(_DEMO) | {"campaign_id": "spring_second_email"}
    second["workflow"]["nodes"][0]["trigger"]["local_time"] = "10:00"
    launch(store, second, audience_size=300)
    night = sms_campaign("20:30", "2026-03-02", budget=6) | {"campaign_id": "spring_sms_night"}
    launch(store, night, audience_size=300)


def _history(store, ids: list[str]) -> None:
    keys = [
        LedgerKey("history", f"s{k}", c, "email", 1, None, f"{c}@example.edu")
        for c in ids[::2]
        for k in (1, 2)
    ]
    Ledger(store).enqueue(keys, now=START - dt.timedelta(days=3))
    with store.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE send_ledger SET state = 'delivered', reserved_at = created_at "
            "WHERE campaign_id = 'history'"
        )


def test_soak_invariants_under_random_faults(store, tmp_path, monkeypatch):
    rng = random.Random(20261205)
    warehouse = tmp_path / "warehouse.duckdb"
    world = World(str(warehouse))
    ids: list[str] = []
    for zone in ZONES:
        ids += world.add_contacts(100, timezone=zone)
    for i in range(0, 300, 7):  # the CRM writes some numbers its own way
        world.conn.execute(
            f"UPDATE dim_contacts SET phone = '+44 7911 {i:06d}' WHERE contact_id = '{ids[i]}'"
        )
    world.conn.close()
    _campaigns(store)
    _history(store, ids)
    outbox = tmp_path / "outbox"
    real_dispatch = render_module.dispatch_campaign
    real_advance = jobs.advance_campaign
    withdrawn: dict[tuple[str, str], dt.datetime] = {}  # (channel, canonical address) -> when
    stopped: set[str] = set()
    paused: set[str] = set()
    runner = CliRunner()

    with dg.instance_for_test() as instance:
        prod = Production(instance, sandbox_resources(store.url, warehouse, outbox), monkeypatch)
        now, began = START, time.monotonic()
        while now < END and time.monotonic() - began < SOAK_SECONDS:
            fault = rng.random()
            monkeypatch.setattr(jobs, "dispatch_campaign", real_dispatch)
            monkeypatch.setattr(jobs, "advance_campaign", real_advance)
            if fault < 0.15:
                point = rng.choice(FAULT_POINTS)

                def crash(name: str, point: str = point) -> None:
                    if name == point:
                        raise Killed(name)

                monkeypatch.setattr(
                    jobs, "dispatch_campaign", functools.partial(real_dispatch, fault=crash)
                )
            elif fault < 0.25:

                def failing(*args, **kwargs):
                    raise RuntimeError("warehouse briefly unavailable")

                monkeypatch.setattr(jobs, "advance_campaign", failing)
            elif fault < 0.35:
                channel = rng.choice(("email", "sms"))
                breaker.record_failure(
                    store,
                    f"sandbox:{channel}",
                    now=now,
                    reason="503 from the provider",
                    cooldown=dt.timedelta(minutes=rng.choice((20, 90, 240))),
                )
            elif fault < 0.40:
                channel = rng.choice(("email", "sms"))
                breaker.stop(store, f"sandbox:{channel}", now=now, reason="401")
                stopped.add(f"sandbox:{channel}")
            elif fault < 0.50 and stopped:
                provider = stopped.pop()
                r = runner.invoke(
                    app, ["ops", "resume", provider, "--by", "ops", "--store", store.url]
                )
                assert r.exit_code == 0, r.output
            elif fault < 0.58:
                cid = rng.choice(CAMPAIGNS)
                try:
                    lifecycle.pause(store, cid, actor="maria", now=now)
                    paused.add(cid)
                except LifecycleError:
                    pass
            elif fault < 0.68 and paused:
                lifecycle.resume(store, paused.pop(), actor="maria", now=now)
            elif fault < 0.85:
                i = rng.randrange(300)
                with store.begin() as conn:
                    if rng.random() < 0.5:  # a STOP from Twilio, in E.164
                        phone = normalise_address("sms", f"+447911{i:06d}")
                        suppress(
                            conn, store, channel="sms", address=phone, reason="sms_stop",
                            source="twilio", now=now,
                        )  # fmt: skip
                        withdrawn.setdefault(("sms", phone), now)
                    else:  # an unsubscribe recorded in the ops store, any case
                        email = f"{ids[i].upper()}@EXAMPLE.EDU"
                        record_consent(
                            conn, store, channel="email", address=email, status="revoked",
                            source="crm", now=now,
                        )  # fmt: skip
                        withdrawn.setdefault(("email", normalise_address("email", email)), now)
            prod.tick(now)
            prod.wall_offset += rng.choice((30, 90, 400))
            now += dt.timedelta(minutes=rng.choice((20, 45, 90)))

        # recovery: the operator acts on the named states; production does the rest
        monkeypatch.setattr(jobs, "dispatch_campaign", real_dispatch)
        monkeypatch.setattr(jobs, "advance_campaign", real_advance)
        for provider in stopped:
            runner.invoke(app, ["ops", "resume", provider, "--by", "ops", "--store", store.url])
        for cid in paused:
            lifecycle.resume(store, cid, actor="maria", now=now)
        for hours in range(0, 80, 4):
            prod.wall_offset += 4000
            prod.settle(max(now, END) + dt.timedelta(hours=hours))
        final = max(now, END) + dt.timedelta(hours=80)

    rows = ledger(store)
    mine = rows[rows["campaign_id"] != "history"]
    # the soak meant something: both channels sent, runs failed and were recovered, rules bit
    assert len(mine) > 300 and set(mine.loc[mine["state"] == "submitted", "channel"]) == {
        "email",
        "sms",
    }
    assert any(not r.success for r in prod.runs) and any(r.success for r in prod.runs)
    reasons = " ".join(mine["last_error"].dropna())
    assert "frequency cap" in reasons or (mine["state"] == "pending").any()
    print(  # the soak's shape, for whoever reads the log
        "soak:",
        len(prod.runs),
        "runs,",
        sum(not r.success for r in prod.runs),
        "failed;",
        mine["state"].value_counts().to_dict(),
        f"{len(withdrawn)} withdrawals",
    )

    # 1. no key left twice; what left is exactly what the ledger says was sent
    counts = outbox_counts(outbox)
    assert max(counts.values()) == 1
    sent = set(mine.loc[mine["state"] == "submitted", "ledger_id"])
    assert set(counts) == sent

    # 2. terminal, or a named operator state
    open_rows = mine[
        ~mine["state"].isin(["submitted", "delivered", "bounced", "failed", "skipped"])
    ]
    for _, r in open_rows.iterrows():
        named = r["state"] == "pending" and (
            r["held_reason"] == "budget"
            or (r["not_before"] is not None and r["not_before"] > final)
        )
        assert named, (r["ledger_id"], r["state"], r["last_error"])

    # 3. nothing outside consent, quiet hours, cap or budget
    left = mine[mine["state"].isin(RESERVING)]
    for _, r in left.iterrows():
        key = (r["channel"], normalise_address(r["channel"], r["to_address"]))
        assert key not in withdrawn or r["reserved_at"] < withdrawn[key], r["ledger_id"]
        zone = ZoneInfo(ZONES[ids.index(r["contact_id"]) // 100])
        local = r["reserved_at"].replace(tzinfo=dt.UTC).astimezone(zone).time()
        window = (dt.time(8), dt.time(21)) if r["channel"] == "sms" else (dt.time(8), dt.time(20))
        assert window[0] <= local < window[1], (r["ledger_id"], local)
    emails = rows[rows["state"].isin(RESERVING) & (rows["channel"] == "email")].copy()
    emails["at"] = pd.to_datetime(emails["reserved_at"])
    for _contact, group in emails.groupby("contact_id"):
        times = sorted(group["at"])
        for k in range(len(times) - 3):
            assert times[k + 3] - times[k] >= pd.Timedelta(days=7), (_contact, times)
    budgets = {"spring_data_enrollment": 500, "spring_second_email": 500, "spring_sms_night": 6}
    spent = left.groupby("campaign_id")["cost_amount"].sum()
    for cid, amount in spent.items():
        assert amount <= budgets[cid] + 1e-9, (cid, amount)
