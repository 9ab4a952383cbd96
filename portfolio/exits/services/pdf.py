"""The attestation as a PDF: one HTML template drawn by WeasyPrint as a tagged PDF (PDF/UA-1).

Why WeasyPrint: the same Jinja template as the web pages, and a tagged PDF (headings, lists,
tables in the structure tree, the document's language and title) that screen readers follow
and whose text can be copied; the DejaVu Sans typeface shipped in ``portfolio/exits/fonts`` is
embedded, so the PDF looks the same everywhere. The PDF is drawn on demand from the frozen
statement (``Attestation.content``): nothing to keep in storage, nothing that can drift.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import segno
from flask import render_template
from flask_babel import force_locale
from markupsafe import Markup

from portfolio.models import Attestation, AttestationStatus

FONTS: Final = Path(__file__).resolve().parent.parent / "fonts"


def qr_svg(url: str) -> Markup:
    """The verification address as a QR code (segno's own SVG markup)."""
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff")
    return Markup(svg)  # noqa: S704 - segno's markup, no user text in it


def render_pdf(attestation: Attestation, verify_url: str) -> bytes:
    """The attestation's PDF (a draft says so on every page)."""
    from weasyprint import HTML  # imported here: it takes a moment, and only this page needs it

    with force_locale("fr"):  # an attestation is a French document, whoever downloads it
        html = render_template(
            "exits/attestation_pdf.html",
            attestation=attestation,
            c=attestation.content,
            draft=attestation.status is AttestationStatus.DRAFT,
            verify_url=verify_url,
            qr=qr_svg(verify_url),
        )
    document = HTML(string=html, base_url=str(FONTS) + "/")
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf
