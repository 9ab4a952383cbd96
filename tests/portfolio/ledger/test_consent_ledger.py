"""The showcase's consent ledger: one row per publish, change of scope, expiry and withdrawal,
append-only, shown to the trainee as "Historique de mon accord"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from builders_company import publish_trainee
from sqlalchemy import select

from builders import login, page_text
from portfolio.extensions import db
from portfolio.models import ConsentAction, ConsentEvent, Showcase, utcnow
from portfolio.showcase import services as showcase_service


def _ledger(trainee_id: int) -> list[ConsentEvent]:
    return list(
        db.session.scalars(
            select(ConsentEvent)
            .where(ConsentEvent.trainee_id == trainee_id)
            .order_by(ConsentEvent.id)
        )
    )


def test_publish_change_and_withdrawal_each_keep_a_row_the_trainee_reads(app):
    world = publish_trainee()
    trainee, first = world.trainee, world.traces[0]
    showcase_service.save_showcase(
        trainee,
        showcase_service.ShowcaseContent(
            presentation="Je cherche une alternance.",
            trace_ids=[first.id],
            photo_ids=[],
            competency_ids=[],
            level_ids=[],
            network_wide=True,
        ),
    )
    db.session.commit()
    showcase_service.unpublish(trainee)
    db.session.commit()

    rows = _ledger(trainee.id)
    assert [r.action for r in rows] == [
        ConsentAction.PUBLISH,
        ConsentAction.SCOPE,
        ConsentAction.WITHDRAW,
    ]
    assert all(r.actor_id == trainee.id for r in rows)
    assert rows[0].consent_version == showcase_service.CONSENT_VERSION
    assert rows[0].scope["traces"] == [t.id for t in world.traces]
    assert rows[0].scope["network_wide"] is False
    assert rows[1].scope["traces"] == [first.id]
    assert rows[1].scope["network_wide"] is True

    client = app.test_client()
    login(client, trainee)
    text = page_text(client.get("/vitrine/"))
    assert "Historique de mon accord" in text
    assert "Vous avez mis votre vitrine en ligne" in text
    assert "Vous avez changé ce que montre votre vitrine" in text
    assert "Votre vitrine a été retirée" in text
    assert "visible par les entreprises de tout le réseau" in text
    assert f"version {showcase_service.CONSENT_VERSION}" in text


def test_a_draft_change_is_not_a_change_of_consent():
    world = publish_trainee(publish=False)
    assert _ledger(world.trainee.id) == []


def test_expiry_is_kept_once_when_the_trainee_opens_the_showcase(app):
    world = publish_trainee()
    showcase = db.session.get(Showcase, world.showcase.id)
    assert showcase is not None
    showcase.expires_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    client = app.test_client()
    login(client, world.trainee)
    assert client.get("/vitrine/").status_code == 200
    assert client.get("/vitrine/").status_code == 200
    db.session.expire_all()
    actions = [r.action for r in _ledger(world.trainee.id)]
    assert actions == [ConsentAction.PUBLISH, ConsentAction.EXPIRY]
    text = page_text(client.get("/vitrine/"))
    assert "Votre vitrine a été retirée : la date de fin est passée" in text


def test_a_refusal_is_a_withdrawal_by_the_referent():
    world = publish_trainee()
    showcase = db.session.get(Showcase, world.showcase.id)
    assert showcase is not None
    showcase.approval = showcase.approval.PENDING
    db.session.commit()
    showcase_service.approve_or_refuse(
        world.referent, showcase, approve=False, note="Ajoutez une photo de votre atelier."
    )
    db.session.commit()
    last = _ledger(world.trainee.id)[-1]
    assert last.action is ConsentAction.WITHDRAW
    assert last.actor_id == world.referent.id


def test_the_ledger_is_append_only():
    world = publish_trainee()
    row = _ledger(world.trainee.id)[0]
    row.consent_version = "1999-1"
    with pytest.raises(ValueError, match="append-only"):
        db.session.flush()
    db.session.rollback()
