"""Audience expansion (lookalikes): score contacts outside a seed segment by similarity to it.

A regularised logistic regression separates the seed (e.g. recent enrollers) from everyone else on
CRM attributes and engagement; non-members are ranked by its probability. Evaluated by hiding part
of the seed: how well the hidden members rank among the non-members (ROC AUC, lift in the top-N)
beside a random pick.

References
----------
.. [1] Elkan, C. and Noto, K. (2008). Learning classifiers from only positive and unlabeled data.
   *KDD '08* (a classifier of seed vs rest ranks the unlabeled positives as the true one does).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from ml.errors import MLInputError, require_columns
from ml.frames import among

__all__ = ["CATEGORICAL", "NUMERIC", "evaluate_lookalikes", "score_lookalikes"]

# dim_contacts columns that describe a contact without leaking the seed's own definition
# (enrollment counts, LTV and RFM would).
CATEGORICAL = ("country", "age_band", "education_level", "lead_source", "locale")
NUMERIC = ("opens_90d", "clicks_90d", "site_visits_90d")


def _pipeline(categorical: Sequence[str], numeric: Sequence[str], seed: int) -> Pipeline:
    return Pipeline(
        [
            (
                "features",
                ColumnTransformer(
                    [
                        (
                            "cat",
                            OneHotEncoder(handle_unknown="ignore", min_frequency=5),
                            list(categorical),
                        ),
                        ("num", StandardScaler(), list(numeric)),
                    ]  # fmt: skip
                ),
            ),
            (
                "model",
                LogisticRegression(
                    C=1.0, max_iter=2000, class_weight="balanced", random_state=seed
                ),
            ),  # fmt: skip
        ]
    )


def _prepare(contacts: pd.DataFrame, categorical, numeric) -> pd.DataFrame:
    require_columns(contacts, ["contact_id", *categorical, *numeric], name="dim_contacts")
    frame = contacts[["contact_id", *categorical, *numeric]].copy()
    for col in categorical:
        frame[col] = frame[col].astype("string").fillna("(none)").astype(object)
    for col in numeric:
        frame[col] = np.log1p(pd.to_numeric(frame[col], errors="coerce").fillna(0).clip(lower=0))
    return frame


def score_lookalikes(
    contacts: pd.DataFrame,
    seed_ids: Sequence[str],
    *,
    top_n: int,
    categorical: Sequence[str] = CATEGORICAL,
    numeric: Sequence[str] = NUMERIC,
    seed: int = 0,
) -> pd.DataFrame:
    """Rank every non-seed contact by similarity to the seed segment.

    Parameters
    ----------
    contacts : pandas.DataFrame
        ``dim_contacts`` with ``contact_id`` and the feature columns.
    seed_ids : sequence of str
        Contact ids of the seed segment.
    top_n : int
        Size of the expansion segment (``is_expansion`` marks the best ``top_n``).
    categorical, numeric : sequence of str
        Feature columns.
    seed : int
        Random state of the solver.

    Returns
    -------
    pandas.DataFrame
        ``contact_id``, ``lookalike_score`` (0-1, seed-likeness), ``lookalike_percentile``
        (1 = most seed-like), ``lookalike_rank`` and ``is_expansion``; seed members are left out.
    """
    frame = _prepare(contacts, categorical, numeric)
    y = among(frame["contact_id"], set(seed_ids))
    if y.sum() < 5 or (~y).sum() < 5:
        raise MLInputError(
            f"lookalikes need at least 5 seed members and 5 others; got {int(y.sum())} seed "
            f"and {int((~y).sum())} others. Choose a larger seed segment."
        )
    model = _pipeline(categorical, numeric, seed).fit(frame, y)
    rest = frame[~y]
    score = model.predict_proba(rest)[:, 1]
    out = pd.DataFrame({"contact_id": rest["contact_id"].to_numpy(), "lookalike_score": score})
    out["lookalike_percentile"] = out["lookalike_score"].rank(pct=True, method="average")
    out["lookalike_rank"] = out["lookalike_score"].rank(ascending=False, method="first").astype(int)
    out["is_expansion"] = out["lookalike_rank"] <= top_n
    return out.sort_values("lookalike_rank").reset_index(drop=True)


def evaluate_lookalikes(
    contacts: pd.DataFrame,
    seed_ids: Sequence[str],
    *,
    top_n: int,
    hidden_share: float = 0.3,
    categorical: Sequence[str] = CATEGORICAL,
    numeric: Sequence[str] = NUMERIC,
    seed: int = 0,
) -> dict[str, float]:
    """Hide part of the seed, expand the rest, and see where the hidden members land.

    Parameters
    ----------
    contacts : pandas.DataFrame
    seed_ids : sequence of str
    top_n : int
        Size of the expansion whose hit rate is reported.
    hidden_share : float
        Share of the seed hidden from training.
    categorical, numeric : sequence of str
    seed : int
        Seed of the split and the solver.

    Returns
    -------
    dict
        ``auc`` (hidden members vs other non-members; random = 0.5), ``hit_rate_top_n`` (share of
        the top-N that are hidden members), ``hit_rate_random`` (their share among all scored) and
        ``lift_top_n``.
    """
    rng = np.random.default_rng(seed)
    members = np.array(sorted(set(seed_ids) & set(contacts["contact_id"])))
    hidden = set(rng.choice(members, int(len(members) * hidden_share), replace=False))
    training_seed = [m for m in members if m not in hidden]
    scored = score_lookalikes(
        contacts, training_seed, top_n=top_n, categorical=categorical, numeric=numeric, seed=seed
    )
    is_hidden = among(scored["contact_id"], hidden)
    if is_hidden.all() or not is_hidden.any():
        raise MLInputError("lookalike evaluation needs hidden seed members and other contacts")
    auc = float(roc_auc_score(is_hidden, scored["lookalike_score"]))
    top = is_hidden[scored["is_expansion"].to_numpy()]
    hit_top, hit_random = float(top.mean()), float(is_hidden.mean())
    return {
        "auc": auc,
        "auc_random": 0.5,
        "hit_rate_top_n": hit_top,
        "hit_rate_random": hit_random,
        "lift_top_n": hit_top / hit_random,
        "n_hidden": int(is_hidden.sum()),
        "top_n": int(top_n),
    }
