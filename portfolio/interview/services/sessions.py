"""A trainee's practice sessions: start, answer, rate, finish (and keep as a trace), progress.

Every write of ``InterviewSession`` and ``InterviewAnswer`` is here; views guard the session
with ``access.own_interview`` first. A session walks through ten steps (answer then rate each
of the five questions) and a summary; :func:`next_step` says where a session left halfway
resumes. Nothing is committed here: the views use ``flows.commit_or_explain``.

Kept as a trace, a session goes through the trace's one write path
(``trainee.services.create_trace``), tagged with the E2C competencies of its questions (the
trace records E2C competencies only; the CPS ids of the bank are shown on the questions).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portfolio.extensions import db
from portfolio.interview.bank import Question
from portfolio.interview.services.questions import bank, choose_questions
from portfolio.models import (
    InterviewAnswer,
    InterviewSession,
    InterviewStatus,
    RecordingKind,
    Role,
    TraceContext,
    User,
    utcnow,
)
from portfolio.models.interview import POSTURE_STEPS
from portfolio.services.audio import INTERVIEW_MAX_SECONDS
from portfolio.services.frameworks import DEFAULT_FRAMEWORK, framework
from portfolio.services.i18n import gettext as _
from portfolio.services.rome import TradeChoice, UnknownTrade, rome
from portfolio.services.text import TextRefused, clean_text
from portfolio.trainee.services.editing import create_trace
from portfolio.trainee.services.errors import RecordingRefused, TraceError
from portfolio.trainee.services.inputs import TraceData
from portfolio.trainee.services.recordings import store_recording

MAX_ANSWER = 5000
YES_NO = ("0", "1")


class InterviewError(ValueError):
    """A practice action refused; the message is a sentence for the trainee."""


@dataclass(frozen=True, slots=True)
class Step:
    """Where a session is: answering or rating question ``position``, or its summary."""

    kind: Literal["question", "grille", "bilan", "fini"]
    position: int = 0


@dataclass(frozen=True, slots=True)
class Ratings:
    """A self-rating as posted: the values are checked by :func:`rate_answer`."""

    clear: object
    example: object
    trade_named: object
    posture: object


@dataclass(frozen=True, slots=True)
class Progress:
    """The latest finished session, in figures: "3e entraînement : 4 exemples sur 5"."""

    number: int
    examples: int
    total: int


def open_session(trainee: User) -> InterviewSession | None:
    return db.session.scalar(
        select(InterviewSession).where(
            InterviewSession.trainee_id == trainee.id,
            InterviewSession.status == InterviewStatus.OPEN,
        )
    )


def sessions_of(trainee: User) -> list[InterviewSession]:
    """The trainee's sessions, newest first, with their answers (two queries)."""
    return list(
        db.session.scalars(
            select(InterviewSession)
            .where(InterviewSession.trainee_id == trainee.id)
            .options(selectinload(InterviewSession.answers))
            .order_by(InterviewSession.number.desc())
        )
    )


def _last_questions(trainee: User) -> list[str]:
    last = db.session.scalar(
        select(InterviewSession.id)
        .where(InterviewSession.trainee_id == trainee.id)
        .order_by(InterviewSession.number.desc())
        .limit(1)
    )
    if last is None:
        return []
    return list(
        db.session.scalars(
            select(InterviewAnswer.question_id).where(InterviewAnswer.session_id == last)
        )
    )


def start_session(
    trainee: User,
    choice: TradeChoice | None,
    rng: random.Random | None = None,
    *,
    question_ids: Sequence[str] = (),
) -> InterviewSession:
    """A new session of five questions for the trade ``choice``. Refused while one is open.

    ``question_ids`` (the demo) names the questions instead of drawing them.
    """
    if trainee.role is not Role.TRAINEE:
        raise InterviewError(_("Seul un stagiaire peut s'entraîner."))
    if choice is None:
        raise InterviewError(_("Choisissez le métier visé dans la liste."))
    try:
        choice = rome().choose(choice.code, choice.job_title)
    except UnknownTrade as err:
        raise InterviewError(str(err)) from None
    if open_session(trainee) is not None:
        raise InterviewError(
            _("Vous avez déjà un entraînement en cours. Reprenez-le ou arrêtez-le d'abord.")
        )
    sheet = rome().sheet(choice.code)
    assert sheet is not None  # choose() checked it
    questions = [q for q in (bank().get(i) for i in question_ids) if q is not None] or (
        choose_questions(bank(), sheet.grand_domaine, _last_questions(trainee), rng)
    )
    number = db.session.scalar(
        select(func.coalesce(func.max(InterviewSession.number), 0)).where(
            InterviewSession.trainee_id == trainee.id
        )
    )
    session = InterviewSession(
        trainee_id=trainee.id,
        number=int(number or 0) + 1,
        rome_code=choice.code,
        job_title=choice.job_title,
        grand_domaine=sheet.grand_domaine,
        answers=[
            InterviewAnswer(position=n, question_id=q.id, text="") for n, q in enumerate(questions)
        ],
    )
    db.session.add(session)
    db.session.flush()
    return session


def question_of(answer: InterviewAnswer) -> Question:
    """The bank's question of an answer (a question since removed from the bank: a stub)."""
    found = bank().get(answer.question_id)
    if found is not None:
        return found
    gone = _("Question retirée de la banque.")
    return Question(answer.question_id, gone, gone, "", "", "", "", (), ())


def next_step(session: InterviewSession) -> Step:
    """The first step not done yet: what "Reprendre" opens."""
    if session.status is InterviewStatus.FINISHED:
        return Step("fini")
    for answer in session.answers:
        if answer.answered_at is None:
            return Step("question", answer.position)
        if answer.rated_at is None:
            return Step("grille", answer.position)
    return Step("bilan")


