"""Benchmarks of the ML models at the configured size (default 1M contacts), each beside a baseline.

The inputs are synthetic numpy tables with planted truth, generated in-process at the configured
contact count (the cached simulated business is ~15 GB of JSON at 1M contacts; reading it back
through ingest + dbt is what the pipeline benchmarks measure, not the models). Each benchmark times
the model's training + scoring beside the simple baseline it must beat, and records the quality of
both against the planted truth in ``details``.

- ``ml_send_time``: ~10 engagements per contact (10M at 1M contacts); model = empirical-Bayes fit
  + per-contact scoring; baseline = each contact's most common hour (quality: also one global hour).
- ``ml_ltv``: BG/NBD + Gamma-Gamma fit and prediction; baseline = each contact's run rate.
- ``ml_attribution``: 1M journeys over 10 channels (``ML_BENCH_CHANNELS`` = 8-12): Markov removal
  effects and Shapley values; baseline = last touch; quality against the planted incremental
  conversions of each channel.
- ``ml_recommendations``: item-item CF fit + top-5 for every contact (~4.6 interactions each);
  baseline = one most-popular list.
- ``ml_lookalikes``: seed-vs-rest logistic regression over every contact; baseline = random pick.
- ``ml_budget``: response curves + reallocation with 200 bootstraps over (campaign, channel,
  week) spend for one campaign per 2,500 contacts; baseline = constant ROI per channel.
- ``ml_campaign_success``: campaign-grouped 5-fold CV, fit and scoring of ~5 messages per contact;
  baseline = the overall conversion rate.
"""

from __future__ import annotations

import datetime as dt
import os
import time

import numpy as np
import pandas as pd

from bench.runner import Result, benchmark, config
from ml.attribution import (
    markov_attribution,
    rule_based_attribution,
    shapley_attribution,
)
from ml.attribution_evaluation import planted_channel_journeys, planted_incremental_conversions
from ml.budget import evaluate_response_curves, fit_response_curves, recommend_budget
from ml.campaign_success import cross_validate_campaigns, fit_campaign_success, score_campaigns
from ml.lookalikes import evaluate_lookalikes, score_lookalikes
from ml.ltv import bgnbd_expected_transactions
from ml.ltv_predictions import evaluate_ltv_holdout, predict_contact_ltv
from ml.recommendations import evaluate_recommendations, fit_recommender, recommend_courses
from ml.send_time import (
    HOURS_PER_WEEK,
    contact_mode_hours,
    evaluate_against_truth,
    fit_send_time,
    recommend_send_times,
)

ZONES = ("Europe/London", "America/New_York", "Asia/Tokyo", "Europe/Madrid", "America/Sao_Paulo")


CPU_SECONDS: dict[str, float] = {}  # CPU time of each timed call (the machine is shared)


def _timed(fn, *args, **kwargs):
    began, cpu = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    CPU_SECONDS[fn.__name__] = round(time.process_time() - cpu, 2)
    return out, time.perf_counter() - began


def _model_result(model_s: float, baseline_s: float, label: str, details: dict) -> Result:
    """Seconds of the model beside its baseline's, with the CPU time of every timed call."""
    return Result(
        figure=model_s,
        unit="s",
        baseline=baseline_s,
        baseline_label=label,
        higher_is_better=False,
        details={**details, "cpu_s": dict(CPU_SECONDS)},
    )


