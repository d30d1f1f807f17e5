"""The marketer's report: every section, figures traced to the marts, an email a phone can read,
and a PDF with the same content."""

from __future__ import annotations

import base64
import datetime as dt
import os
import re
import shutil
import subprocess

import duckdb
import html5lib
import pytest
from typer.testing import CliRunner

from enrollflow.cli import app
from ml.ab_test import two_proportion_test
from reports import data
from reports.build import build_report, write_report
from reports.period import parse_period
from reports.sections.experiments import ab_readouts
from tests.reports.browser import chromium

NOW = dt.datetime(2026, 2, 15)  # the day after the tiny business's last day
ALL_TIME = "2026-01-01..2026-02-14"
SECTIONS = [
    "Open alerts", "Campaigns against their targets", "Channel performance", "Funnel",
    "ROI and budget pacing", "Trends week over week", "Attribution compared", "A/B tests",
    "Deliverability", "Campaign health", "Recommendations", "Models behind the advice",
]  # fmt: skip


@pytest.fixture(scope="module")
def con(tiny_warehouse):
    with duckdb.connect(str(tiny_warehouse), read_only=True) as c:
        yield c


def _ab_campaign(con, tested: bool) -> str:
    sql = (
        "select campaign_id from stg_marketing__campaigns c where is_ab_test = ? and exists "
        "(select 1 from fct_campaign_performance p where p.campaign_id = c.campaign_id and p.sends > 0) "
        "order by campaign_id limit 1"
    )
    return con.execute(sql, [tested]).fetchone()[0]


def test_headline_figures_trace_to_the_sends(con) -> None:
    totals = data.totals(con, parse_period(ALL_TIME, NOW))
    sends, delivered, clicked, conversions = con.execute(
        "select count(*), count(*) filter (where is_delivered), "
        "count(*) filter (where clicked_at is not null), sum(conversions) from fct_sends"
    ).fetchall()[0]
    assert totals["sends"] == sends > 0
    assert totals["deliveries"] == delivered
    assert totals["message_clicks"] == clicked
    ads = con.execute(
        "select sum(conversions) from fct_campaign_performance where channel like 'paid%'"
    ).fetchone()[0]
    assert totals["conversions"] == conversions + ads


def test_ab_verdicts_use_the_tested_statistics(con) -> None:
    verdicts = ab_readouts(con)
    assert not verdicts.empty, "the tiny business has email A/B tests"
    for row in verdicts.itertuples():
        counts = con.execute(
            "select variant_id, sum(deliveries), sum(unique_clicks) from fct_campaign_performance "
            "where campaign_id = ? and channel = 'email' group by 1",
            [row.campaign_id],
        ).fetchall()
        by_variant = {v: (int(n), int(c)) for v, n, c in counts}
        (n_a, c_a), (n_b, c_b) = by_variant[row.control], by_variant[row.challenger]
        expected = two_proportion_test(c_a, n_a, c_b, n_b)
        assert row.ctr_control == pytest.approx(expected.rate_a)
        assert row.ctr_challenger == pytest.approx(expected.rate_b)
        assert ("wins" in row.verdict) == (not expected.inconclusive and expected.p_value < 0.05)
        assert row.campaign_id not in row.verdict  # variants named by their letter


@pytest.mark.parametrize("tested", [True, False], ids=["with_ab_test", "without_ab_test"])
def test_every_section_is_present(con, tested) -> None:
    campaign = _ab_campaign(con, tested)
    content = build_report(con, now=NOW, period=ALL_TIME, campaign_id=campaign)
    assert [s.title for s in content.sections] == SECTIONS
    name = data.names(con)[campaign]
    assert content.title == f"Campaign report: {name}"
    ab = content.section("ab_tests")
    if tested:
        assert ab.tables and ab.tables[0].rows[0][0] == name
    else:
        assert not ab.tables and "No A/B test ran" in ab.paragraphs[0]


