"""Property: every line of a landing file ends up exactly once, as a raw row or as a reject."""

from __future__ import annotations

import json

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enrollflow.ingest import ingest_source
from tests.ingest.conftest import DAY1, NOW
from tests.ingest.landing_samples import day_records, write_lines

_GOOD = day_records(DAY1, 1)[("ads", "clicks")][0]

_line = st.one_of(
    st.just(json.dumps(_GOOD)),
    st.builds(
        lambda k: json.dumps({x: v for x, v in _GOOD.items() if x != k}),
        st.sampled_from(sorted(_GOOD)),
    ),
    st.builds(lambda t: json.dumps(_GOOD | {"clicked_at": t}), st.text(max_size=12)),
    st.builds(
        lambda v: json.dumps(_GOOD | {"cost_amount": v}),
        st.one_of(st.text(max_size=5), st.floats(allow_nan=False)),
    ),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),
        max_size=40,
    ),
    st.just("[]"),
    st.just(""),
)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=st.lists(_line, min_size=1, max_size=12))
def test_every_line_is_a_row_or_a_reject(tmp_path_factory, lines):
    root = tmp_path_factory.mktemp("landing")
    write_lines(root / "ads" / DAY1.isoformat() / "clicks.jsonl", lines)
    with duckdb.connect() as con:
        result = ingest_source(con, root, "ads", DAY1, DAY1, NOW, tables=["raw_ads__clicks"])
        seen = con.execute(
            "SELECT _line FROM raw_ads__clicks UNION ALL "
            "SELECT _line FROM raw_rejects WHERE raw_table = 'raw_ads__clicks'"
        ).fetchall()
    assert result.rows["raw_ads__clicks"] + result.rejects["raw_ads__clicks"] == len(lines)
    assert sorted(r[0] for r in seen) == list(range(1, len(lines) + 1))
