"""The Reports page (``/reports``): the marketer's report for a period and a campaign, built from
the warehouse snapshot by the same code as ``enrollflow report``, shown in a sandboxed frame,
printed as PDF, and the reports the weekly schedule kept; bad input refused with a message and
nothing built; one build per report and snapshot."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import subprocess
import threading
from urllib.parse import parse_qs

import duckdb
import pytest

from reports import data
from reports.build import build_report
from reports.html import render_html
from tests.studio.conftest import _env

FRAME = re.compile(r'<iframe class="report-frame"[^>]* src="/reports/view\?([^"]+)"')


def _frame_query(page: str) -> str:
    match = FRAME.search(page)
    assert match, "the page shows no report frame"
    return html.unescape(match.group(1))


def _reference(studio, **kw) -> str:
    """The report ``enrollflow report`` writes for the same warehouse and arguments."""
    with duckdb.connect(str(studio.config.warehouse_path), read_only=True) as con:
        return render_html(build_report(con, **kw))


def _built(studio):
    return studio.app.state.studio.reports


def test_a_viewer_sees_the_report_the_command_writes_for_the_last_7_days(studio):
    client = studio.client("vera")
    page = client.get("/reports")
    assert page.status_code == 200
    for option in ("Last 7 days", "Last 30 days"):
        assert option in page.text
    with duckdb.connect(str(studio.config.warehouse_path), read_only=True) as con:
        campaigns = data.campaigns(con)
        latest = data.data_now(con)
    # every campaign of the marts is offered, the imported history included
    offered = set(re.findall(r'<option value="([^"]+)"', page.text))
    assert set(campaigns["campaign_id"]) <= offered
    assert (campaigns["source"] == "imported").any()
    # the month of the last day of data is offered by name
    assert f">{latest - dt.timedelta(days=1):%B %Y}<" in page.text
    query = _frame_query(page.text)
    assert parse_qs(query)["period"] == ["week"]
    frame = client.get(f"/reports/view?{query}")
    assert frame.status_code == 200
    assert frame.headers["content-security-policy"].startswith("sandbox;")
    assert frame.text == _reference(studio, period="week")


def test_a_custom_range_for_one_imported_campaign(studio):
    with duckdb.connect(str(studio.config.warehouse_path), read_only=True) as con:
        imported = data.campaigns(con).query("source == 'imported'").iloc[0]
        latest = data.data_now(con)
    first = (latest - dt.timedelta(days=40)).date()
    last = (latest - dt.timedelta(days=10)).date()
    client = studio.client("maria")
    page = client.get(
        "/reports", params={"from": str(first), "to": str(last), "campaign": imported.campaign_id}
    )
    assert page.status_code == 200
    query = _frame_query(page.text)
    assert parse_qs(query) == {"period": [f"{first}..{last}"], "campaign": [imported.campaign_id]}
    frame = client.get(f"/reports/view?{query}").text
    assert f"Campaign report: {html.escape(imported.campaign_name)}" in frame
    assert frame == _reference(studio, period=f"{first}..{last}", campaign_id=imported.campaign_id)
    # the form shows what was chosen: the range as the period menu's selected entry, the date
    # fields empty (so a period chosen next is not overruled by them)
    assert f'<option value="{first}..{last}" selected>' in page.text
    assert 'name="from" type="date" value=""' in page.text
    assert f'<option value="{imported.campaign_id}" selected>' in page.text


def test_the_pdf_is_the_same_report_printed(studio):
    client = studio.client("vera")
    query = _frame_query(client.get("/reports", params={"period": "month"}).text)
    r = client.get(f"/reports/pdf?{query}")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    name = re.fullmatch(
        r'attachment; filename="(report-[0-9_-]+\.pdf)"', r.headers["content-disposition"]
    )
    assert name, r.headers["content-disposition"]
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=r.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Campaign report: All campaigns" in text and "last 30 days" in text


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"period": "2026-13"}, 400, "month must be 01-12"),
        ({"period": "fortnight"}, 400, "is not understood; expected week, month"),
        ({"period": "x" * 60_000}, 400, "period: at most 64 characters"),
        ({"from": "2026-02-01"}, 400, "needs both its first and its last day"),
        ({"from": "2026-02-30", "to": "2026-03-02"}, 400, "expected dates as YYYY-MM-DD"),
        ({"from": "2026-03-02", "to": "2026-02-01"}, 400, "is before the first"),
        ({"from": "2020-01-01", "to": "2026-01-01"}, 400, "covers at most 366 days"),
        # the same range typed as a period is held to the same limit
        ({"period": "2020-01-01..2026-01-01"}, 400, "covers at most 366 days"),
        ({"campaign": "nope"}, 404, "no campaign 'nope' in the warehouse"),
        ({"campaign": "<script>alert(1)</script>"}, 404, "no campaign '<script>alert(1)</script>'"),
        ({"campaign": "c" * 5000}, 400, "campaign: at most 64 characters"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_built(studio, params, status, message):
    client = studio.client("vera")
    page = client.get("/reports", params=params)
    assert page.status_code == status
    assert message in html.unescape(page.text)
    assert "<script>alert" not in page.text  # shown escaped
    assert 'class="report-frame"' not in page.text
    for path in ("/reports/view", "/reports/pdf"):
        r = client.get(path, params=params)
        assert r.status_code == status and message in html.unescape(r.text), path
        assert "<script>alert" not in r.text
    assert _built(studio).builds == 0


def test_one_build_per_report_and_a_new_one_when_a_snapshot_is_published(
    studio_warehouse, tmp_path
):
    env = _env(f"sqlite:///{tmp_path / 'ops.sqlite'}", studio_warehouse, tmp_path,
               snapshot_max_age=0)  # fmt: skip
    try:
        client = env.client("vera")
        query = _frame_query(client.get("/reports").text)
        client.get(f"/reports/view?{query}")
        client.get(f"/reports/pdf?{query}")
        cache = _built(env)
        assert (cache.builds, cache.hits) == (1, 1)  # the page builds nothing: its frame does
        # the pipeline publishes a new snapshot (renamed into place: a new modification time)
        path = env.config.warehouse_path
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        client.get(f"/reports/view?{query}")
        assert cache.builds == 2
    finally:
        os.utime(env.config.warehouse_path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        env.store.dispose()


def test_concurrent_requests_each_get_their_own_report(studio):
    client = studio.client("vera")
    periods = ["week", "month", "week", "month", "week", "month"]
    bodies: dict[int, str] = {}

    def fetch(i: int) -> None:
        bodies[i] = client.get("/reports/view", params={"period": periods[i]}).text

    threads = [threading.Thread(target=fetch, args=(i,)) for i in range(len(periods))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    expected = {p: _reference(studio, period=p) for p in set(periods)}
    assert [bodies[i] == expected[p] for i, p in enumerate(periods)] == [True] * len(periods)


def test_kept_reports_are_listed_and_served_and_nothing_else_is(studio):
    kept = studio.config.reports_dir
    kept.mkdir(parents=True)
    (kept / "report-2026-02-02_2026-02-08.html").write_text("<p>week 6</p>")
    (kept / "report-2026-02-02_2026-02-08.pdf").write_bytes(b"%PDF-1.7 week 6")
    (kept / "report-2026-02-09_2026-02-15-spring_data.html").write_text("<p>spring</p>")
    (kept / "report-2026-13-45_2026-01-01.html").write_text("not a period")
    (kept / "notes.txt").write_text("private")
    (studio.config.reports_dir.parent / "secret.html").write_text("outside")
    client = studio.client("vera")
    page = client.get("/reports").text
    rows = re.findall(r'<td data-label="Report">([^<]+)</td>', page)
    assert rows == ["9–15 Feb 2026 · spring_data", "2–8 Feb 2026"]  # newest first
    assert "notes.txt" not in page and "2026-13-45" not in page
    r = client.get("/reports/files/report-2026-02-02_2026-02-08.html")
    assert r.status_code == 200 and r.text == "<p>week 6</p>"
    assert r.headers["content-security-policy"].startswith("sandbox;")
    r = client.get("/reports/files/report-2026-02-02_2026-02-08.pdf")
    assert r.content == b"%PDF-1.7 week 6"
    assert r.headers["content-disposition"].startswith("attachment;")
    for name in (
        "notes.txt",
        "..%2Fsecret.html",
        "%2e%2e%2fsecret.html",
        "report-2026-13-45_2026-01-01.html",  # the name's shape, but no report of it is listed
        "report-2026-03-02_2026-03-08.html",  # no such file
    ):
        r = client.get(f"/reports/files/{name}")
        assert r.status_code == 404, name
        assert "outside" not in r.text and "private" not in r.text


def test_before_the_first_build_the_page_says_so(studio_warehouse, tmp_path):
    missing = (tmp_path / "none.duckdb", studio_warehouse[1])
    env = _env(f"sqlite:///{tmp_path / 'ops.sqlite'}", missing, tmp_path)
    try:
        client = env.client("vera")
        page = client.get("/reports")
        assert page.status_code == 503
        assert "no warehouse snapshot yet" in page.text
        assert client.get("/reports/view").status_code == 503
    finally:
        env.store.dispose()
