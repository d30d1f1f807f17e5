"""Locale-aware Jinja filters (Babel): dates, date-times in the contact's zone, prices, numbers.

Filters read the rendering locale from the template context variable ``locale`` (and the zone
from ``timezone``), so one template source formats per recipient:
``{{ course.price_amount | price(course.currency) }}``, ``{{ course.start_date | date }}``,
``{{ event_at | datetime }}``, ``{{ n | number }}``.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

DEFAULT_LOCALE = "en"


@functools.lru_cache(maxsize=256)
def babel_locale(locale: str | None) -> str:
    """Return a Babel-parsable locale for ``locale`` (``pt-BR`` -> ``pt_BR``; unknown -> ``en``)."""
    if not locale:
        return DEFAULT_LOCALE
    candidate = locale.replace("-", "_")
    try:
        Locale.parse(candidate)
    except (UnknownLocaleError, ValueError):
        return DEFAULT_LOCALE
    return candidate


def _ctx_locale(ctx: Context) -> str:
    return babel_locale(ctx.get("locale"))


def _ctx_zone(ctx: Context) -> dt.tzinfo:
    name = ctx.get("timezone")
    try:
        return ZoneInfo(name) if name else dt.UTC
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


@pass_context
def date_filter(ctx: Context, value: Any, format: str = "long") -> str:
    """Format a date (or ISO string) for the context's locale (Babel ``format_date``)."""
    from babel.dates import format_date  # babel.dates and .numbers load when a filter runs

    return format_date(_as_date(value), format=format, locale=_ctx_locale(ctx))


@pass_context
def datetime_filter(ctx: Context, value: Any, format: str = "medium") -> str:
    """Format a UTC date-time in the contact's ``timezone`` and locale."""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    from babel.dates import format_datetime

    return format_datetime(moment, format=format, tzinfo=_ctx_zone(ctx), locale=_ctx_locale(ctx))


@pass_context
def price_filter(ctx: Context, amount: Any, currency: str = "EUR") -> str:
    """Format a money amount (major units) in ``currency`` for the context's locale."""
    from babel.numbers import format_currency

    return format_currency(float(amount), currency, locale=_ctx_locale(ctx))


@pass_context
def number_filter(ctx: Context, value: Any) -> str:
    """Format a number with the locale's grouping and decimal separators."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_ctx_locale(ctx))


def install_filters(env: Environment) -> None:
    """Register ``date``, ``datetime``, ``price`` and ``number`` on ``env``."""
    env.filters.update(
        date=date_filter, datetime=datetime_filter, price=price_filter, number=number_filter
    )
