"""Conversations (/messages): a trainee and their referent(s) write to each other.

Views are thin: form -> service -> flash -> redirect. Who may open a thread or a file is
decided by ``access.party_conversation`` / ``party_attachment`` (404 otherwise): the trainee,
their referent, a colleague during a hand-over only; never an admin or a company.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response as WResponse

from portfolio.conversations import services as svc
from portfolio.conversations.forms import GroupForm, NewThreadForm, ReplyForm
from portfolio.database import records_reading
from portfolio.extensions import db
from portfolio.flows import commit_or_explain
from portfolio.main.views import add_nav
from portfolio.models import Conversation, Role, User
from portfolio.security import roles_required
from portfolio.services import access
from portfolio.services.accounts import current_referent
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import ngettext
from portfolio.showcase.notices import CountedLabel

bp = Blueprint("conversations", __name__, template_folder="templates")

MESSAGES_LABEL = CountedLabel(
    lambda: _("Messages"),
    lambda n: ngettext("Messages (%(num)d non lu)", "Messages (%(num)d non lus)", n),
    svc.unread_count,
    svc.unread_count_query,
)
add_nav(Role.TRAINEE, "conversations.inbox", MESSAGES_LABEL)
add_nav(Role.REFERENT, "conversations.inbox", MESSAGES_LABEL)

PARTIES = (Role.TRAINEE, Role.REFERENT)
MAX_READ_BYTES = 16 * 1024 * 1024  # a file bigger than any we accept is not read at all


def _me() -> User:
    user: User = current_user
    return user


def _uploads() -> list[svc.Upload]:
    """The files really chosen (browsers send an empty part when none is)."""
    chosen: list[FileStorage] = [
        f
        for name in ("files", "voice")  # the voice message (recorder.js) has its own input
        for f in request.files.getlist(name)
        if f.filename or f.content_length
    ]
    return [svc.Upload(f.filename or "", f.stream.read(MAX_READ_BYTES + 1)) for f in chosen]


def _thread_url(conversation: Conversation) -> str:
    return url_for("conversations.thread", conversation_id=conversation.id)


@bp.route("/messages")
@roles_required(*PARTIES)
def inbox() -> str:
    me = _me()
    referent = current_referent(me) if me.role is Role.TRAINEE else None
    return render_template("conversations/inbox.html", rows=svc.threads_for(me), referent=referent)


@bp.route("/messages/nouveau", methods=["GET", "POST"])
@roles_required(*PARTIES)
def new() -> WResponse | str:
    me = _me()
    if me.role is Role.REFERENT:
        return _new_group(me)
    form = NewThreadForm()
    referent = current_referent(me)
    if form.validate_on_submit():
        done = commit_or_explain(
            lambda: svc.start_conversation(me, me, form.subject.data, form.body.data, _uploads()),
            refused=svc.MessageRefused,
            done=_("Message envoyé."),
            then=_thread_url,
        )
        if done is not None:
            return done
    return render_template("conversations/new.html", form=form, referent=referent)


def _new_group(me: User) -> WResponse | str:
    form = GroupForm()
    trainees = list(db.session.scalars(access.followed_trainees_query(me)))
    form.trainees.choices = [(t.id, t.full_name) for t in trainees]
    wanted: int = request.args.get("stagiaire", 0, type=int)
    if request.method == "GET" and wanted:
        form.trainees.data = [wanted]
    if form.validate_on_submit():
        ids = [t.id for t in trainees] if form.everyone.data else list(form.trainees.data or [])
        done = commit_or_explain(
            lambda: svc.send_to_group(me, ids, form.subject.data, form.body.data, _uploads()),
            refused=svc.MessageRefused,
            done=_("Message envoyé."),
            then=lambda threads: (
                _thread_url(threads[0]) if len(threads) == 1 else url_for("conversations.inbox")
            ),
        )
        if done is not None:
            return done
    return render_template("conversations/new_group.html", form=form, trainees=trainees)


@bp.route("/messages/<int:conversation_id>", methods=["GET"])
@records_reading
@roles_required(*PARTIES)
def thread(conversation_id: int) -> str:
    """One thread; opening it marks it read (the other side then sees "Lu")."""
    me = _me()
    conversation = access.party_conversation(me, conversation_id)
    svc.mark_read(me, conversation)
    db.session.commit()
    return _thread_page(conversation, ReplyForm())


def _thread_page(conversation: Conversation, form: ReplyForm) -> str:
    me = _me()
    return render_template(
        "conversations/thread.html",
        conversation=conversation,
        messages=svc.thread_messages(conversation),
        read_up_to=svc.other_side_read_up_to(me, conversation),
        form=form,
    )


@bp.route("/messages/<int:conversation_id>", methods=["POST"])
@roles_required(*PARTIES)
def reply(conversation_id: int) -> WResponse | str:
    me = _me()
    conversation = access.party_conversation(me, conversation_id)
    form = ReplyForm()
    if form.validate_on_submit():
        done = commit_or_explain(
            lambda: svc.post_message(me, conversation, form.body.data, _uploads()),
            refused=svc.MessageRefused,
            done=_("Message envoyé."),
            then=_thread_url(conversation) + "#dernier",
        )
        if done is not None:
            return done
    return _thread_page(conversation, form)


@bp.route("/messages/pieces-jointes/<int:attachment_id>")
@roles_required(*PARTIES)
def attachment(attachment_id: int) -> WResponse:
    """A file of a message, for the parties only. Photos inline as JPEG; PDFs only as a
    download (never shown by the browser's viewer on our origin)."""
    return _file(attachment_id, thumbnail=False)


@bp.route("/messages/pieces-jointes/<int:attachment_id>/miniature")
@roles_required(*PARTIES)
def attachment_thumb(attachment_id: int) -> WResponse:
    return _file(attachment_id, thumbnail=True)


def _file(attachment_id: int, *, thumbnail: bool) -> WResponse:
    found = access.party_attachment(_me(), attachment_id)
    if thumbnail and found.thumb_key is None:
        abort(404)
    data = svc.read_attachment(found, thumbnail=thumbnail)
    if data is None:
        abort(404)
    is_pdf = found.kind.value == "pdf"
    types = {"pdf": "application/pdf", "audio": "audio/ogg", "photo": "image/jpeg"}
    response = WResponse(data, mimetype=types[found.kind.value])
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=3600"
    if is_pdf:
        response.headers.set("Content-Disposition", "attachment", filename=found.filename)
        response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    else:
        response.headers["Content-Disposition"] = "inline"
    return response
