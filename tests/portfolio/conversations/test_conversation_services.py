"""The write path of conversations: what is sent, what is refused (and leaves nothing)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from audio import samples
from builders_conversations import (
    HTML_AS_PDF,
    encrypted_pdf,
    pdf_bytes,
    pdf_with_javascript,
    truncated_pdf,
)
from builders_referent import team
from builders_traces import jpeg_bytes, photo_files
from sqlalchemy import func, select

from builders import login, make_user
from portfolio.conversations import services as svc
from portfolio.conversations.services import Upload
from portfolio.extensions import db
from portfolio.models import (
    AttachmentKind,
    Conversation,
    ConversationMessage,
    Handover,
    MessageAttachment,
    Role,
    utcnow,
)
from portfolio.services import access
from portfolio.services.errors import NotFound


def _rows() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Conversation, ConversationMessage, MessageAttachment)
    }


def _refused(app: Any, call: Any, expected: str) -> None:
    before, files = _rows(), photo_files(app)
    with pytest.raises(svc.MessageRefused) as refused:
        call()
    db.session.rollback()
    assert expected in str(refused.value)
    assert _rows() == before
    assert photo_files(app) == files  # no file left behind


def test_a_trainee_writes_and_the_referent_answers_with_a_photo_and_a_pdf(app: Any) -> None:
    _site, referent, trainee = team()
    thread = svc.start_conversation(trainee, trainee, "Mon stage", "Je commence lundi ?")
    db.session.commit()
    message = svc.post_message(
        referent,
        thread,
        "Oui, voici le planning.",
        [Upload("planning.pdf", pdf_bytes()), Upload("IMG_0001.JPG", jpeg_bytes())],
    )
    db.session.commit()
    kinds = [a.kind for a in message.attachments]
    assert kinds == [AttachmentKind.PDF, AttachmentKind.PHOTO]
    pdf, photo = message.attachments
    assert pdf.filename == "planning.pdf" and pdf.content_type == "application/pdf"
    assert svc.read_attachment(pdf) == pdf_bytes()
    assert photo.content_type == "image/jpeg" and photo.thumb_key
    assert svc.read_attachment(photo, thumbnail=True) is not None
    assert [m.body for m in svc.thread_messages(thread)] == [
        "Je commence lundi ?",
        "Oui, voici le planning.",
    ]
    assert svc.on_message_posted(message) == [trainee.id]
    assert svc.on_message_posted(thread.messages[0]) == [referent.id]


def test_unread_counts_and_read_receipts(app: Any) -> None:
    _site, referent, trainee = team()
    thread = svc.start_conversation(referent, trainee, "Bonjour", "Comment ça va ?")
    db.session.commit()
    assert svc.unread_count(trainee) == 1 and svc.unread_count(referent) == 0
    assert svc.other_side_read_up_to(referent, thread) == 0  # no "Lu" yet
    svc.mark_read(trainee, thread)
    db.session.commit()
    assert svc.unread_count(trainee) == 0
    assert svc.other_side_read_up_to(referent, thread) == thread.messages[0].id  # "Lu"
    svc.post_message(trainee, thread, "Ça va, merci.")
    db.session.commit()
    assert svc.unread_by_trainee(referent) == {trainee.id: 1}
    assert svc.unread_count(referent) == 1


def test_a_group_message_opens_one_private_thread_per_trainee(app: Any) -> None:
    site, referent, first = team()
    second = make_user(Role.TRAINEE, site=site, referent=referent)
    threads = svc.send_to_group(
        referent, [first.id, second.id], "Atelier CV", "Jeudi 10 h", [Upload("a.pdf", pdf_bytes())]
    )
    db.session.commit()
    assert sorted(t.trainee_id for t in threads) == sorted([first.id, second.id])
    svc.post_message(first, threads[0], "Je viendrai.")
    db.session.commit()
    # the second trainee sees their own thread only, without the first one's answer
    assert [row.conversation.id for row in svc.threads_for(second)] == [threads[1].id]
    with pytest.raises(NotFound):
        access.party_conversation(second, threads[0].id)
    keys = {a.file_key for t in threads for a in t.messages[0].attachments}
    assert len(keys) == 1  # the PDF is stored once, named by each thread's message


def test_a_group_with_a_trainee_of_another_referent_sends_nothing(app: Any) -> None:
    site, referent, mine = team()
    _other_site, _other_referent, theirs = team(site)
    before = _rows()
    with pytest.raises(NotFound):
        svc.send_to_group(referent, [mine.id, theirs.id], "Sujet", "Texte")
    db.session.rollback()
    assert _rows() == before


@pytest.mark.parametrize(
    ("body", "uploads", "expected"),
    [
        ("", [], "Le message est vide"),
        ("   \n ", [], "Le message est vide"),
        ("x" * (svc.BODY_MAX + 1), [], "Le message est trop long"),
        (["pas", "un texte"], [], "Le message n'est pas un texte."),
        ("", [HTML_AS_PDF], "Ce fichier n'est pas un vrai PDF."),
        ("", [Upload("plan.pdf", truncated_pdf())], "Ce PDF est incomplet"),
        ("", [Upload("plan.pdf", encrypted_pdf())], "protégé par un mot de passe"),
        ("", [Upload("page.html", b"<html><script>x</script>")], "ni une photo, ni un PDF"),
        ("", [Upload("voix.webm", samples.video_mp4())], "Les vidéos ne sont pas acceptées"),
        ("", [Upload("voix.wav", samples.ten_hours_of_silence())], "trop long"),
        ("", [Upload("a.jpg", b"")], "Le fichier est vide"),
        ("", [Upload("a.jpg", jpeg_bytes())] * 4, "au plus 3 pièces jointes"),
        ("ok", [Upload("a.pdf", pdf_bytes()), HTML_AS_PDF], "Ce fichier n'est pas un vrai PDF."),
    ],
)
def test_bad_messages_are_refused_and_leave_nothing(
    app: Any, body: Any, uploads: list[Upload], expected: str
) -> None:
    _site, referent, trainee = team()
    thread = svc.start_conversation(trainee, trainee, "Sujet", "Bonjour")
    db.session.commit()
    _refused(app, lambda: svc.post_message(referent, thread, body, uploads), expected)


def test_a_voice_message_is_kept_as_ogg_opus_and_heard_by_the_parties_only(
    app: Any, client: Any
) -> None:
    _site, referent, trainee = team()
    thread = svc.start_conversation(
        trainee, trainee, "Ma question", "", [Upload("q.webm", samples.webm_opus(2.0, tags=True))]
    )
    db.session.commit()
    [attachment] = thread.messages[0].attachments
    assert attachment.kind.value == "audio" and attachment.content_type == "audio/ogg"
    login(client, referent)
    heard = client.get(f"/messages/pieces-jointes/{attachment.id}")
    assert heard.status_code == 200 and heard.mimetype == "audio/ogg"
    assert heard.data.startswith(b"OggS") and b"encoder" not in heard.data.lower()
    assert heard.headers["X-Content-Type-Options"] == "nosniff"
    page = client.get(f"/messages/{thread.id}").get_data(as_text=True)
    assert "<audio controls" in page
    stranger = app.test_client()
    login(stranger, make_user(Role.REFERENT, site=_site))
    assert stranger.get(f"/messages/pieces-jointes/{attachment.id}").status_code == 404


def test_a_pdf_over_the_size_limit_is_refused(app: Any) -> None:
    app.config["MESSAGE_PDF_MAX_BYTES"] = 1000
    _site, _referent, trainee = team()
    big = Upload("gros.pdf", pdf_bytes("x" * 50) + b"%" + b"0" * 2000 + b"\n%%EOF\n")
    _refused(
        app,
        lambda: svc.start_conversation(trainee, trainee, "Sujet", "", [big]),
        "Le PDF est trop lourd",
    )


def test_a_subject_is_needed_and_kept_short(app: Any) -> None:
    _site, _referent, trainee = team()
    _refused(
        app, lambda: svc.start_conversation(trainee, trainee, " ", "Bonjour"), "Écrivez un sujet"
    )
    _refused(
        app,
        lambda: svc.start_conversation(trainee, trainee, "s" * 121, "Bonjour"),
        "Le sujet est trop long",
    )


def test_a_pdf_with_javascript_is_kept_but_only_as_a_download(app: Any, client: Any) -> None:
    from builders import login

    _site, referent, trainee = team()
    thread = svc.start_conversation(
        trainee, trainee, "CV", "", [Upload("cv.pdf", pdf_with_javascript())]
    )
    db.session.commit()
    attachment = thread.messages[0].attachments[0]
    login(client, referent)
    response = client.get(f"/messages/pieces-jointes/{attachment.id}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "cv.pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_who_may_write_in_a_thread(app: Any) -> None:
    site, referent, trainee = team()
    thread = svc.start_conversation(trainee, trainee, "Sujet", "Bonjour")
    db.session.commit()
    other_trainee = make_user(Role.TRAINEE, site=site, referent=referent)
    _s, other_referent, _t = team(site)
    company = make_user(Role.COMPANY, site=site)
    admin = make_user(Role.ADMIN, site=site)
    for outsider in (other_trainee, other_referent, company, admin):
        with pytest.raises(NotFound):
            svc.post_message(outsider, thread, "Coucou")
        with pytest.raises(NotFound):
            access.party_conversation(outsider, thread.id)
        with pytest.raises(NotFound):
            svc.start_conversation(outsider, trainee, "Sujet", "Coucou")
    db.session.rollback()
    for made_up in (0, -1, 2**31, 99999):
        with pytest.raises(NotFound):
            access.party_conversation(trainee, made_up)


def test_a_covering_referent_sees_the_threads_during_the_hand_over_only(app: Any) -> None:
    site, referent, trainee = team()
    colleague = make_user(Role.REFERENT, site=site)
    thread = svc.start_conversation(trainee, trainee, "Sujet", "Bonjour")
    today = utcnow().date()
    handover = Handover(
        from_referent_id=referent.id,
        to_referent_id=colleague.id,
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=3),
    )
    db.session.add(handover)
    db.session.commit()
    assert access.party_conversation(colleague, thread.id) is thread
    assert svc.on_message_posted(thread.messages[0]) == sorted([referent.id, colleague.id])
    svc.post_message(colleague, thread, "Je remplace Claire cette semaine.")
    db.session.commit()

    handover.ends_on = today - timedelta(days=1)  # the hand-over is over
    db.session.commit()
    with pytest.raises(NotFound):
        access.party_conversation(colleague, thread.id)
    with pytest.raises(NotFound):
        svc.post_message(colleague, thread, "Encore moi")
    assert svc.threads_for(colleague) == []
    assert svc.on_message_posted(thread.messages[0]) == [referent.id]


def test_a_former_referent_loses_the_threads(app: Any) -> None:
    from portfolio.services import accounts

    site, referent, trainee = team()
    thread = svc.start_conversation(trainee, trainee, "Sujet", "Bonjour")
    successor = make_user(Role.REFERENT, site=site)
    accounts.assign_referent(trainee, successor)
    db.session.commit()
    with pytest.raises(NotFound):
        access.party_conversation(referent, thread.id)
    assert access.party_conversation(successor, thread.id) is thread  # history follows


def test_the_sweep_removes_orphan_message_files_only(app: Any, monkeypatch: Any) -> None:
    from datetime import UTC, datetime

    from portfolio.conversations.services import files
    from portfolio.storage import new_key
    from portfolio.trainee.services import photo_storage

    _site, _referent, trainee = team()
    thread = svc.start_conversation(
        trainee, trainee, "Sujet", "", [Upload("a.jpg", jpeg_bytes()), Upload("b.pdf", pdf_bytes())]
    )
    db.session.commit()
    kept = sorted(photo_files(app))
    orphan = new_key(prefix=files.PREFIX, suffix=".pdf")
    photo_storage().put(orphan, pdf_bytes())
    assert svc.cleanup_orphan_attachments(timedelta(hours=1)) == []  # too young yet
    later = datetime.now(UTC) + timedelta(hours=2)
    monkeypatch.setattr(files, "_now", lambda: later)
    assert svc.cleanup_orphan_attachments(timedelta(hours=1)) == [orphan]
    assert photo_files(app) == kept
    assert len(thread.messages[0].attachments) == 2


def test_the_rows_failing_after_the_files_leave_no_file(app: Any, monkeypatch: Any) -> None:
    from sqlalchemy.exc import OperationalError

    from portfolio.conversations.services import messages

    _site, _referent, trainee = team()
    thread = svc.start_conversation(trainee, trainee, "Sujet", "Bonjour")
    db.session.commit()
    before = photo_files(app)

    def broken(*args: object, **kwargs: object) -> None:
        raise OperationalError("INSERT INTO conversation_message", {}, Exception("gone"))

    monkeypatch.setattr(messages, "_post", broken)
    with pytest.raises(OperationalError):
        svc.post_message(trainee, thread, "", [Upload("a.jpg", jpeg_bytes())])
    db.session.rollback()
    assert photo_files(app) == before


def test_the_store_failing_on_the_second_file_leaves_nothing(app: Any, monkeypatch: Any) -> None:
    """The PDF is written, then the store goes away on the photo: both refused, none left."""
    from portfolio.conversations.services import files
    from portfolio.storage import StorageUnavailable
    from portfolio.trainee.services import photo_storage

    _site, _referent, trainee = team()
    thread = svc.start_conversation(trainee, trainee, "Sujet", "Bonjour")
    db.session.commit()
    real = photo_storage()
    puts: list[str] = []

    class FailingStore:
        def put(self, key: str, data: bytes) -> None:
            puts.append(key)
            if len(puts) == 2:
                raise StorageUnavailable("store went away")
            real.put(key, data)

        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

    monkeypatch.setattr(files, "photo_storage", lambda: FailingStore())
    uploads = [Upload("a.pdf", pdf_bytes()), Upload("b.jpg", jpeg_bytes())]
    _refused(
        app,
        lambda: svc.post_message(trainee, thread, "", uploads),
        "Les fichiers ne peuvent pas être enregistrés pour le moment.",
    )
    assert len(puts) == 2  # the PDF was written first, then removed
