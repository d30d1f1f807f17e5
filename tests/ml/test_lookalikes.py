"""Lookalike expansion finds hidden seed members far better than a random pick."""

from __future__ import annotations

import pytest

from ml.errors import MLInputError
from ml.lookalikes import evaluate_lookalikes, score_lookalikes
from tests.ml.synthetic import lookalike_world


def test_hidden_seed_members_rank_high():
    contacts, enrollers = lookalike_world()
    result = evaluate_lookalikes(contacts, enrollers, top_n=300, seed=1)
    assert result["n_hidden"] > 100
    assert result["auc"] > 0.7  # planted: education, referral and clicks drive enrollment
    assert result["lift_top_n"] > 1.8


def test_expansion_excludes_the_seed_and_marks_top_n():
    contacts, enrollers = lookalike_world(1000)
    scored = score_lookalikes(contacts, enrollers, top_n=50)
    assert not scored["contact_id"].isin(enrollers).any()
    assert scored["is_expansion"].sum() == 50
    assert scored["lookalike_percentile"].between(0, 1).all()
    top = scored[scored["is_expansion"]]
    rest = scored[~scored["is_expansion"]]
    assert top["lookalike_score"].min() >= rest["lookalike_score"].max()


def test_tiny_seed_is_refused():
    contacts, _ = lookalike_world(200)
    with pytest.raises(MLInputError, match="at least 5 seed members"):
        score_lookalikes(contacts, ["c_0000001"], top_n=10)
