"""The course catalogue: ~40 courses, plus one course launched half-way through the period."""

from __future__ import annotations

import numpy as np

from simulator import reference as ref
from simulator.clock import DAY, Period

Table = dict[str, np.ndarray]

NEW_COURSE_TITLE = "Generative AI for Professionals"


def generate_courses(rng: np.random.Generator, period: Period) -> Table:
    """Draw the catalogue: 5 courses per category and one launched mid-period.

    Parameters
    ----------
    rng : numpy.random.Generator
        Random stream of this component.
    period : Period
        The simulated period (start dates of cohorts fall inside and after it).

    Returns
    -------
    dict of numpy.ndarray
        ``category``, ``title`` (str), ``price``, ``language``, ``mode``, ``weeks``, ``starts``
        (epoch seconds of three cohort start dates, shape (n, 3)) and ``updated_at``.
    """
    n_cat = len(ref.CATEGORIES)
    category = np.repeat(np.arange(n_cat), 5)
    titles = [t for row in ref.COURSE_TITLES for t in row]
    category = np.append(category, 0)
    titles.append(NEW_COURSE_TITLE)
    n = len(titles)
    mode = rng.choice(3, size=n, p=[0.6, 0.15, 0.25])
    base = np.array(ref.CATEGORY_BASE_PRICE)[category]
    factor = np.array(ref.DELIVERY_MODE_PRICE_FACTOR)[mode] * rng.uniform(0.7, 1.4, n)
    price = np.round(base * factor / 10.0) * 10.0 - 0.01
    language = np.where(rng.random(n) < 0.8, 0, rng.integers(1, len(ref.LOCALES), n))
    first_start = period.start + rng.integers(14, 60, (n, 1)) * DAY
    starts = first_start + np.arange(3) * rng.integers(8, 13, (n, 1)) * 7 * DAY
    updated = np.full(n, period.start - 30 * DAY, dtype=np.int64)
    updated[-1] = period.start + (period.days // 2) * DAY + 9 * 3600
    return {
        "course": np.arange(n),
        "category": category,
        "title": np.array(titles, dtype=object),
        "price": price,
        "language": language,
        "mode": mode,
        "weeks": rng.choice([4, 6, 8, 12, 16, 24], size=n),
        "starts": starts,
        "updated_at": updated,
    }


def courses_on_sale(courses: Table, at: np.ndarray | int) -> np.ndarray:
    """Boolean mask (courses × moments) of courses already in the catalogue at ``at``."""
    return courses["updated_at"][:, None] <= np.atleast_1d(at)[None, :]
