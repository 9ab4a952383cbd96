"""A trainee with something in nearly every room (traces with photos and a recording, a
published showcase and its consent, a company's contact, a note, levels, an internship, a
conversation with a PDF, reads kept in the audit, an exit, a final attestation and its
badges), and a second trainee of the same referent who must keep everything."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from audio.samples import wav
from builders_company import confirm_level, make_contact, make_partner, publish_trainee
from builders_conversations import pdf_bytes
from builders_referent import COMP_A, make_note
from builders_traces import make_trace

from builders import make_user
from portfolio.conversations.services.files import Upload
from portfolio.conversations.services.messages import start_conversation
from portfolio.exits.services import attestations as aca
from portfolio.exits.services.exits import ExitInput, record_exit
from portfolio.extensions import db
from portfolio.models import Attestation, ReadKind, Role, User
from portfolio.privacy.services.rectification import ask_rectification
from portfolio.services.ledger import record_read
from portfolio.trainee.services.recordings import store_recording


@dataclass
class World:
    trainee: User
    other: User
    referent: User
    admin: User
    attestation: Attestation


def _finalize(referent: User, trainee: User, left_on: date) -> Attestation:
    record_exit(referent, trainee, ExitInput(left_on=left_on, outcome="cdi", trade="D1106"))
    draft = aca.prepare(referent, trainee)
    aca.review(trainee, draft, agreed=True, comment="")
    aca.finalize(referent, draft)
    db.session.commit()
    return draft


@pytest.fixture
def world(app: Any) -> World:
    published = publish_trainee(email="jade@example.fr")
    trainee, referent = published.trainee, published.referent
    referent.email = "claire@example.fr"
    site = trainee.site
    assert site is not None
    site.director_name = "Hélène Garnier"
    confirm_level(trainee, referent, COMP_A, 3)
    note = make_note(referent, trainee, trace=published.traces[0])
    store_recording(trainee, wav(1.0), 60, trace=published.traces[0])
    start_conversation(
        trainee,
        trainee,
        "Mon planning",
        "Voici mon planning.",
        [Upload("planning.pdf", pdf_bytes())],
    )
    partner = make_partner(site)
    make_contact(partner, published.showcase)
    record_read(referent, trainee.id, ReadKind.NOTE, note.id)
    attestation = _finalize(referent, trainee, date.today() - timedelta(days=700))
    other = make_user(Role.TRAINEE, site=site, referent=referent)
    make_trace(other, title="La trace d'un autre", photos=1)
    admin = make_user(Role.ADMIN, site=site)
    ask_rectification(trainee, "Mon nom s'écrit Léa, pas Lea.")
    db.session.commit()
    return World(trainee, other, referent, admin, attestation)
