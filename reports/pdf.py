"""The PDF of the report: the email's own HTML printed by WeasyPrint (same content, A4 pages)."""

from __future__ import annotations

CSS = """
@page { size: A4; margin: 12mm 10mm; }
body { background: #ffffff !important; }
h2 { break-after: avoid; }
img, table { break-inside: avoid; }
"""


def render_pdf(page_html: str) -> bytes:
    """PDF bytes of ``page_html`` (images are ``data:`` URIs, so nothing is fetched)."""
    from weasyprint import CSS as WeasyCSS
    from weasyprint import HTML

    return HTML(string=page_html).write_pdf(stylesheets=[WeasyCSS(string=CSS)])
