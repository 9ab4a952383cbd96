"""Builders for the conversation tests: PDFs of every kind (sound, encrypted, truncated...)."""

from __future__ import annotations

import io

from pypdf import PdfWriter
from pypdf.actions import JavaScript

from portfolio.conversations.services import Upload
from portfolio.demo.conversations import simple_pdf


def pdf_bytes(text: str = "Planning de la semaine") -> bytes:
    return simple_pdf([text])


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_javascript() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_open_action(JavaScript("app.alert('coucou');"))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def truncated_pdf() -> bytes:
    data = pdf_bytes()
    return data[: len(data) // 2]


HTML_AS_PDF = Upload("cv.pdf", b"<html><body><script>alert(document.cookie)</script></body></html>")