def test_the_whole_business_report(con) -> None:
    content = build_report(con, now=NOW, period=ALL_TIME)
    assert [s.title for s in content.sections] == SECTIONS
    kpis = {k.label: k.value for k in content.kpis}
    assert (
        kpis["Messages sent"] == f"{int(data.totals(con, parse_period(ALL_TIME, NOW))['sends']):,}"
    )
    for key in ("channels", "funnel", "trends", "attribution"):
        assert content.section(key).charts, key
    assert content.section("ab_tests").tables


@pytest.fixture(scope="module")
def written(con, tmp_path_factory):
    return write_report(
        build_report(con, now=NOW, period=ALL_TIME), tmp_path_factory.mktemp("report")
    )


def _visible_text(doc) -> str:
    return " ".join(t for t in doc.itertext())


def test_html_is_a_valid_email_for_phones(written, con) -> None:
    page = written.html_path.read_text(encoding="utf-8")
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    doc = parser.parse(page)  # raises on any parse error
    assert (
        doc.find(".//meta[@name='viewport']").get("content")
        == "width=device-width, initial-scale=1"
    )
    assert doc.find(".//script") is None and doc.find(".//style") is None  # inline styles only
    images = doc.findall(".//img")
    assert len(images) >= 4
    for img in images:
        src = img.get("src")
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
        assert img.get("alt")
    text = _visible_text(doc)
    assert not re.search(r"\bcmp_\d{4}\b", text), "campaigns appear by name, never by id"
    assert "{'" not in text and "/tmp" not in text and str(written.html_path.parent) not in text
    some_name = next(iter(data.names(con).values()))
    assert some_name in text or any(n in text for n in data.names(con).values())
    assert written.html_path.name == "report-2026-01-01_2026-02-14.html"


