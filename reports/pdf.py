"""The PDF of the report: the email's own HTML printed by WeasyPrint (same content, A4 pages)."""

from __future__ import annotations

CSS = """
@page { size: A4; margin: 12mm 10mm; }
body, table { background: #ffffff !important; }
h2 { break-after: avoid; }
tr, img { break-inside: avoid; }
img { width: 78% !important; margin-left: auto !important; margin-right: auto !important; }
"""


def render_pdf(page_html: str) -> bytes:
    """PDF bytes of ``page_html`` (images are ``data:`` URIs, so nothing is fetched)."""
    from weasyprint import CSS as WeasyCSS
    from weasyprint import HTML

    return HTML(string=page_html).write_pdf(stylesheets=[WeasyCSS(string=CSS)])