def answer_at(session: InterviewSession, position: object) -> InterviewAnswer:
    """The answer at ``position`` of the session; :class:`InterviewError` for any other value."""
    for answer in session.answers:
        if isinstance(position, int) and answer.position == position:
            return answer
    raise InterviewError(_("Cette question ne fait pas partie de l'entraînement."))


def _still_open(session: InterviewSession) -> None:
    if session.status is not InterviewStatus.OPEN:
        raise InterviewError(_("Cet entraînement est terminé : il ne peut plus changer."))


def save_answer(
    trainee: User,
    session: InterviewSession,
    position: object,
    question_id: object,
    text: object,
    voice: bytes | None = None,
) -> InterviewAnswer:
    """Keep the answer to question ``position`` (``question_id`` must be that question): typed,
    said aloud (``voice``: 5 minutes at most, through the audio pipeline), or both. A recording
    stands for the words, so the text may then stay empty."""
    _still_open(session)
    answer = answer_at(session, position)
    if question_id != answer.question_id:
        raise InterviewError(_("Cette question ne fait pas partie de l'entraînement."))
    has_voice = bool(voice) or answer.recording_id is not None
    try:
        cleaned = clean_text(text, limit=MAX_ANSWER, required=not has_voice)
    except TextRefused as refused:
        if refused.kind == "too_long":
            raise InterviewError(
                _("Votre réponse est trop longue : %(n)d caractères au plus.", n=MAX_ANSWER)
            ) from None
        raise InterviewError(
            _("Écrivez votre réponse, ou dites-la à voix haute, avant de continuer.")
        ) from None
    if voice:
        try:
            recording = store_recording(
                trainee, voice, INTERVIEW_MAX_SECONDS, kind=RecordingKind.INTERVIEW
            )
        except RecordingRefused as refused:
            raise InterviewError(str(refused)) from None
        answer.recording_id = recording.id
    answer.text = cleaned
    answer.answered_at = utcnow()
    db.session.flush()
    return answer


def _yes_no(value: object) -> int:
    if value not in YES_NO:
        raise InterviewError(_("Répondez oui ou non à chaque point de la grille."))
    return int(str(value))


def rate_answer(
    trainee: User, session: InterviewSession, position: object, ratings: Ratings
) -> InterviewAnswer:
    """Keep the trainee's self-rating of one answer (answered first)."""
    _still_open(session)
    answer = answer_at(session, position)
    if answer.answered_at is None:
        raise InterviewError(_("Répondez d'abord à la question."))
    values = [_yes_no(v) for v in (ratings.clear, ratings.example, ratings.trade_named)]
    if ratings.posture not in tuple(str(n) for n in range(1, POSTURE_STEPS + 1)):
        raise InterviewError(_("Choisissez une des trois cases pour la posture."))
    answer.clear, answer.example, answer.trade_named = values
    answer.posture = int(str(ratings.posture))
    answer.rated_at = utcnow()
    db.session.flush()
    return answer


def trade_label(session: InterviewSession) -> str:
    return rome().label(session.rome_code, session.job_title)


def competency_ids(session: InterviewSession) -> list[str]:
    """The competencies the session's questions show (E2C and CPS), without repeats."""
    found: list[str] = []
    for answer in session.answers:
        found.extend(question_of(answer).competencies)
    return list(dict.fromkeys(found))


def _trace_data(session: InterviewSession) -> TraceData:
    fw = framework(DEFAULT_FRAMEWORK)
    parts = [
        _("Entraînement à l'entretien pour le métier : %(trade)s.", trade=trade_label(session))
    ]
    for answer in session.answers:
        parts.append(f"{question_of(answer).text}\n{answer.text}")
    return TraceData(
        title=_("Entraînement à l'entretien n° %(n)d", n=session.number),
        body="\n\n".join(parts),
        context=TraceContext.WORKSHOP,
        competency_ids=[cid for cid in competency_ids(session) if fw.get(cid) is not None],
    )


def finish_session(trainee: User, session: InterviewSession, keep: object) -> InterviewSession:
    """Close the session; with ``keep`` ("1"), keep it as a trace of the portfolio."""
    _still_open(session)
    if next_step(session).kind != "bilan":
        raise InterviewError(_("Répondez à toutes les questions et remplissez la grille d'abord."))
    if keep not in YES_NO:
        raise InterviewError(_("Dites si vous gardez cet entraînement dans votre portfolio."))
    if keep == "1":
        try:
            session.trace = create_trace(trainee, _trace_data(session))
        except TraceError as err:
            raise InterviewError(str(err)) from None
    session.status = InterviewStatus.FINISHED
    session.finished_at = utcnow()
    db.session.flush()
    return session


def abandon_session(trainee: User, session: InterviewSession) -> None:
    """Drop an open session and its answers (a finished one stays)."""
    _still_open(session)
    db.session.delete(session)
    db.session.flush()


def progress(trainee: User) -> Progress | None:
    """The latest finished session's count of answers with an example (one query)."""
    row = db.session.execute(
        select(
            InterviewSession.number,
            func.count(InterviewAnswer.id),
            func.coalesce(func.sum(InterviewAnswer.example), 0),
        )
        .join(InterviewAnswer, InterviewAnswer.session_id == InterviewSession.id)
        .where(
            InterviewSession.trainee_id == trainee.id,
            InterviewSession.status == InterviewStatus.FINISHED,
        )
        .group_by(InterviewSession.id, InterviewSession.number)
        .order_by(InterviewSession.number.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    number, total, examples = row
    return Progress(number=int(number), examples=int(examples), total=int(total))