def test_pdf_holds_the_same_content(written) -> None:
    assert written.pdf_path.stat().st_size > 10_000
    assert written.pdf_path.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(
        ["pdftotext", "-layout", str(written.pdf_path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for title in SECTIONS:
        assert title in text, title
    assert written.content.kpis[0].value in text


def test_the_pdf_bytes_depend_only_on_the_page(written, monkeypatch) -> None:
    """A replayed report run rewrites the PDF the first run attached: same page, same bytes,
    whatever the clock says (fontTools stamps font subsets with the time unless pinned)."""
    import fontTools.misc.timeTools as tt

    from reports.pdf import render_pdf

    page = written.html_path.read_text(encoding="utf-8")
    first = render_pdf(page)
    real = tt.time.time
    monkeypatch.setattr(tt.time, "time", lambda: real() + 3600)  # an hour later
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert render_pdf(page) == first
    assert "SOURCE_DATE_EPOCH" not in os.environ  # the pin is undone


@pytest.mark.skipif(
    shutil.which("chromium") is None and os.environ.get("CI") != "true",
    reason="needs the system Chromium",
)
def test_phone_and_desktop_widths(written, tmp_path) -> None:
    with chromium() as page:
        for width, mobile in ((375, True), (1440, False)):
            page.open(written.html_path, width, mobile)
            assert (
                page.evaluate("document.documentElement.scrollWidth") <= width
            )  # no sideways scroll
            widest = page.evaluate(
                "Math.max(...[...document.images].map(i => i.getBoundingClientRect().right))"
            )
            assert widest <= width
            shot = page.screenshot(tmp_path / f"report-{width}.png")
            assert shot.stat().st_size > 10_000


def test_command_writes_html_and_pdf(tiny_warehouse, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ENROLLFLOW_WAREHOUSE_PATH", str(tiny_warehouse))
    result = CliRunner().invoke(app, ["report", "--period", "2026-W06", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "report-2026-02-02_2026-02-08.html").exists()
    assert (tmp_path / "report-2026-02-02_2026-02-08.pdf").exists()
    assert "Messages sent" in result.output
    bad = CliRunner().invoke(app, ["report", "--period", "last tuesday", "--out", str(tmp_path)])
    assert bad.exit_code == 1 and "--period 'last tuesday'" in bad.output
    unknown = CliRunner().invoke(app, ["report", "--campaign", "nope", "--out", str(tmp_path)])
    assert unknown.exit_code == 1 and "no such campaign" in unknown.output


DRAFT = "delivery/campaigns/examples/spring_enrollment.yml"


def test_draft_findings_print_campaign_names_as_written(tiny_warehouse, tmp_path, monkeypatch):
    """A finding quotes the running campaign's name: brackets in it are text, not rich markup
    (which swallowed ``[bold red]`` and restyled the rest of the line)."""
    import copy

    from delivery.store import open_store
    from tests.campaigns.conftest import _DEMO
    from tests.journeys.conftest import launch

    name = "Autumn [bold red]data[/bold red] push [2026]"
    running = copy.deepcopy(_DEMO)
    running.update(campaign_id="autumn_data", name=name)
    store_url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    store = open_store(store_url, create=True)
    try:
        launch(store, running, audience_size=200)
    finally:
        store.dispose()
    monkeypatch.setenv("ENROLLFLOW_WAREHOUSE_PATH", str(tiny_warehouse))
    monkeypatch.setenv("ENROLLFLOW_OPS_STORE_URL", store_url)
    result = CliRunner().invoke(
        app,
        ["report", "--no-pdf", "--out", str(tmp_path / "out"), "--draft", DRAFT],
    )
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "audience_overlap:" in flat
    assert f"as does '{name}', which is running." in flat  # no segment memberships here


def test_demo_shim_still_writes_the_report(con, tmp_path) -> None:
    from enrollflow.report import write_report as demo_write_report

    report = demo_write_report(con, tmp_path, NOW + dt.timedelta(hours=9), {"status": "done"})
    assert report.path.exists() and report.pdf_path.exists()
    assert "status" not in report.path.read_text(encoding="utf-8")


def test_each_campaign_in_its_own_currency_and_a_note_when_totals_mix_them(
    tiny_warehouse, tmp_path
) -> None:
    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(tiny_warehouse, path)
    with duckdb.connect(str(path)) as c:
        table = data.campaigns_table(c)
        (main,) = c.execute(f"select mode(currency_code) from {table}").fetchone()
        other = "EUR" if main != "EUR" else "GBP"
        euro = c.execute(
            "select campaign_id from fct_budget_pacing where budget_amount is not null "
            "order by campaign_id limit 1"
        ).fetchone()[0]
        c.execute(f"update {table} set currency_code = ? where campaign_id = ?", [other, euro])
    with duckdb.connect(str(path), read_only=True) as c:
        content = build_report(c, now=NOW, period=ALL_TIME)
        name = data.names(c)[euro]
        alone = build_report(c, now=NOW, period=ALL_TIME, campaign_id=euro)
    symbol = {"EUR": "€", "GBP": "£", "USD": "$"}
    [note] = content.notes
    assert f"in {' and '.join(sorted([main, other]))}" in note and name in note
    assert f"show them in {main}" in note
    # per-campaign rows in the campaign's own currency, the others in the report's
    rows = {r[0]: r for r in content.section("roi").tables[0].rows}
    assert rows[name][2].startswith(symbol[other])
    assert all(r[2].startswith(symbol[main]) for n, r in rows.items() if n != name)
    # totals in the report's currency, with the note in the page and its text alternative
    assert {k.label: k.value for k in content.kpis}["Spend"].startswith(symbol[main])
    written = write_report(content, tmp_path / "out", pdf=False)
    assert 'role="note"' in written.html and f"Note: {note}" in written.text
    # one campaign alone: its own currency throughout, nothing mixed
    assert not alone.notes
    assert {k.label: k.value for k in alone.kpis}["Spend"].startswith(symbol[other])
