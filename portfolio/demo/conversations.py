"""Demo conversations: Léa and Claire write to each other (a photo, a PDF), and Claire's
message to all her trainees, each in their own thread. Words written by us."""

from __future__ import annotations

import io

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from portfolio.conversations.services import Upload, post_message, send_to_group, start_conversation
from portfolio.demo.traces import _picture
from portfolio.models import Role, Site, User


def simple_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a few lines of text (Helvetica, Latin-1), built with pypdf."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    text = b"BT /F1 16 Tf 60 780 Td 22 TL "
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        text += b"(" + escaped.encode("latin-1", "replace") + b") Tj T* "
    stream = DecodedStreamObject()
    stream.set_data(text + b"ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def seed(site: Site, users: dict[str, User]) -> None:
    """The caller commits. Accounts missing from ``users`` are skipped."""
    referent, lea = users.get("referente"), users.get("lea")
    if referent is None or lea is None or referent.role is not Role.REFERENT:
        return
    planning = simple_pdf(
        [
            "Semaine du stage - planning",
            "Lundi : atelier CV, 9 h - 12 h",
            "Mardi : visite de la boulangerie, 14 h",
            "Jeudi : point avec Claire, 10 h",
        ]
    )
    thread = start_conversation(
        referent,
        lea,
        "Ton stage à la boulangerie",
        "Bonjour Léa, voici le planning de la semaine. Dis-moi si un horaire ne va pas.",
        [Upload("planning-semaine.pdf", planning)],
    )
    post_message(
        lea,
        thread,
        "Merci ! Mardi c'est bon. Voici la photo de mon plan de travail.",
        [Upload("plan-de-travail.jpg", _picture((196, 150, 90)))],
    )
    trainees = [u.id for u in users.values() if u.role is Role.TRAINEE]
    send_to_group(
        referent,
        trainees,
        "Atelier CV jeudi",
        "Bonjour à tous, jeudi à 10 h on fait l'atelier CV. Pensez à apporter une clé USB.",
    )
