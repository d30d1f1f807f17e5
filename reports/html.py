"""Render a :class:`ReportContent` as an HTML email that reads well on a phone.

Email clients drop ``<style>`` blocks and scripts, so every element carries inline styles; the
layout is one column at most 640 px wide (tables for structure, as email clients expect), with a
viewport meta tag so a phone shows it at its own width; charts are PNGs embedded as ``data:`` URIs
(no remote images to block). The same HTML is what :mod:`reports.pdf` prints.
"""

from __future__ import annotations

import base64
import html

from reports.model import Chart, Kpi, ReportContent, Section, Table

FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"
INK, MUTED, LINE = "#1d2733", "#5b6675", "#e3e7ec"
TONE = {"good": "#0a7a3d", "bad": "#b3261e"}
S = {
    "body": f"margin:0;padding:0;background:#f2f4f7;color:{INK};{FONT}",
    "outer": "width:100%;border-collapse:collapse;background:#f2f4f7",
    "card": "width:100%;max-width:640px;border-collapse:collapse;background:#ffffff",
    "cell": f"padding:18px 14px;{FONT};color:{INK};font-size:15px;line-height:1.45",
    "h1": "margin:0 0 4px 0;font-size:22px;line-height:1.25",
    "sub": f"margin:0 0 16px 0;color:{MUTED};font-size:14px",
    "h2": f"margin:26px 0 8px 0;font-size:18px;line-height:1.3;border-top:1px solid {LINE};padding-top:18px",
    "p": "margin:0 0 10px 0",
    "src": f"margin:4px 0 0 0;color:{MUTED};font-size:12px",
    "note": "margin:10px 0 0 0;padding:8px 10px;background:#fff6e0;border-left:3px solid #b26a00;font-size:13px",
    "table": "width:100%;border-collapse:collapse;margin:6px 0 10px 0;font-size:13px",
    "th": f"text-align:left;padding:6px 3px;overflow-wrap:break-word;border-bottom:2px solid {LINE};color:{MUTED};font-weight:600",
    "td": f"text-align:left;padding:6px 3px;overflow-wrap:break-word;border-bottom:1px solid {LINE};vertical-align:top",
    "img": "display:block;width:100%;max-width:604px;height:auto;margin:8px 0 4px 0;border:0",
    "kpi_label": f"width:48%;padding:7px 4px;border-bottom:1px solid {LINE};color:{MUTED};font-size:14px",
    "kpi_value": f"padding:7px 4px;border-bottom:1px solid {LINE};font-size:19px;font-weight:700;text-align:right",
    "kpi_change": f"padding:7px 4px;border-bottom:1px solid {LINE};font-size:13px;color:{MUTED};text-align:right;white-space:nowrap",
    "ul": "margin:0 0 10px 0;padding-left:20px",
    "li": "margin:0 0 8px 0",
}


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


def data_uri(png: bytes) -> str:
    """``data:image/png;base64,...`` for an embedded image."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _table(table: Table) -> str:
    first = ";width:34%" if len(table.columns) > 2 else ""
    head = "".join(
        f'<th style="{S["th"]}{first if i == 0 else ""}">{_e(c)}</th>'
        for i, c in enumerate(table.columns)
    )
    body = []
    for i, row in enumerate(table.rows):
        tone = table.marks[i] if i < len(table.marks) else None
        cells = []
        for j, value in enumerate(row):
            style = S["td"]
            if j == len(row) - 1 and tone in TONE:
                style += f";color:{TONE[tone]};font-weight:600"
            cells.append(f'<td style="{style}">{_e(value)}</td>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<table role="presentation" style="{S["table"]}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _chart(chart: Chart) -> str:
    return f'<img src="{data_uri(chart.png)}" alt="{_e(chart.alt)}" width="604" style="{S["img"]}">'


def _kpis(kpis: list[Kpi]) -> str:
    rows = "".join(
        f'<tr><td style="{S["kpi_label"]}">{_e(k.label)}</td>'
        f'<td style="{S["kpi_value"]}">{_e(k.value)}</td>'
        f'<td style="{S["kpi_change"]}">{_e(k.change)}</td></tr>'
        for k in kpis
    )
    return f'<table role="presentation" style="{S["table"]}">{rows}</table>'


def _section(section: Section) -> str:
    parts = [f'<h2 id="{_e(section.key)}" style="{S["h2"]}">{_e(section.title)}</h2>']
    parts += [f'<p style="{S["p"]}">{_e(p)}</p>' for p in section.paragraphs]
    if section.bullets:
        items = "".join(f'<li style="{S["li"]}">{_e(b)}</li>' for b in section.bullets)
        parts.append(f'<ul style="{S["ul"]}">{items}</ul>')
    parts += [_chart(c) for c in section.charts]
    parts += [_table(t) for t in section.tables]
    if section.source:
        parts.append(f'<p style="{S["src"]}">Source: {_e(section.source)}</p>')
    return "".join(parts)


def render_html(content: ReportContent) -> str:
    """The complete HTML document (``<!doctype html>``, viewport meta, inline styles, no scripts)."""
    body = (
        f'<h1 style="{S["h1"]}">{_e(content.title)}</h1>'
        f'<p style="{S["sub"]}">{_e(content.subtitle)}</p>'
        + _kpis(content.kpis)
        + f'<p style="{S["src"]}">Change against the previous period of the same length. '
        "Spend includes creative, platform and agency costs. "
        "Source: fct_campaign_performance, stg_marketing__cost_lines</p>"
        + "".join(f'<p style="{S["note"]}" role="note">{_e(n)}</p>' for n in content.notes)
        + "".join(_section(s) for s in content.sections)
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(content.title)}</title></head>"
        f'<body style="{S["body"]}">'
        f'<table role="presentation" style="{S["outer"]}"><tr><td align="center" style="padding:12px 8px">'
        f'<table role="presentation" style="{S["card"]}"><tr><td style="{S["cell"]}">{body}</td></tr></table>'
        "</td></tr></table></body></html>"
    )


def render_text(content: ReportContent) -> str:
    """The plain-text alternative of the email (headline figures and every section's sentences)."""
    lines = [content.title, content.subtitle, ""]
    lines += [f"{k.label}: {k.value} ({k.change})" for k in content.kpis]
    lines += [f"Note: {n}" for n in content.notes]
    for s in content.sections:
        lines += ["", s.title.upper(), *s.paragraphs, *(f"- {b}" for b in s.bullets)]
    return "\n".join(lines) + "\n"