def send_time_inputs(n: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Engagement hours (already local), contacts and planted preferred hours for ``n`` contacts."""
    rng = np.random.default_rng(seed)
    ids = np.arange(n, dtype=np.int64)
    zone = rng.integers(0, len(ZONES), n)
    day_peak = np.array([8, 12, 19, 20, 21])
    pref = (rng.integers(0, 7, n) * 24 + day_peak[rng.integers(0, 5, n)]).astype(np.int64)
    per = rng.geometric(0.1, n) - 1
    contact = np.repeat(ids, per)
    m = len(contact)
    u = rng.random(m)
    at_pref = pref[contact]
    hour_of_day_other_day = rng.integers(0, 7, m) * 24 + at_pref % 24
    how = np.where(
        u < 0.45, at_pref, np.where(u < 0.75, hour_of_day_other_day, rng.integers(0, 168, m))
    )
    hours = pd.DataFrame({"contact_id": contact, "hour_of_week": how % HOURS_PER_WEEK})
    contacts = pd.DataFrame({"contact_id": ids, "timezone": np.array(ZONES)[zone]})
    truth = pd.DataFrame({"contact_id": ids, "preferred_hour_of_week": pref})
    return hours, contacts, truth


@benchmark("ml_send_time")
def bench_send_time() -> Result:
    """Empirical-Bayes send time (fit + score every contact) beside each contact's mode hour."""
    CPU_SECONDS.clear()
    cfg = config()
    hours, contacts, truth = send_time_inputs(cfg.contacts, cfg.seed)
    model, fit_s = _timed(fit_send_time, hours, contacts, seed=cfg.seed)
    recs, score_s = _timed(recommend_send_times, model, hours, contacts)
    began = time.perf_counter()
    counts = np.bincount(hours["hour_of_week"], minlength=HOURS_PER_WEEK)
    global_hour = int(np.argmax(counts + np.roll(counts, 1) + np.roll(counts, -1)))
    baseline_table = pd.DataFrame(
        {"contact_id": contacts["contact_id"], "best_hour_of_week": global_hour}
    )
    mode = contact_mode_hours(hours, contacts["contact_id"], fallback_hour=global_hour)
    baseline_s = time.perf_counter() - began
    quality = evaluate_against_truth(recs, truth, global_best_hour=global_hour, baseline=mode)
    return _model_result(
        fit_s + score_s,
        baseline_s,
        "each contact's most common hour (global hour without history)",
        {
            "contacts": int(len(contacts)),
            "engagements": int(len(hours)),
            "fit_s": round(fit_s, 2),
            "score_s": round(score_s, 2),
            "contacts_per_s": round(len(contacts) / (fit_s + score_s)),
            "share_within_1h_model": round(quality["model_share"], 4),
            "share_within_1h_global_hour": round(quality["baseline_share"], 4),
            "share_within_1h_contact_mode": round(quality["contact_mode_share"], 4),
            "baseline_rows": int(len(baseline_table)),
        },
    )


def ltv_inputs(n: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, dt.datetime]:
    """Sign-ups over two years and BG/NBD enrollments (weekly units) for ``n`` contacts."""
    rng = np.random.default_rng(seed)
    now = dt.datetime(2027, 1, 1)
    age = rng.uniform(10, 104, n)  # weeks
    lam = rng.gamma(0.5, 1 / 15.0, n)
    p = rng.beta(0.7, 2.5, n)
    t = np.zeros(n)
    alive = np.ones(n, dtype=bool)
    who, when = [], []
    while alive.any():
        idx = np.flatnonzero(alive)
        t[idx] += rng.exponential(1 / lam[idx])
        ok = t[idx] < age[idx]
        alive[idx[~ok]] = False
        buyers = idx[ok]
        who.append(buyers)
        when.append(t[buyers])
        alive[buyers[rng.random(len(buyers)) < p[buyers]]] = False
    who, when = np.concatenate(who), np.concatenate(when)
    created = pd.Timestamp(now) - pd.to_timedelta(age * 7, unit="D")
    occurred = created[who] + pd.to_timedelta(when * 7, unit="D")
    spend = rng.gamma(4.0, 100.0, n)
    enrollments = pd.DataFrame(
        {
            "contact_id": who,
            "occurred_at": occurred,
            "revenue_amount": rng.gamma(8.0, spend[who] / 8.0),
            "is_refund": False,
        }
    )
    contacts = pd.DataFrame({"contact_id": np.arange(n), "created_at": created})
    return enrollments, contacts, now


@benchmark("ml_ltv")
def bench_ltv() -> Result:
    """BG/NBD + Gamma-Gamma fit and scoring beside the run-rate baseline."""
    CPU_SECONDS.clear()
    cfg = config()
    enrollments, contacts, now = ltv_inputs(cfg.contacts, cfg.seed)
    (table, fit), model_s = _timed(predict_contact_ltv, enrollments, contacts, now=now)
    began = time.perf_counter()
    x, T = table["enrollments_to_date"], table["age_weeks"]
    run_rate = x / T * (365 / 7)
    baseline_s = time.perf_counter() - began
    (evaluation, extra), eval_s = _timed(
        evaluate_ltv_holdout, enrollments, contacts, now=now, holdout_days=90
    )
    check = bgnbd_expected_transactions(fit.bgnbd, 1.0, [0], [0.0], [1.0])[0]
    return _model_result(
        model_s,
        baseline_s,
        "run rate (enrollments / age)",
        {
            "contacts": int(len(table)),
            "enrollments": int(len(enrollments)),
            "contacts_per_s": round(len(table) / model_s),
            "holdout_eval_s": round(eval_s, 2),
            "holdout_rmse_model": round(extra["rmse_model"], 4),
            "holdout_rmse_run_rate": round(extra["rmse_run_rate"], 4),
            "holdout_total_actual": extra["holdout_enrollments_actual"],
            "holdout_total_model": round(extra["holdout_enrollments_predicted"], 1),
            "holdout_total_run_rate": round(extra["holdout_enrollments_run_rate"], 1),
            "promoted": evaluation.promoted,
            "bgnbd": [
                round(v, 4) for v in (fit.bgnbd.r, fit.bgnbd.alpha, fit.bgnbd.a, fit.bgnbd.b)
            ],
            "planted_bgnbd": [0.5, 15.0, 0.7, 2.5],
            "first_week_rate_new_contact": round(float(check), 5),
            "run_rate_mean": round(float(run_rate.mean()), 4),
        },
    )


@benchmark("ml_attribution")
def bench_attribution() -> Result:
    """Markov + Shapley on 1M journeys (8-12 channels) beside last-touch."""
    CPU_SECONDS.clear()
    cfg = config()
    k = int(os.environ.get("ML_BENCH_CHANNELS", "10"))
    if not 2 <= k <= 16:
        raise SystemExit(f"ML_BENCH_CHANNELS must be between 2 and 16, got {k}")
    journeys, effect = planted_channel_journeys(cfg.contacts, k, seed=cfg.seed)
    truth = planted_incremental_conversions(journeys, effect)
    truth_share = truth / truth.sum()
    markov, markov_s = _timed(markov_attribution, journeys)
    shapley, shapley_s = _timed(shapley_attribution, journeys, max_set_size=k)
    last, last_s = _timed(rule_based_attribution, journeys, "last_touch")
    total = journeys.total_conversions

    def rank_corr(frame: pd.DataFrame) -> float:
        # against the planted incremental conversions (what credits estimate), not the
        # per-exposure effect: credits also scale with a channel's reach
        credit = frame["attributed_conversions"].to_numpy()
        return float(pd.Series(credit).corr(pd.Series(truth), method="spearman"))

    def share_error(frame: pd.DataFrame) -> float:
        credit = frame["attributed_conversions"].to_numpy()
        return float(np.abs(credit / credit.sum() - truth_share).sum() / 2)

    return _model_result(
        markov_s + shapley_s,
        last_s,
        "last-touch credits",
        {
            "journeys": int(len(journeys.outcomes)),
            "touches": int(len(journeys.steps)),
            "channels": k,
            "conversions": total,
            "markov_s": round(markov_s, 2),
            "shapley_s": round(shapley_s, 2),
            "journeys_per_s_markov": round(len(journeys.outcomes) / markov_s),
            "journeys_per_s_shapley": round(len(journeys.outcomes) / shapley_s),
            "spearman_vs_planted_incremental_markov": round(rank_corr(markov), 3),
            "spearman_vs_planted_incremental_shapley": round(rank_corr(shapley), 3),
            "spearman_vs_planted_incremental_last_touch": round(rank_corr(last), 3),
            "share_distance_markov": round(share_error(markov), 3),
            "share_distance_shapley": round(share_error(shapley), 3),
            "share_distance_last_touch": round(share_error(last), 3),
            "sum_check": [
                round(float(f["attributed_conversions"].sum() - total), 6)
                for f in (markov, shapley, last)
            ],
        },
    )


def _rate(n: float, seconds: float) -> int:
    return round(n / seconds) if seconds > 0 else 0


def recommendation_inputs(n: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Course activity of ``n`` contacts with a planted sequel structure (as tests' course_world):
    12 categories x 10 courses; each contact views and enrolls in their category before the
    cut-off, and 60 % enroll in the planted sequel (80 %) or another course after it."""
    rng = np.random.default_rng(seed)
    n_cat, per = 12, 10
    share = rng.dirichlet(np.full(n_cat, 3.0))
    cat = rng.choice(n_cat, n, p=share)
    first = rng.choice(per, n, p=rng.dirichlet(np.full(per, 2.0)))
    other = rng.integers(0, per, n)
    t0, cut = pd.Timestamp("2026-01-01"), pd.Timestamp("2026-03-01")
    when = t0 + pd.to_timedelta(rng.uniform(0, 50, n), unit="D")
    later = cut + pd.to_timedelta(rng.uniform(1, 50, n), unit="D")
    nxt = np.where(rng.random(n) < 0.8, (first + 1) % per, rng.integers(0, per, n))
    takes = (rng.random(n) < 0.6) & (nxt != first)
    ids = np.arange(n)
    course = lambda c, j: c * per + j  # noqa: E731
    parts = [
        (ids, course(cat, first), "visited_course_page", when - pd.Timedelta(days=2)),
        (ids, course(cat, other), "visited_course_page", when - pd.Timedelta(days=1)),
        (ids, course(cat, first), "enrolled", when),
        (ids[takes], course(cat, nxt)[takes], "visited_course_page", later[takes]),
        (ids[takes], course(cat, nxt)[takes], "enrolled", later[takes]),
    ]
    activity = pd.concat(
        [
            pd.DataFrame({"contact_id": c, "course_id": k, "activity_type": a, "occurred_at": t})
            for c, k, a, t in parts
        ],
        ignore_index=True,
    )
    activity["course_id"] = "crs_" + activity["course_id"].astype(str).str.zfill(3)
    courses = pd.DataFrame(
        {
            "course_id": [f"crs_{i:03d}" for i in range(n_cat * per)],
            "course_category": [f"cat{i // per}" for i in range(n_cat * per)],
        }
    )
    contacts = pd.DataFrame(
        {"contact_id": ids, "interests": pd.Series(cat).map(lambda c: [f"cat{c}"])}
    )
    return activity, courses, contacts


@benchmark("ml_recommendations")
def bench_recommendations() -> Result:
    """Item-item CF fit + top-5 for every contact beside one most-popular list for everyone."""
    CPU_SECONDS.clear()
    cfg = config()
    activity, courses, contacts = recommendation_inputs(cfg.contacts, cfg.seed)
    now = dt.datetime(2026, 5, 1)
    model, fit_s = _timed(fit_recommender, activity, courses)
    recs, score_s = _timed(recommend_courses, model, activity, contacts, k=5)
    began, cpu = time.perf_counter(), time.process_time()
    enrolled = activity[activity["activity_type"] == "enrolled"]
    top = enrolled["course_id"].value_counts().index[:5].to_numpy()
    baseline_table = pd.DataFrame(
        {"contact_id": np.repeat(contacts["contact_id"].to_numpy(), 5), "course_id": np.tile(top, len(contacts))}
    )  # fmt: skip
    baseline_s = time.perf_counter() - began
    CPU_SECONDS["most_popular"] = round(time.process_time() - cpu, 2)
    sample = contacts.sample(min(len(contacts), 100_000), random_state=cfg.seed)
    quality, eval_s = _timed(
        evaluate_recommendations,
        activity[activity["contact_id"].isin(sample["contact_id"])],
        courses,
        sample,
        now=now,
        holdout_days=61,
    )
    return _model_result(
        fit_s + score_s,
        baseline_s,
        "one most-popular list for everyone",
        {
            "contacts": int(len(contacts)),
            "interactions": int(len(activity)),
            "fit_s": round(fit_s, 2),
            "score_s": round(score_s, 2),
            "contacts_per_s": _rate(len(contacts), fit_s + score_s),
            "rows_out": int(len(recs)),
            "baseline_rows": int(len(baseline_table)),
            "holdout_sample_contacts": int(len(sample)),
            "holdout_eval_s": round(eval_s, 2),
            "recall_at_5_model": round(quality["recall_at_k"], 4),
            "recall_at_5_most_popular": round(quality["recall_at_k_popular"], 4),
        },
    )


def lookalike_inputs(n: int, seed: int) -> tuple[pd.DataFrame, list[int]]:
    """``n`` contacts whose planted enrollment odds rise with education, referral and clicks
    (as tests' lookalike_world, vectorised); returns the contacts and the enrollers (seed)."""
    rng = np.random.default_rng(seed)
    edu = rng.choice(np.array(["secondary", "bachelor", "master", "doctorate", "other"]), n)
    lead = rng.choice(np.array(["organic", "paid_social", "referral", "event"]), n)
    clicks = rng.poisson(rng.gamma(1.0, 2.0, n))
    logit = (
        -3.2 + 1.2 * np.isin(edu, ["master", "doctorate"]) + 0.9 * (lead == "referral")
        + 0.7 * np.log1p(clicks)
    )  # fmt: skip
    enrolled = rng.random(n) < 1 / (1 + np.exp(-logit))
    contacts = pd.DataFrame(
        {
            "contact_id": np.arange(n),
            "country": rng.choice(np.array(["GB", "ES", "US", "DE"]), n),
            "age_band": rng.choice(np.array(["18-24", "25-34", "35-44", "45-54"]), n),
            "education_level": edu,
            "lead_source": lead,
            "locale": rng.choice(np.array(["en", "es"]), n),
            "opens_90d": clicks + rng.poisson(3, n),
            "clicks_90d": clicks,
            "site_visits_90d": rng.poisson(2, n),
        }
    )
    return contacts, np.flatnonzero(enrolled).tolist()


@benchmark("ml_lookalikes")
def bench_lookalikes() -> Result:
    """Seed-vs-rest logistic regression scoring every non-member beside a random pick."""
    CPU_SECONDS.clear()
    cfg = config()
    contacts, seed_ids = lookalike_inputs(cfg.contacts, cfg.seed)
    top_n = max(1, cfg.contacts // 100)
    scored, model_s = _timed(score_lookalikes, contacts, seed_ids, top_n=top_n, seed=cfg.seed)
    began, cpu = time.perf_counter(), time.process_time()
    rng = np.random.default_rng(cfg.seed)
    others = np.setdiff1d(contacts["contact_id"].to_numpy(), np.asarray(seed_ids))
    random_pick = rng.choice(others, top_n, replace=False)
    baseline_s = time.perf_counter() - began
    CPU_SECONDS["random_pick"] = round(time.process_time() - cpu, 2)
    quality, eval_s = _timed(evaluate_lookalikes, contacts, seed_ids, top_n=top_n, seed=cfg.seed)
    return _model_result(
        model_s,
        baseline_s,
        "random pick of the non-members",
        {
            "contacts": int(len(contacts)),
            "seed_size": len(seed_ids),
            "scored": int(len(scored)),
            "baseline_rows": int(len(random_pick)),
            "contacts_per_s": _rate(len(scored), model_s),
            "holdout_eval_s": round(eval_s, 2),
            "hidden_seed_auc_model": round(quality["auc"], 4),
            "hidden_seed_auc_random": 0.5,
            "lift_top_n": round(quality["lift_top_n"], 2),
        },
    )


def budget_inputs(n: int, seed: int) -> tuple[pd.DataFrame, float]:
    """Weekly spend and revenue per campaign x channel for a business of ``n`` contacts.

    Paid social buys clicks at the simulator's saturating CPC (``simulator.ads.effective_cpc``,
    saturation = contacts x 0.0005 per day); email and SMS earn in proportion to their sends.
    Campaigns scale with the business (one per 2,500 contacts), 52 weeks. Returns the
    observations and the planted paid-social elasticity (log-log slope of the planted mean).
    """
    from simulator.ads import MATCHED_CLICK_SHARE, effective_cpc

    rng = np.random.default_rng(seed)
    k = max(4, n // 2_500)
    saturation = n * 0.0005
    camp = np.repeat(np.arange(k), 52)
    week = np.tile(np.arange(52), k)
    daily = rng.uniform(0.3, 3.0, k)[camp] * saturation * rng.lognormal(0, 0.5, len(camp))
    clicks = 7 * daily / effective_cpc(np.zeros(len(camp), dtype=int), daily, n)
    paid_mean = clicks * MATCHED_CLICK_SHARE * 0.02 * 1_000.0
    sends = rng.uniform(1e3, 2e4, k)[camp] * rng.lognormal(0, 0.4, len(camp))
    frames = [
        pd.DataFrame({"campaign_id": camp, "channel": "paid_social", "week": week,
                      "spend_amount": 7 * daily, "revenue_amount": rng.poisson(paid_mean / 1e3) * 1e3}),
        pd.DataFrame({"campaign_id": camp, "channel": "email", "week": week,
                      "spend_amount": sends * 0.001,
                      "revenue_amount": rng.poisson(sends * 0.0005) * 1e3}),
        pd.DataFrame({"campaign_id": camp, "channel": "sms", "week": week,
                      "spend_amount": sends * 0.1 * 0.04,
                      "revenue_amount": rng.poisson(sends * 0.1 * 0.002) * 1e3}),
    ]  # fmt: skip
    planted = float(np.polyfit(np.log(7 * daily), np.log(paid_mean), 1)[0])
    return pd.concat(frames, ignore_index=True), planted


@benchmark("ml_budget")
def bench_budget() -> Result:
    """Response curves + reallocation (200 bootstraps) beside constant ROI per channel."""
    CPU_SECONDS.clear()
    cfg = config()
    obs, planted = budget_inputs(cfg.contacts, cfg.seed)
    recent = obs[obs["week"] >= 48]
    current = recent.groupby(["campaign_id", "channel"], as_index=False)["spend_amount"].mean()
    table, model_s = _timed(recommend_budget, current, obs, seed=cfg.seed)
    began, cpu = time.perf_counter(), time.process_time()
    roi = (
        obs.groupby("channel")["revenue_amount"].sum()
        / obs.groupby("channel")["spend_amount"].sum()
    )
    constant = current.assign(revenue=current["spend_amount"] * current["channel"].map(roi))
    baseline_s = time.perf_counter() - began
    CPU_SECONDS["constant_roi"] = round(time.process_time() - cpu, 2)
    scores, eval_s = _timed(evaluate_response_curves, obs[obs["week"] < 48], recent)
    curves = fit_response_curves(obs)
    return _model_result(
        model_s,
        baseline_s,
        "constant ROI per channel (no moves)",
        {
            "campaigns": int(obs["campaign_id"].nunique()),
            "observations": int(len(obs)),
            "rows_out": int(len(table)),
            "baseline_rows": int(len(constant)),
            "holdout_eval_s": round(eval_s, 2),
            "holdout_rmse_curves": round(scores["rmse_curves"], 1),
            "holdout_rmse_constant_roi": round(scores["rmse_constant_roi"], 1),
            "elasticity_paid_social": curves["paid_social"].b,
            "planted_elasticity_paid_social": round(planted, 3),
            "elasticity_email_sms": [curves["email"].b, curves["sms"].b],
            "expected_weekly_gain_amount": round(float(table["expected_revenue_gain_amount"].sum()), 1),
            "note": "spend/revenue aggregation (journeys + Shapley touch credits) is ml_attribution's work",
        },
    )  # fmt: skip


CAMPAIGN_TYPE_MULT = {"enrollment": 1.4, "event_promotion": 0.9, "nurture": 0.6, "retention": 0.8}


def campaign_inputs(n: int, seed: int) -> pd.DataFrame:
    """Messages of one campaign per 2,500 contacts, ~5 per contact, with the planted drivers of
    tests' campaign_world (campaign type x interest match x engagement, SMS x1.3)."""
    rng = np.random.default_rng(seed)
    k = max(5, n // 2_500)
    types = np.array(list(CAMPAIGN_TYPE_MULT))
    ctype = types[np.arange(k) % 4]
    category = rng.integers(0, 8, k)
    channel = np.where(rng.random(k) < 0.3, "sms", "email")
    size = rng.integers(6_000, 19_000, k)  # one campaign per 2,500 contacts: ~5 messages each
    camp = np.repeat(np.arange(k), size)
    m = len(camp)
    interested = rng.random(m) < 0.3
    engagement = rng.gamma(2.0, 1.0, m)
    mult = pd.Series(ctype).map(CAMPAIGN_TYPE_MULT).to_numpy()[camp]
    p = 0.02 * mult * np.where(interested, 2.0, 1.0) * engagement / 2.0
    p *= np.where(channel[camp] == "sms", 1.3, 1.0)
    return pd.DataFrame(
        {
            "campaign_id": camp,
            "campaign_type": ctype[camp],
            "course_category": np.char.add("cat", category.astype(str))[camp],
            "channel": channel[camp],
            "is_interested": interested.astype(float),
            "log_engagement": np.log1p(engagement),
            "is_converted": rng.random(m) < np.clip(p, 0, 0.9),
            "cost_amount": np.where(channel[camp] == "sms", 0.04, 0.001),
        }
    )


@benchmark("ml_campaign_success")
def bench_campaign_success() -> Result:
    """Grouped 5-fold CV + fit + scoring of every campaign beside the overall conversion rate."""
    CPU_SECONDS.clear()
    cfg = config()
    messages = campaign_inputs(cfg.contacts, cfg.seed)
    (oof, scores), cv_s = _timed(cross_validate_campaigns, messages, seed=cfg.seed)
    model, fit_s = _timed(fit_campaign_success, messages, seed=cfg.seed, cv_scores=scores)
    economics = messages.groupby("campaign_id", as_index=False).agg(
        cost_amount=("cost_amount", "sum")
    )
    economics["revenue_per_conversion_amount"] = 1_000.0
    table, score_s = _timed(score_campaigns, model, messages, economics)
    began, cpu = time.perf_counter(), time.process_time()
    overall = messages["is_converted"].mean()
    sends = messages.groupby("campaign_id").size()
    baseline_table = pd.DataFrame({"sends": sends, "predicted_conversions": sends * overall})
    baseline_s = time.perf_counter() - began
    CPU_SECONDS["overall_rate"] = round(time.process_time() - cpu, 2)
    return _model_result(
        cv_s + fit_s + score_s,
        baseline_s,
        "overall conversion rate for every campaign",
        {
            "campaigns": int(len(table)),
            "messages": int(len(messages)),
            "cv_s": round(cv_s, 2),
            "fit_s": round(fit_s, 2),
            "score_s": round(score_s, 2),
            "messages_per_s_scoring": _rate(len(messages), score_s),
            "baseline_rows": int(len(baseline_table)),
            "grouped_cv_mae_model": round(scores["mae_model"], 5),
            "grouped_cv_mae_overall_rate": round(scores["mae_baseline"], 5),
            "interval_coverage_80": round(scores["coverage"], 3),
        },
    )
