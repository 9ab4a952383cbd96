"""Handing the tutor their link: the address, its QR code and a ready-made e-mail.

No mail is sent by the server: a ``mailto:`` link opens the referent's own mail program with
the message written, so the referent checks it and sends it from their address (the tutor
knows it). The QR code is drawn by segno (already used for the showcase's private links) as
inline SVG: it stays sharp when zoomed and needs no image request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

import segno
from flask_babel import format_date
from markupsafe import Markup, escape

from portfolio.models import Internship, User
from portfolio.services.i18n import gettext as _

_ONE_SECOND = timedelta(seconds=1)


@dataclass(frozen=True)
class TutorLinkShare:
    url: str
    expires: str  # the last day the link works, in words
    qr_svg: Markup
    mailto: str


def share_tutor_link(
    internship: Internship, referent: User, url: str, expires_at: datetime
) -> TutorLinkShare:
    """What the referent needs to pass ``url`` on to the internship's tutor."""
    last_day = format_date((expires_at - _ONE_SECOND).date(), "long")
    return TutorLinkShare(
        url=url,
        expires=last_day,
        qr_svg=_qr_svg(url, _("QR code du lien pour le tuteur")),
        mailto=_mailto(internship, referent, url, last_day),
    )


def _qr_svg(url: str, label: str) -> Markup:
    svg = segno.make(url, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")
    # segno's output is its own markup; the label is escaped before it goes in.
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))  # noqa: S704


def _mailto(internship: Internship, referent: User, url: str, last_day: str) -> str:
    subject = _("Votre avis sur le stage de %(name)s", name=internship.trainee.full_name)
    body = _(
        "Bonjour %(tutor)s,\n\n"
        "%(name)s a fait son stage chez vous. Pouvez-vous nous dire ce que vous avez vu ? "
        "Cela prend quelques minutes, sans créer de compte :\n\n%(url)s\n\n"
        "Le lien marche une seule fois, jusqu'au %(date)s.\n\nMerci,\n%(referent)s",
        tutor=internship.tutor_name,
        name=internship.trainee.full_name,
        url=url,
        date=last_day,
        referent=referent.full_name,
    )
    return f"mailto:{quote(internship.tutor_email, safe='@')}?subject={quote(subject)}&body={quote(body)}"
