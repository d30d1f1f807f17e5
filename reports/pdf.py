"""The PDF of the report: the email's own HTML printed by WeasyPrint (same content, A4 pages).

The bytes depend only on the HTML: WeasyPrint writes no creation date, and the one clock it
reaches -- fontTools stamps each embedded font subset's ``head.modified`` with the time, unless
``SOURCE_DATE_EPOCH`` is set -- is pinned while the PDF is written. So a replayed report run writes
the same file its first run attached to the email.
"""

from __future__ import annotations

import os
import threading

CSS = """
@page { size: A4; margin: 12mm 10mm; }
body, table { background: #ffffff !important; }
h2 { break-after: avoid; }
tr, img { break-inside: avoid; }
img { width: 78% !important; margin-left: auto !important; margin-right: auto !important; }
"""

#: the fonts' ``head.modified`` (seconds since 1970; a reproducible-builds convention)
FONT_TIMESTAMP = "0"
_PINNED = threading.Lock()


def render_pdf(page_html: str) -> bytes:
    """PDF bytes of ``page_html`` (images are ``data:`` URIs, so nothing is fetched)."""
    from weasyprint import CSS as WeasyCSS
    from weasyprint import HTML

    with _PINNED:
        saved = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = saved or FONT_TIMESTAMP
        try:
            return HTML(string=page_html).write_pdf(stylesheets=[WeasyCSS(string=CSS)])
        finally:
            if saved is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
