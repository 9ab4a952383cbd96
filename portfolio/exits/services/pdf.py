"""The attestation as a PDF: one HTML template drawn by WeasyPrint as a tagged PDF (PDF/UA-1).

Why WeasyPrint: the same Jinja template as the web pages, and a tagged PDF (headings, lists,
tables in the structure tree, the document's language and title) that screen readers follow
and whose text can be copied; the DejaVu Sans typeface shipped in ``portfolio/exits/fonts`` is
embedded, so the PDF looks the same everywhere. The PDF is drawn on demand from the frozen
statement (``Attestation.content``): nothing to keep in storage, nothing that can drift.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import segno
from flask import render_template
from flask_babel import force_locale

from portfolio.models import Attestation, AttestationStatus

FONTS: Final = Path(__file__).resolve().parent.parent / "fonts"


def qr_image(url: str) -> str:
    """The verification address as a QR code: a PNG data address for an ``<img>`` with its
    text alternative (a figure of a tagged PDF needs one)."""
    return str(segno.make(url, error="m").png_data_uri(scale=4, border=2))


def weasyprint_html() -> type[Any]:
    """WeasyPrint's ``HTML`` class, imported on first use (it takes a moment).

    WeasyPrint sets Pillow's process-wide ``ImageFile.LOAD_TRUNCATED_IMAGES`` to True when it
    is imported; left so, every photo decoded afterwards in the process would accept a
    truncated or broken JPEG that the photo pipeline must refuse. We put it back: our PDFs only
    draw images we made ourselves (QR codes, re-encoded photos)."""
    from PIL import ImageFile
    from weasyprint import HTML

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return HTML  # type: ignore[no-any-return]


def render_pdf(attestation: Attestation, verify_url: str) -> bytes:
    """The attestation's PDF (a draft says so on every page)."""
    HTML = weasyprint_html()

    with force_locale("fr"):  # an attestation is a French document, whoever downloads it
        html = render_template(
            "exits/attestation_pdf.html",
            attestation=attestation,
            c=attestation.content,
            draft=attestation.status is AttestationStatus.DRAFT,
            verify_url=verify_url,
            qr=qr_image(verify_url),
        )
    document = HTML(string=html, base_url=str(FONTS) + "/")
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf
