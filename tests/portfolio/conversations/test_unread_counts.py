"""A referent's unread messages, read as a subtraction of two kept counts (the trainee's
messages on the thread, those a read point covers), are exactly the messages counted one by
one past the read point: through any order of writing and reading, on new threads, group
messages and a colleague's cover, and once the migration has filled the counts of old rows."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from builders_referent import team
from sqlalchemy import and_, func, select, text

from builders import make_user
from dbtools import throwaway_database
from portfolio.conversations import services as svc
from portfolio.extensions import db
from portfolio.models import (
    Conversation,
    ConversationMessage,
    ConversationRead,
    Handover,
    Role,
    User,
    utcnow,
)
from portfolio.services import access

BEFORE = "de8f90a1b2c4"  # the revision before the kept counts


def _counted_one_by_one(referent: User) -> dict[int, int]:
    """The former reading: per followed trainee, their messages past the referent's point."""
    point = func.coalesce(ConversationRead.last_read_message_id, 0)
    rows = db.session.execute(
        select(Conversation.trainee_id, func.count(ConversationMessage.id))
        .join(ConversationMessage, ConversationMessage.conversation_id == Conversation.id)
        .outerjoin(
            ConversationRead,
            and_(
                ConversationRead.conversation_id == Conversation.id,
                ConversationRead.user_id == referent.id,
            ),
        )
        .where(
            Conversation.trainee_id.in_(access.FOLLOWED_IDS),
            ConversationMessage.author_id == Conversation.trainee_id,
            ConversationMessage.id > point,
        )
        .group_by(Conversation.trainee_id),
        access.followed_params(referent),
    ).all()
    return {trainee_id: n for trainee_id, n in rows if n}


def test_the_kept_counts_give_the_messages_past_each_read_point(app: Any) -> None:
    site, referent, first = team()
    second = make_user(Role.TRAINEE, site=site, referent=referent)
    colleague = make_user(Role.REFERENT, site=site)
    own = make_user(Role.TRAINEE, site=site, referent=colleague)
    today = utcnow().date()
    db.session.add(  # the colleague covers the referent: both read the same threads
        Handover(
            from_referent_id=referent.id,
            to_referent_id=colleague.id,
            starts_on=today - timedelta(days=1),
            ends_on=today + timedelta(days=5),
        )
    )
    db.session.commit()
    staff, trainees = [referent, colleague], [first, second, own]
    threads: dict[int, list[Conversation]] = {t.id: [] for t in trainees}
    rng = random.Random(17)
    seen_unread = 0
    for step in range(120):
        trainee = rng.choice(trainees)
        reader = rng.choice([r for r in staff if access.can_see_trainee(r, trainee)])
        mine = threads[trainee.id]
        roll = rng.random()
        if not mine or roll < 0.1:
            author = rng.choice([trainee, reader])
            mine.append(svc.start_conversation(author, trainee, f"Sujet {step}", "Bonjour"))
        elif roll < 0.5:
            svc.post_message(trainee, rng.choice(mine), f"Message {step}")
        elif roll < 0.65:
            svc.post_message(reader, rng.choice(mine), f"Réponse {step}")
        elif roll < 0.7:
            svc.send_to_group(referent, [first.id, second.id], f"Groupe {step}", "À tous")
            for t in (first, second):  # the group message's new threads
                threads[t.id] = list(
                    db.session.scalars(select(Conversation).where(Conversation.trainee_id == t.id))
                )
        elif roll < 0.9:
            svc.mark_read(reader, rng.choice(mine))
        else:
            svc.mark_read(trainee, rng.choice(mine))  # the trainee's point moves nothing here
        db.session.commit()
        for person in staff:
            expected = _counted_one_by_one(person)
            assert svc.unread_by_trainee(person) == expected, step
            assert svc.unread_count(person) == sum(expected.values()), step
            rows = svc.threads_for(person)  # the list of threads agrees with the menu
            assert sum(row.unread for row in rows) == sum(expected.values()), step
            seen_unread = max(seen_unread, sum(expected.values()))
    assert seen_unread >= 3  # the walk did leave messages unread (else it proves nothing)


def test_a_message_read_then_answered_leaves_nothing_unread(app: Any) -> None:
    _site, referent, trainee = team()
    thread = svc.start_conversation(trainee, trainee, "Mon stage", "Bonjour")
    svc.post_message(trainee, thread, "Vous êtes là ?")
    db.session.commit()
    assert svc.unread_count(referent) == 2
    svc.post_message(referent, thread, "Oui, je suis là.")  # answering reads the thread
    db.session.commit()
    assert svc.unread_count(referent) == 0
    assert thread.trainee_messages == 2


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    yield from throwaway_database(tmp_path, "unread_counts_migration")


def test_the_migration_counts_the_messages_of_older_threads(url: str) -> None:
    from flask_migrate import downgrade, upgrade

    from portfolio import create_app
    from portfolio.demo import seed_demo

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    with app.app_context():
        upgrade()
        seed_demo()
        db.session.commit()
        referents = db.session.scalars(select(User).where(User.role == Role.REFERENT)).all()
        before = {r.id: _counted_one_by_one(r) for r in referents}
        assert any(before.values())  # the demo has unread messages to count
        db.session.remove()
        downgrade(revision=BEFORE)  # yesterday's schema: no counts, the same messages
        with db.engine.begin() as conn:  # and rows written by yesterday's code
            referent_id, trainee_id, thread_id = _write_old_rows(conn)
        upgrade()
        referents = db.session.scalars(select(User).where(User.role == Role.REFERENT)).all()
        for referent in referents:
            expected = _counted_one_by_one(referent)
            assert svc.unread_by_trainee(referent) == expected
            assert expected == before[referent.id] or referent.id == referent_id
        assert svc.unread_by_trainee(db.session.get(User, referent_id))[trainee_id] >= 2
        seen = select(ConversationRead.trainee_messages_seen).where(
            ConversationRead.conversation_id == thread_id,
            ConversationRead.user_id == referent_id,
        )
        assert db.session.scalar(seen) >= 1  # the point covers the first new message
        db.session.remove()


def _write_old_rows(conn: Any) -> tuple[int, int, int]:
    """Three messages of a trainee in their first thread, their referent's read point on the
    first one: (referent, trainee, thread)."""
    thread_id, trainee_id = conn.execute(
        text("SELECT id, trainee_id FROM conversation ORDER BY id LIMIT 1")
    ).one()
    referent_id = conn.execute(
        text(
            "SELECT referent_id FROM referent_assignment WHERE trainee_id = :t AND ended_at IS NULL"
        ),
        {"t": trainee_id},
    ).scalar_one()
    written = [
        conn.execute(
            text(
                "INSERT INTO conversation_message (conversation_id, author_id, body, created_at)"
                " VALUES (:c, :a, 'Encore moi', :at) RETURNING id"
            ),
            {"c": thread_id, "a": trainee_id, "at": utcnow()},
        ).scalar_one()
        for _ in range(3)
    ]
    conn.execute(
        text("DELETE FROM conversation_read WHERE conversation_id = :c AND user_id = :u"),
        {"c": thread_id, "u": referent_id},
    )
    conn.execute(
        text(
            "INSERT INTO conversation_read (conversation_id, user_id, last_read_message_id,"
            " read_at) VALUES (:c, :u, :m, :at)"
        ),
        {"c": thread_id, "u": referent_id, "m": written[0], "at": utcnow()},
    )
    return referent_id, trainee_id, thread_id
