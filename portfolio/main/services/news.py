"""What is new for a person: "Nouveau pour vous" on the trainee's home, "Nouveau" for a referent.

News are read from the records they are about (a shared note, a reply, a company's message,
a bilan, an offer), never copied into a table of their own: there is nothing to keep in step
and nothing is told twice. What the reader has seen is stored (``NewsMark``, ``NewsSeen``):
an item is new when it is younger than the moment the person last opened the whole list and
was not opened since on its own. Each kind reads its latest rows only (``PER_SOURCE``) within
``WINDOW`` days, all kinds in one UNION ALL with the names each line needs joined and the seen
state worked out in SQL: the home pays one query for the list (plus the project and the open
offers of the site for a trainee), whatever the number of items or the history.

Rejected: the existing ``Notification`` rows ("Avis"). They are written by some features only
(companies, showcases), a referent's note or a bilan never wrote one, and back-filling them
would have meant one more write in every room. "Avis" keeps its page; this list reads both
sides of the same records.

Sessions coming (ateliers, rendez-vous) are not in the product yet: a source is one more
branch in ``_trainee_branches`` (a ``_branch`` SELECT), a kind in ``NewsKind`` and its line in
``_LINES``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import (
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    false,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import aliased

from portfolio.company.services.offers import new_offers_in_trade
from portfolio.database import read
from portfolio.extensions import db
from portfolio.models import (
    Company,
    ContactMessage,
    ContactRequest,
    Conversation,
    ConversationMessage,
    ConversationRead,
    ExplicitationNote,
    NewsKind,
    NewsMark,
    NewsSeen,
    NoteReply,
    NoteVisibility,
    Review,
    Role,
    User,
    utcnow,
)
from portfolio.models.base import UTCDateTime
from portfolio.services import access
from portfolio.services.i18n import N_
from portfolio.services.i18n import gettext as _

WINDOW: Final = timedelta(days=60)
PER_SOURCE: Final = 20
HOME_LIMIT: Final = 5


@dataclass(frozen=True)
class NewsItem:
    kind: NewsKind
    record_id: int
    at: datetime
    text: str
    trainee_id: int  # the trainee it is about (the reader, for a trainee)
    new: bool = True


# -- the sources: one SELECT per kind, all read by one UNION ALL -----------------------------
#
# Each branch gives the same columns: the kind, the record, its moment, the names its line
# needs (joined, so the list costs the same whatever its length), the trainee it is about,
# a flag (the trainee left a word on the bilan) and whether its record says it is unread;
# the union adds whether the reader has seen it.

_Author = aliased(User, name="news_author")


def _branch(kind: NewsKind, record: Any, at: Any, trainee_id: Any, **columns: Any) -> Select[Any]:
    """One kind's rows. ``unread``: false for a row its own record already tells is read (a
    message before the thread's read point); whether the reader has seen it is worked out
    once for the whole list (:func:`_union`)."""
    # Constants written into the statement, not bound: fewer parameters to send per page.
    return select(
        literal_column(f"'{kind.value}'", String).label("kind"),
        record.label("record_id"),
        at.label("at"),
        columns.get("first", null()).label("first"),
        columns.get("last", null()).label("last"),
        columns.get("company", null()).label("company"),
        trainee_id.label("trainee_id"),
        columns.get("flag", false()).label("flag"),
        columns.get("unread", true()).label("unread"),
    )


def _trainee_branches() -> list[Select[Any]]:
    """The trainee's sources, with the reader (``user_id``) and ``since`` as bind parameters:
    built once (``_TRAINEE_NEWS``), so a home page pays neither building nor compiling."""
    user = me = bindparam("user_id", type_=Integer)
    since = bindparam("since", type_=UTCDateTime())
    note, reply = ExplicitationNote, NoteReply
    shared = (note.trainee_id == user, note.visibility == NoteVisibility.SHARED)
    return [
        _branch(NewsKind.NOTE, note.id, note.created_at, me, first=_Author.first_name)
        .join(_Author, _Author.id == note.author_id)
        .where(*shared, note.created_at >= since)
        .order_by(note.created_at.desc()),
        _branch(NewsKind.NOTE_REPLY, reply.id, reply.created_at, me, first=_Author.first_name)
        .join(note, note.id == reply.note_id)
        .join(_Author, _Author.id == reply.author_id)
        .where(*shared, reply.author_id != user, reply.created_at >= since)
        .order_by(reply.created_at.desc()),
        _branch(
            NewsKind.CONTACT,
            ContactRequest.id,
            ContactRequest.created_at,
            me,
            company=Company.name,
        )
        .join(Company, Company.id == ContactRequest.company_id)
        .where(ContactRequest.trainee_id == user, ContactRequest.created_at >= since)
        .order_by(ContactRequest.created_at.desc()),
        _branch(
            NewsKind.CONTACT_MESSAGE,
            ContactMessage.id,
            ContactMessage.created_at,
            me,
            company=Company.name,
        )
        .join(ContactRequest, ContactRequest.id == ContactMessage.contact_id)
        .join(Company, Company.id == ContactRequest.company_id)
        .where(
            ContactRequest.trainee_id == user,
            ContactMessage.author_id != user,
            ContactMessage.created_at >= since,
        )
        .order_by(ContactMessage.created_at.desc()),
        _message_branch(user, since, me, first=_Author.first_name)
        .join(Conversation, Conversation.id == ConversationMessage.conversation_id)
        .join(_Author, _Author.id == ConversationMessage.author_id)
        .where(Conversation.trainee_id == user, ConversationMessage.author_id != user),
        _branch(NewsKind.REVIEW, Review.id, Review.created_at, me)
        .where(Review.trainee_id == user, Review.trainee_agreed_at.is_(None))
        .order_by(Review.created_at.desc()),
    ]


def _message_branch(user: Any, since: Any, trainee_id: Any, **names: Any) -> Select[Any]:
    """Messages of a conversation from the other side; new while not read in the thread
    either (its read point, ``ConversationRead``), so reading the thread is enough."""
    message = ConversationMessage
    read_point = (
        select(ConversationRead.last_read_message_id)
        .where(
            ConversationRead.conversation_id == message.conversation_id,
            ConversationRead.user_id == user,
        )
        .scalar_subquery()
    )
    unread = message.id > func.coalesce(read_point, 0)
    return (
        _branch(
            NewsKind.MESSAGE,
            message.id,
            message.created_at,
            trainee_id,
            unread=unread,
            **names,
        )
        .where(message.created_at >= since)
        .order_by(message.created_at.desc())
    )


def _referent_branches() -> list[Select[Any]]:
    """What the trainees the reader follows did: a reply to a note, an answer to a bilan, a
    company's contact. The reader (``access.followed_params``) and ``since`` are bind
    parameters: built once (``_REFERENT_NEWS``)."""
    reader = bindparam("user_id", type_=Integer)
    since = bindparam("since", type_=UTCDateTime())
    # Read once for the four kinds (the statement written four times was most of its text),
    # with the names each line needs: the trainees' rows are read there anyway (their role and
    # site are checked), so no kind reads them again.
    followed = access.FOLLOWED_IDS.add_columns(User.first_name, User.last_name).cte("followed")
    reply = NoteReply
    names = {"first": followed.c.first_name, "last": followed.c.last_name}
    agreed = Review.trainee_agreed_at
    return [
        _branch(NewsKind.NOTE_REPLY, reply.id, reply.created_at, reply.author_id, **names)
        # Found from the trainees' recent replies (their author index), not from every note
        # they ever received: the notes of a long path are hundreds a caseload. A trainee
        # answers only their own notes (``reply_to_note``), so the author is the trainee the
        # line is about: the notes need not be read (joined, a plan made for the request's
        # values looked each one up among all the trainee's notes).
        .join(followed, followed.c.id == reply.author_id)
        .where(reply.created_at >= since)
        .order_by(reply.created_at.desc()),
        _branch(
            NewsKind.REVIEW_ANSWER,
            Review.id,
            agreed,
            Review.trainee_id,
            flag=Review.trainee_comment.is_not(None) & (Review.trainee_comment != ""),
            **names,
        )
        .join(followed, followed.c.id == Review.trainee_id)
        .where(agreed.is_not(None), agreed >= since)
        .order_by(agreed.desc()),
        # The trainees' recent messages, found from their author index: a trainee writes in
        # their own threads only (``access.conversation_party``), so the threads need not be
        # read (joined, each followed trainee's threads were looked up, then their messages).
        _message_branch(reader, since, ConversationMessage.author_id, **names).join(
            followed, followed.c.id == ConversationMessage.author_id
        ),
        _branch(
            NewsKind.CONTACT,
            ContactRequest.id,
            ContactRequest.created_at,
            ContactRequest.trainee_id,
            company=Company.name,
            **names,
        )
        .join(Company, Company.id == ContactRequest.company_id)
        .join(followed, followed.c.id == ContactRequest.trainee_id)
        .where(ContactRequest.created_at >= since)
        .order_by(ContactRequest.created_at.desc()),
    ]


# Each line of the list, per (kind, read by a trainee, flag): marked here, translated at most
# once per list (a referent's list has up to eighty lines), then given its names.
_LINES: Final = {
    (NewsKind.NOTE, True, False): N_("%(name)s a écrit une note pour vous."),
    (NewsKind.NOTE_REPLY, True, False): N_("%(name)s vous a répondu."),
    (NewsKind.NOTE_REPLY, False, False): N_("%(name)s a répondu à une note."),
    (NewsKind.CONTACT, True, False): N_("%(company)s voudrait vous rencontrer."),
    (NewsKind.CONTACT, False, False): N_("%(company)s a écrit à %(name)s."),
    (NewsKind.CONTACT_MESSAGE, True, False): N_("Message de %(company)s."),
    (NewsKind.REVIEW, True, False): N_("Un bilan attend votre accord."),
    (NewsKind.MESSAGE, True, False): N_("%(name)s vous a écrit."),
    (NewsKind.MESSAGE, False, False): N_("%(name)s vous a écrit."),
    (NewsKind.REVIEW_ANSWER, False, False): N_("%(name)s a donné son accord au bilan."),
    (NewsKind.REVIEW_ANSWER, False, True): N_("%(name)s a donné son accord au bilan, avec un mot."),
}


class _Lines(dict[tuple[NewsKind, bool], str]):
    """The reader's lines in their language, (kind, flag) -> text with its placeholders: each
    translated the first time the list needs it (most lists hold two or three kinds)."""

    def __init__(self, for_trainee: bool) -> None:
        super().__init__()
        self.for_trainee = for_trainee

    def __missing__(self, key: tuple[NewsKind, bool]) -> str:
        kind, flag = key
        line = self[key] = _(_LINES[(kind, self.for_trainee, flag)])
        return line


def _offers_for_project(
    user: User, since: datetime, trades: Sequence[str] | None
) -> list[NewsItem]:
    """Open offers of the site in the trade of the trainee's project (its ROME families). The
    seen state is read only when there is an offer; the offers only when the project names a
    trade (none can be "the same trade" otherwise). ``trades``: the project's ROME codes if
    the caller has them."""
    matches = new_offers_in_trade(user, since, trades)
    if not matches:
        return []
    mark = seen_up_to(user)
    opened = set(
        db.session.scalars(
            select(NewsSeen.record_id).where(
                NewsSeen.user_id == user.id, NewsSeen.kind == NewsKind.OFFER
            )
        )
    )
    items = []
    for match in matches[:PER_SOURCE]:
        offer = match.offer
        new = (mark is None or offer.created_at > mark) and offer.id not in opened
        text = _("Une offre pour votre projet : %(title)s.", title=offer.title)
        items.append(NewsItem(NewsKind.OFFER, offer.id, offer.created_at, text, user.id, new))
    return items


def _union(branches: list[Select[Any]]) -> Any:
    """The kinds' latest rows, each flagged ``fresh`` if the reader has not seen it: younger
    than the moment they last opened the whole list (``NewsMark``), not opened on its own
    since (``NewsSeen``) and not marked read by its record.

    The seen state is worked out once here, not in each branch: the statement is half as
    long, and psycopg keeps its parsed form only for statements under 4 kB (a longer one is
    parsed again on every page that lists news)."""
    reader = bindparam("user_id", type_=Integer)
    rows = union_all(
        *[select(branch.limit(PER_SOURCE).subquery()) for branch in branches]
    ).subquery("news")
    mark = select(NewsMark.seen_up_to).where(NewsMark.user_id == reader).scalar_subquery()
    opened = (
        select(NewsSeen.id)
        .where(
            NewsSeen.user_id == reader,
            NewsSeen.kind == rows.c.kind,
            NewsSeen.record_id == rows.c.record_id,
        )
        .exists()
    )
    fresh = and_(rows.c.unread, ~opened, or_(mark.is_(None), rows.c.at > mark))
    return select(
        *[column for column in rows.c if column.key != "unread"],
        case((fresh, literal(True)), else_=literal(False)).label("fresh"),
    )


_TRAINEE_NEWS: Final = _union(_trainee_branches())
_REFERENT_NEWS: Final = _union(_referent_branches())


# -- reading and marking ---------------------------------------------------------------------


def news_for(user: User, trades: Sequence[str] | None = None) -> list[NewsItem]:
    """Everything of the last ``WINDOW`` days the person is told of, newest first, each
    flagged new or seen. One query for the records (plus the project and the open offers
    for a trainee), whatever the number of items. ``trades``: a trainee's project's ROME
    codes, when the caller has read them (the home, with the path's facts): not read again."""
    since = utcnow() - WINDOW
    for_trainee = user.role is Role.TRAINEE
    if for_trainee:
        rows = read(_TRAINEE_NEWS, {"user_id": user.id, "since": since}).all()
    elif user.role is Role.REFERENT:
        rows = read(_REFERENT_NEWS, {**access.followed_params(user), "since": since}).all()
    else:
        return []
    items = _items(rows, _Lines(for_trainee))
    if for_trainee:
        items.extend(_offers_for_project(user, since, trades))
    # Newest first; NewsKind is a StrEnum, so kinds compare by their value.
    return sorted(items, key=lambda i: (i.at, i.kind, i.record_id), reverse=True)


_KINDS: Final = {kind.value: kind for kind in NewsKind}


def _items(rows: Sequence[Any], lines: _Lines) -> list[NewsItem]:
    """The list's items, each with its line. A referent's list has up to eighty rows: each row
    is unpacked once (not read column by column by name) and its kind found in a dict."""
    items = []
    for kind_value, record_id, at, first, last, company, trainee_id, flag, fresh in rows:
        kind = _KINDS[kind_value]
        line = lines[(kind, kind is NewsKind.REVIEW_ANSWER and bool(flag))]
        name = f"{first or ''} {last or ''}".strip()
        text = line % {"name": name, "company": company}
        items.append(NewsItem(kind, record_id, _as_datetime(at), text, trainee_id, bool(fresh)))
    return items


def _as_datetime(value: Any) -> datetime:
    """SQLite hands a UNION's timestamps back as text."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def seen_up_to(user: User) -> datetime | None:
    mark = db.session.get(NewsMark, user.id)
    return mark.seen_up_to if mark else None


def new_items(
    user: User, limit: int | None = HOME_LIMIT, trades: Sequence[str] | None = None
) -> tuple[list[NewsItem], int]:
    """The newest unseen items (at most ``limit``) and how many are unseen in all
    (``trades``: as for :func:`news_for`)."""
    fresh = [item for item in news_for(user, trades) if item.new]
    return (fresh if limit is None else fresh[:limit]), len(fresh)


def mark_all_seen(user: User) -> None:
    """The person opened the whole list: everything up to now is seen."""
    mark = db.session.get(NewsMark, user.id)
    now = utcnow()
    if mark is None:
        db.session.add(NewsMark(user_id=user.id, seen_up_to=now))
    else:
        mark.seen_up_to = max(mark.seen_up_to, now)
    db.session.execute(
        NewsSeen.__table__.delete().where(NewsSeen.user_id == user.id)  # type: ignore[attr-defined]
    )
    db.session.flush()


def mark_seen(user: User, kind_name: str, record_id: int) -> object:
    """The person opened one item: it is no longer new. Returns the record it is about.

    Raises ``NotFound`` (through the guard) for an item the person is not told of.
    """
    record = access.told_news(user, kind_name, record_id)
    kind = NewsKind(kind_name)
    already = db.session.scalar(
        select(NewsSeen.id).where(
            NewsSeen.user_id == user.id, NewsSeen.kind == kind, NewsSeen.record_id == record_id
        )
    )
    if already is None:
        db.session.add(NewsSeen(user_id=user.id, kind=kind, record_id=record_id))
        db.session.flush()
    return record
