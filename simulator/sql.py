"""DuckDB macros and literals the renderers share (ids, ISO timestamps, reference lookups)."""

from __future__ import annotations

import unicodedata

import duckdb

from simulator import reference as ref


def literal(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def list_literal(values) -> str:
    """A SQL list literal of strings (index it 1-based: ``[...][i + 1]``)."""
    return "[" + ", ".join(literal(v) for v in values) + "]"


def ascii_fold(text: str) -> str:
    """Lower-case ASCII form of a name for email addresses (``Müller`` → ``muller``)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def install_macros(con: duckdb.DuckDBPyConnection, campaigns: int) -> None:
    """Create the macros the render SQL uses on ``con``.

    Campaign and variant ids are looked up in constant lists (``campaigns`` entries), which is
    several times cheaper per row than formatting them.
    """
    campaign_ids = [f"cmp_{k + 1:04d}" for k in range(campaigns)]
    variant_ids = [f"{c}-{chr(65 + v)}" for c in campaign_ids for v in range(3)]
    macros = {
        "iso(ts)": "strftime(make_timestamp(ts * 1000000), '%Y-%m-%dT%H:%M:%SZ')",
        "hex16(u)": "lpad(to_hex(u), 16, '0')",
        "contact_id(i)": "'c_' || lpad(i::VARCHAR, 7, '0')",
        "campaign_id(k)": f"{list_literal(campaign_ids)}[k + 1]",
        "variant_id(k, v)": f"{list_literal(variant_ids)}[k * 3 + v + 1]",
        "course_id(i)": "'crs_' || lpad((i + 1)::VARCHAR, 3, '0')",
        "ledger_id(k, s, c, ch)": "campaign_id(k) || ':s' || s || ':' || contact_id(c) || ':' || ch || ':1'",
        "category_name(i)": f"{list_literal(ref.CATEGORIES)}[i + 1]",
        "campaign_type(i)": f"{list_literal(ref.CAMPAIGN_TYPES)}[i + 1]",
        "channel_name(i)": f"{list_literal(ref.CHANNELS)}[i + 1]",
        "platform_name(i)": f"{list_literal(ref.AD_PLATFORMS)}[i + 1]",
        "money(x)": "round(x, 2)::VARCHAR",
    }
    for head, body in macros.items():
        con.execute(f"CREATE OR REPLACE MACRO {head} AS {body}")
