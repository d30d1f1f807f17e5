"""Planted ground truth written beside the data (``<out>/truth/``), for models to recover."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from simulator import behaviour as bh
from simulator import campaigns as cp
from simulator import email as em
from simulator import reference as ref
from simulator import sessions as ss
from simulator.ads import CPC_ELASTICITY, CPC_SATURATION_PER_CONTACT, MATCHED_CLICK_SHARE

Table = dict[str, np.ndarray]

README = f"""# Planted ground truth

Written by `simulator.simulate` next to `landing/`. The data in `landing/` was *drawn from* these
numbers, so a model fitted on the landing data should recover them (up to sampling noise).

| file | what it holds |
|---|---|
| `contact_preferences.parquet` | per contact: `contact_id`, `preferred_hour_of_week` (0 = Monday 00:00 … 167, in the contact's LOCAL time, also when the CRM lacks their `timezone`), `preferred_local_hour` (0–23, = hour of week mod 24), `engagement_propensity` (drives open probability), `enroll_propensity` (multiplies conversion), `true_timezone`, `is_machine_opener` (Apple-MPP-style opens flagged `sg_machine_open`), `email_status` (`ok`/`invalid`/`bouncing`) |
| `channel_effects.json` | per channel: the expected incremental enrollment probability per exposure (delivered email / delivered SMS / paid click), averaged over the exposures that happened, plus realised counts of enrollments each channel caused and the organic baseline |
| `ab_tests.json` | per A/B campaign and variant: sends, true open / click / conversion (enrollment) rate per delivered email, and uplift vs control (variant A), absolute and relative |
| `campaign_drivers.json` | the multipliers that drive success (campaign type, audience interest, send time, budget) and per-campaign expected vs realised outcomes |
| `sandbox_engagement.json` | (written by the demo) the sandbox engagement model's planted rates: variant B's subject-line open multiplier, click/unsubscribe/application/enrollment rates, SMS outcome shares |
| `holdouts.parquet` | (`campaign_id`, `contact_id`) audience members randomly held out of each campaign (10 %), for incrementality checks; the CRM exports the same split as `marketing/campaign_members` (`member_status` `holdout`) |
| `holdout_effects.json` | per campaign: `audience`, `held_out`, `targeted`, `conversion_window_days`, and the planted incremental effect the holdout contrast estimates: `caused_enrollments` (targeted contacts who enrolled within the conversion window after the member list was built, through an application one of the campaign's emails or SMS caused) and `caused_revenue_amount` (`simulator/members.py`) |

Behaviour (how the truth shows in the data):
- Human opens happen at the next occurrence of the contact's preferred local hour of week (45 %),
  at the next preferred local hour of day (30 %) or soon after delivery (25 %); open probability
  rises by up to 35 % when the send lands near the preferred local hour (Gaussian, sigma 2 h).
- A message leads to an application either through its click (the click session carries a
  `generate_lead` event and the application carries the campaign's UTM tags) or, less often,
  without a click (a later untagged direct session): incrementality that last-click misses.
- P(enrollment | application) = {bh.P_ENROLL_GIVEN_APPLICATION}; enrollment amount = the course price; some refunds.
- Email unsubscribes (link or group) and SMS STOP revoke consent (`crm/consent`); later sends are
  suppressed; messages sent within a day after the revocation are dropped by SendGrid
  (`Unsubscribed Address`) or fail at Twilio (`ErrorCode` 21610). START re-grants SMS consent
  (consent source `sms_stop`, the keyword channel).
- UTM convention: `utm_source` = `enrollflow` for our messages (platform name for ads),
  `utm_medium` = `email` | `sms` | `paid_social` | `paid_search`, `utm_campaign` = campaign id,
  `utm_content` = variant id (email).
"""


def _dump(path: Path, obj: object) -> None:
    path.write_text(json.dumps(obj, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _rate(x: np.ndarray) -> float:
    return float(np.mean(x)) if len(x) else 0.0


def _conversion(
    p_open_click: np.ndarray, p_click_apply: np.ndarray, p_noclick_apply: np.ndarray
) -> np.ndarray:
    return (
        p_open_click * p_click_apply + (1 - p_open_click) * p_noclick_apply
    ) * bh.P_ENROLL_GIVEN_APPLICATION


def write_truth(
    out: Path,
    contacts: Table,
    campaigns: Table,
    email: Table,
    sms: Table,
    sessions: Table,
    enrollments: Table,
    members: Table,
    holdout_effects: dict,
) -> list[Path]:
    """Write every truth file under ``out`` and return their paths."""
    from simulator.population import ZONES

    out.mkdir(parents=True, exist_ok=True)
    cids = np.char.add("c_", np.char.zfill(contacts["cid"].astype(str), 7))
    prefs = pa.table(
        {
            "contact_id": cids,
            "preferred_hour_of_week": contacts["pref_how"].astype(np.int16),
            "preferred_local_hour": (contacts["pref_how"] % 24).astype(np.int16),
            "engagement_propensity": contacts["engagement"],
            "enroll_propensity": contacts["enroll_propensity"],
            "true_timezone": np.array(ZONES)[contacts["zone"]],
            "is_machine_opener": contacts["machine_opener"],
            "email_status": np.array(["ok", "invalid", "bouncing"])[contacts["email_kind"]],
        }
    )
    pq.write_table(prefs, out / "contact_preferences.parquet")
    camp_ids = np.array([f"cmp_{k + 1:04d}" for k in range(len(campaigns["campaign"]))])
    held = members["held"].astype(bool)
    pq.write_table(
        pa.table(
            {
                "campaign_id": camp_ids[members["campaign"][held]],
                "contact_id": cids[members["contact"][held]],
            }
        ),
        out / "holdouts.parquet",
    )
    _dump(out / "holdout_effects.json", holdout_effects)

    delivered = email["status"] == em.DELIVERED
    p_oc = email["p_open"] * email["p_click"]
    email_conv = _conversion(p_oc, email["p_apply_click"], email["p_apply_noclick"])
    sms_ok = sms["status"] == 0
    sms_conv = _conversion(sms["p_click"], sms["p_apply_click"], sms["p_apply_noclick"])
    ad = sessions["source"] == ss.AD_CLICK
    caused = np.bincount(
        enrollments["cause"][(enrollments["kind"] == 0) & (enrollments["cause"] >= 0)], minlength=4
    )
    effects = {
        "unit": "expected incremental probability that the exposed contact enrolls, per exposure",
        "email": {
            "exposure": "delivered email",
            "incremental_enrollment_probability": _rate(email_conv[delivered]),
            "exposures": int(delivered.sum()),
            "enrollments_caused": int(caused[0]),
        },
        "sms": {
            "exposure": "delivered SMS",
            "incremental_enrollment_probability": _rate(sms_conv[sms_ok]),
            "exposures": int(sms_ok.sum()),
            "enrollments_caused": int(caused[1]),
        },
    }
    for ch, name in ((2, "paid_social"), (3, "paid_search")):
        m = ad & (sessions["cause"] == ch)
        effects[name] = {
            "exposure": "paid ad click",
            "exposures": int(m.sum()),
            "enrollments_caused": int(caused[ch]),
            "incremental_enrollment_probability": _rate(sessions["p_apply"][m])
            * bh.P_ENROLL_GIVEN_APPLICATION,
        }
    organic = (enrollments["kind"] == 0) & (enrollments["cause"] < 0)
    effects["organic_baseline"] = {
        "enrollments": int(organic.sum()),
        "note": "organic sessions convert without any campaign exposure",
    }
    _dump(out / "channel_effects.json", effects)

    tests = {}
    for k in np.flatnonzero(campaigns["is_ab"]):
        rows = delivered & (email["campaign"] == k)
        variants = {}
        for v in range(int(campaigns["n_variants"][k])):
            m = rows & (email["variant"] == v)
            variants[f"cmp_{k + 1:04d}-{chr(65 + v)}"] = {
                "delivered": int(m.sum()),
                "true_open_rate": _rate(email["p_open"][m]),
                "true_click_rate": _rate(p_oc[m]),
                "true_conversion_rate": _rate(email_conv[m]),
                "open_multiplier": float(campaigns["open_mult"][k, v]),
                "click_multiplier": float(campaigns["click_mult"][k, v]),
                "conversion_multiplier": float(campaigns["conv_mult"][k, v]),
            }
        control = variants[f"cmp_{k + 1:04d}-A"]
        for stats in variants.values():
            for metric in ("open", "click", "conversion"):
                base, val = control[f"true_{metric}_rate"], stats[f"true_{metric}_rate"]
                stats[f"{metric}_uplift_abs"] = val - base
                stats[f"{metric}_uplift_rel"] = (val / base - 1) if base > 0 else None
        tests[str(camp_ids[k])] = {"control": f"cmp_{k + 1:04d}-A", "variants": variants}
    _dump(out / "ab_tests.json", tests)

    per_campaign = {}
    caused_by_campaign = np.bincount(
        sessions["campaign"][sessions["applies"] & (sessions["campaign"] >= 0)],
        minlength=len(camp_ids),
    )
    for k, cid in enumerate(camp_ids):
        m = email["campaign"] == k
        per_campaign[str(cid)] = {
            "type": ref.CAMPAIGN_TYPES[campaigns["type"][k]],
            "channels": [ref.CHANNELS[i] for i in np.flatnonzero(campaigns["channels"][k])],
            "local_send": bool(campaigns["local_send"][k]),
            "send_hour_utc": int(campaigns["send_hour"][k]),
            "ads_budget_amount": float(campaigns["ads_budget"][k]),
            "emails_delivered": int((m & delivered).sum()),
            "expected_email_enrollments": float(email_conv[m & delivered].sum()),
            "applications_caused": int(caused_by_campaign[k]),
        }
    drivers = {
        "campaign_type": {
            "open_multiplier": dict(zip(ref.CAMPAIGN_TYPES, cp.TYPE_OPEN_MULT, strict=True)),
            "conversion_multiplier": dict(zip(ref.CAMPAIGN_TYPES, cp.TYPE_CONV_MULT, strict=True)),
        },
        "audience": {
            "interest_match_conversion_multiplier": bh.INTEREST_CONV_MULT,
            "interest_match_click_multiplier": bh.INTEREST_CLICK_MULT,
            "conversion_scales_with": "contact enroll_propensity (contact_preferences.parquet)",
            "open_scales_with": "contact engagement_propensity",
        },
        "timing": {
            "open_multiplier": "1 + 0.35 * exp(-d^2 / (2 * 2^2)), d = hours between the local send hour and the preferred local hour",
            "bonus": bh.TIMING_BONUS,
            "width_hours": bh.TIMING_WIDTH_HOURS,
        },
        "budget": {
            "cost_per_click": "base_cpc * (1 + daily_spend / (contacts * 0.0005)) ** 0.5",
            "saturation_per_contact": CPC_SATURATION_PER_CONTACT,
            "elasticity": CPC_ELASTICITY,
            "base_cpc": dict(zip(ref.AD_PLATFORMS, ref.AD_PLATFORM_CPC, strict=True)),
            "matched_click_share": MATCHED_CLICK_SHARE,
        },
        "channel_application_probability": {
            "after_click": bh.APPLY_AFTER_CLICK,
            "without_click": bh.APPLY_WITHOUT_CLICK,
        },
        "p_enroll_given_application": bh.P_ENROLL_GIVEN_APPLICATION,
        "campaigns": per_campaign,
    }
    _dump(out / "campaign_drivers.json", drivers)
    (out / "README.md").write_text(README, encoding="utf-8")
    return sorted(out.iterdir())
