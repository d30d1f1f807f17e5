"""Base rates for planning a test, read with plain DuckDB queries (no pandas).

``enrollflow campaign validate`` prints a campaign's power from :func:`email_click_rate`, so this
module stays light: it is loaded by a command that should answer in well under a second.
"""

from __future__ import annotations

from typing import Any

__all__ = ["email_click_rate", "has_table"]


def has_table(con: Any, table: str) -> bool:
    """Whether the DuckDB connection ``con`` sees a table or view named ``table``."""
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_name = ?", [table]
        ).fetchall()[0][0]
    )


def email_click_rate(con: Any) -> float | None:
    """Share of delivered emails clicked, over every campaign (the base rate for planning a test);
    None when no email has been delivered yet or ``fct_sends`` is not built."""
    if not has_table(con, "fct_sends"):
        return None
    delivered, clicked = con.execute(
        "select count(*), count(clicked_at) from fct_sends where channel = 'email' and is_delivered"
    ).fetchall()[0]
    return clicked / delivered if delivered else None
