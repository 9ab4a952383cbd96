"""``portfolio.pdf`` of the export: one printable portfolio / CV page, drawn by WeasyPrint.

The same way as the attestation (``portfolio.exits.services.pdf``): a Jinja template, the
DejaVu Sans typeface embedded, a tagged PDF (PDF/UA-1) whose text a screen reader follows.
It shows the competencies the referent confirmed, the internships and the latest traces
(``RECENT_TRACES``: a page to hand over, not the whole portfolio, which is in the site).
"""

from __future__ import annotations

from typing import Any, Final

from flask import render_template

from portfolio.exits.services.pdf import FONTS, weasyprint_html

RECENT_TRACES: Final = 12


def portfolio_pdf(ctx: dict[str, Any]) -> bytes:
    HTML = weasyprint_html()

    traces = list(reversed(ctx["data"]["traces"]))[:RECENT_TRACES]
    html = render_template("export/portfolio_pdf.html", recent=traces, **ctx)
    pdf: bytes = HTML(string=html, base_url=str(FONTS) + "/").write_pdf(pdf_variant="pdf/ua-1")
    return pdf
