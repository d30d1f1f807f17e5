"""Course recommendations: item-item collaborative filtering with a content-based cold-start fallback.

Interactions (course page views, applications, enrollments) are weighted into an implicit-feedback
contact x course matrix. Course-course cosine similarity of its columns scores every course for a
contact from the courses they touched; contacts with no interaction get the most popular courses in
their interest categories (content), then the most popular overall. Courses a contact already
enrolled in are never recommended.

References
----------
.. [1] Sarwar, B., Karypis, G., Konstan, J. and Riedl, J. (2001). Item-based collaborative filtering
   recommendation algorithms. *WWW '01*.
.. [2] Deshpande, M. and Karypis, G. (2004). Item-based top-N recommendation algorithms. *ACM TOIS*
   22(1), 143-177.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from ml.errors import MLInputError, require_columns
from ml.frames import among

__all__ = [
    "INTERACTION_WEIGHTS",
    "CourseRecommender",
    "evaluate_recommendations",
    "fit_recommender",
    "recommend_courses",
]

INTERACTION_WEIGHTS = {"visited_course_page": 1.0, "applied": 2.0, "enrolled": 3.0}


@dataclass(frozen=True)
class CourseRecommender:
    """Fitted item-item model: course index, similarity matrix, popularity and categories."""

    courses: pd.Index
    similarity: np.ndarray  # (courses x courses), zero diagonal
    popularity: np.ndarray  # enrollments (+ small weight of other interactions) per course
    course_category: np.ndarray  # category per course (object)


def _interaction_matrix(
    interactions: pd.DataFrame, contacts: pd.Index, courses: pd.Index
) -> sparse.csr_matrix:
    w = interactions["activity_type"].map(INTERACTION_WEIGHTS).fillna(0.0).to_numpy(dtype=float)
    rows = contacts.get_indexer(interactions["contact_id"])
    cols = courses.get_indexer(interactions["course_id"])
    keep = (rows >= 0) & (cols >= 0) & (w > 0)
    m = sparse.coo_matrix(
        (w[keep], (rows[keep], cols[keep])), shape=(len(contacts), len(courses))
    ).tocsr()
    m.data = np.log1p(m.data)  # repeated views count, with diminishing weight
    return m


def fit_recommender(interactions: pd.DataFrame, courses: pd.DataFrame) -> CourseRecommender:
    """Fit item-item cosine similarity and popularity.

    Parameters
    ----------
    interactions : pandas.DataFrame
        ``contact_id``, ``course_id``, ``activity_type`` (``visited_course_page``, ``applied``,
        ``enrolled``; others are ignored), e.g. ``fct_contact_activity`` rows with a course.
    courses : pandas.DataFrame
        ``dim_courses``: ``course_id``, ``course_category``.

    Returns
    -------
    CourseRecommender
    """
    require_columns(
        interactions, ["contact_id", "course_id", "activity_type"], name="fct_contact_activity"
    )
    require_columns(courses, ["course_id", "course_category"], name="dim_courses")
    if courses.empty:
        raise MLInputError("dim_courses is empty: no course to recommend")
    # sorted ids, not the tables' row order (which differs between DuckDB and Postgres, and
    # between two parallel DuckDB builds): ties in popularity and similarity then rank alike
    course_index = pd.Index(sorted(courses["course_id"].drop_duplicates()))
    contact_index = pd.Index(sorted(interactions["contact_id"].dropna().unique()))
    m = _interaction_matrix(interactions, contact_index, course_index)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=0))).ravel()
    gram = (m.T @ m).toarray()
    with np.errstate(divide="ignore", invalid="ignore"):
        sim = gram / np.outer(norms, norms)
    sim = np.nan_to_num(sim)
    np.fill_diagonal(sim, 0.0)
    enrolled = interactions[interactions["activity_type"] == "enrolled"]
    pop = enrolled["course_id"].value_counts().reindex(course_index, fill_value=0).to_numpy(float)
    touched = interactions["course_id"].value_counts().reindex(course_index, fill_value=0)
    popularity = pop + 0.01 * touched.to_numpy(float)  # break ties by general interest
    category = (
        courses.drop_duplicates("course_id").set_index("course_id")["course_category"]
    ).reindex(course_index)
    return CourseRecommender(course_index, sim, popularity, category.to_numpy(dtype=object))


def recommend_courses(
    model: CourseRecommender,
    interactions: pd.DataFrame,
    contacts: pd.DataFrame,
    *,
    k: int = 5,
    chunk_size: int = 50_000,
) -> pd.DataFrame:
    """Top-``k`` courses per contact, excluding courses already enrolled in.

    Parameters
    ----------
    model : CourseRecommender
    interactions : pandas.DataFrame
        The contacts' interactions (as for :func:`fit_recommender`).
    contacts : pandas.DataFrame
        ``contact_id`` and optionally ``interests`` (list of categories, or a JSON / comma text).
    k : int
        Courses per contact.
    chunk_size : int
        Contacts scored at once.

    Returns
    -------
    pandas.DataFrame
        ``contact_id``, ``rank`` (1 = best), ``course_id``, ``score``, ``source`` (``cf`` for
        collaborative, ``content`` for interest-category popularity, ``popular`` for overall).
    """
    require_columns(contacts, ["contact_id"], name="dim_contacts")
    ids = pd.Index(contacts["contact_id"].drop_duplicates())
    m = _interaction_matrix(interactions, ids, model.courses)
    enrolled = interactions[interactions["activity_type"] == "enrolled"]
    taken = _interaction_matrix(enrolled, ids, model.courses)
    member, course_category = _interest_membership(
        contacts.set_index("contact_id").reindex(ids), model
    )
    pop = model.popularity / max(model.popularity.max(), 1e-12)
    k = min(k, len(model.courses))
    frames = []
    for start in range(0, len(ids), chunk_size):
        stop = min(start + chunk_size, len(ids))
        cf = np.asarray(m[start:stop] @ model.similarity)
        has_cf = cf.max(axis=1) > 0
        interest = member[start:stop][:, course_category]
        content = interest * (1.0 + pop)  # in-interest courses first, by popularity
        # tiers: CF scores (>= 2) above content (1-2) above plain popularity (< 1)
        score = np.where(has_cf[:, None], 2.0 + cf / np.maximum(cf.max(axis=1, keepdims=True),
                                                               1e-12), 0.0)  # fmt: skip
        score = np.maximum(score, content)
        score = np.maximum(score, pop * 0.999)
        score[taken[start:stop].toarray() > 0] = -np.inf
        top = np.argsort(-score, axis=1, kind="stable")[:, :k]
        top_score = np.take_along_axis(score, top, axis=1)
        source = np.where(top_score >= 2.0, "cf", np.where(top_score >= 1.0, "content", "popular"))
        frames.append(
            pd.DataFrame(
                {
                    "contact_id": np.repeat(ids[start:stop].to_numpy(), k),
                    "rank": np.tile(np.arange(1, k + 1), stop - start),
                    "course_id": model.courses.to_numpy()[top.ravel()],
                    "score": top_score.ravel(),
                    "source": source.ravel(),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    return out[np.isfinite(out["score"])].reset_index(drop=True)


def _interest_membership(
    contacts: pd.DataFrame, model: CourseRecommender
) -> tuple[np.ndarray, np.ndarray]:
    """(contact x category membership, category index of each course): the interest matrix of a
    chunk of contacts is ``member[rows][:, course_category]`` (1 where the course's category is
    among the contact's interests), built without a Python loop over contacts."""
    categories = pd.Index(pd.unique(model.course_category))
    course_category = categories.get_indexer(model.course_category)
    member = np.zeros((len(contacts), len(categories)), dtype=bool)
    if "interests" not in contacts.columns:
        return member, course_category
    parsed = contacts["interests"].map(_parse_interests)
    rows = np.repeat(np.arange(len(parsed)), parsed.map(len).to_numpy(dtype=np.int64))
    wanted = categories.get_indexer([c for cats in parsed for c in cats])
    member[rows[wanted >= 0], wanted[wanted >= 0]] = True
    return member, course_category


def _parse_interests(value) -> set[str]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return set()
    if isinstance(value, list | tuple | np.ndarray):
        return {str(v) for v in value}
    text = str(value).strip().strip("[]")
    return {part.strip().strip("\"'") for part in text.split(",") if part.strip()}


def evaluate_recommendations(
    interactions: pd.DataFrame,
    courses: pd.DataFrame,
    contacts: pd.DataFrame,
    *,
    now: dt.datetime,
    holdout_days: int = 60,
    k: int = 5,
) -> dict[str, float]:
    """Precision@k and recall@k on a time holdout, beside the most-popular baseline.

    Trains on interactions before ``now - holdout_days`` and scores the contacts who enrolled in
    a course in the holdout; the relevant items are those holdout enrollments (courses already
    taken before the cut-off are excluded from both lists).

    Parameters
    ----------
    interactions, courses, contacts : pandas.DataFrame
        As for :func:`fit_recommender` / :func:`recommend_courses`, with ``occurred_at``.
    now : datetime.datetime
    holdout_days : int
    k : int

    Returns
    -------
    dict
        ``precision_at_k``, ``recall_at_k``, ``precision_at_k_popular``, ``recall_at_k_popular``,
        ``n_contacts``, ``k``.
    """
    require_columns(interactions, ["occurred_at"], name="fct_contact_activity")
    cut = pd.Timestamp(now) - pd.Timedelta(days=holdout_days)
    at = pd.to_datetime(interactions["occurred_at"])
    train = interactions[at < cut]
    test = interactions[(at >= cut) & (at < pd.Timestamp(now))]
    test = test[test["activity_type"] == "enrolled"]
    model = fit_recommender(train, courses)
    taken_before = set(
        zip(*train.loc[train["activity_type"] == "enrolled", ["contact_id", "course_id"]].T.values, strict=False)
    )  # fmt: skip
    relevant = (
        test[[(c, i) not in taken_before for c, i in zip(test["contact_id"], test["course_id"], strict=True)]]
        .groupby("contact_id")["course_id"].agg(set)
    )  # fmt: skip
    if relevant.empty:
        nan = float("nan")
        return {"precision_at_k": nan, "recall_at_k": nan, "precision_at_k_popular": nan,
                "recall_at_k_popular": nan, "n_contacts": 0, "k": k}  # fmt: skip
    who = contacts[among(contacts["contact_id"], relevant.index)]
    recs = recommend_courses(model, train, who, k=k)
    popular = recommend_courses(
        CourseRecommender(
            model.courses, np.zeros_like(model.similarity), model.popularity, model.course_category
        ),
        train,
        who[["contact_id"]],
        k=k,
    )

    def scores(frame: pd.DataFrame) -> tuple[float, float]:
        lists = frame.groupby("contact_id")["course_id"].agg(list).reindex(relevant.index)
        hits = np.array(
            [len(set(r if isinstance(r, list) else []) & rel) for r, rel in zip(lists, relevant, strict=True)]
        )  # fmt: skip
        sizes = relevant.map(len).to_numpy()
        return float(np.mean(hits / k)), float(np.mean(hits / sizes))

    p, r = scores(recs)
    pp, rp = scores(popular)
    return {
        "precision_at_k": p,
        "recall_at_k": r,
        "precision_at_k_popular": pp,
        "recall_at_k_popular": rp,
        "n_contacts": int(len(relevant)),
        "k": k,
    }
