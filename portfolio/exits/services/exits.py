"""Recording the end of a trainee's path: the one write path of ``TraineeExit``.

A referent who follows the trainee records the exit (date, what the young person goes to, the
trade where there is one, a short comment), for one trainee or for several at once; a second
record for the same trainee corrects the first. Several at once is all or nothing: one trainee
the referent does not follow and nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from sqlalchemy import select

from portfolio.extensions import db
from portfolio.followup.services.contacts import plan_contacts
from portfolio.models import ExitOutcome, TraineeExit, User, utcnow
from portfolio.services.access import followed_trainees_query
from portfolio.services.i18n import N_
from portfolio.services.i18n import gettext as _
from portfolio.services.rome import TradeChoice, UnknownTrade
from portfolio.services.rules import ReferentError, check_follows, clean_text, parse_ids
from portfolio.trades.services import parse_pick

MAX_COMMENT: Final = 1000
MAX_AT_ONCE: Final = 200
EARLIEST: Final = date(2000, 1, 1)

OUTCOME_LABELS: Final = {
    ExitOutcome.CDI: N_("Emploi en CDI"),
    ExitOutcome.CDD: N_("Emploi en CDD"),
    ExitOutcome.INTERIM: N_("Intérim"),
    ExitOutcome.ALTERNANCE: N_("Alternance (apprentissage ou contrat pro)"),
    ExitOutcome.TRAINING: N_("Formation qualifiante"),
    ExitOutcome.BUSINESS: N_("Création d'activité"),
    ExitOutcome.NONE: N_("Sans solution pour l'instant"),
    ExitOutcome.OTHER: N_("Autre"),
}


def outcome_label(outcome: ExitOutcome | str) -> str:
    try:
        return _(OUTCOME_LABELS[ExitOutcome(outcome)])
    except ValueError:
        return str(outcome)


@dataclass(frozen=True)
class ExitInput:
    left_on: object
    outcome: object
    trade: TradeChoice | str | None = None  # a pick of the trade picker, or nothing
    comment: object = ""


@dataclass(frozen=True)
class _Checked:
    left_on: date
    outcome: ExitOutcome
    trade: TradeChoice | None
    comment: str


def record_exit(referent: User, trainee: User, data: ExitInput) -> TraineeExit:
    """Record (or correct) one trainee's exit. Raises :class:`ReferentError`."""
    check_follows(referent, trainee)
    return _write(referent, trainee, _check(data))


def record_exits(
    referent: User, trainee_ids: Sequence[object], data: ExitInput
) -> list[TraineeExit]:
    """The same exit for several trainees the referent follows, all or nothing."""
    ids = parse_ids(trainee_ids, _("Stagiaires"))
    if not ids:
        raise ReferentError(_("Cochez au moins un stagiaire."))
    if len(ids) > MAX_AT_ONCE:
        raise ReferentError(_("%(n)d stagiaires au plus à la fois.", n=MAX_AT_ONCE))
    followed = {
        u.id: u
        for u in db.session.scalars(followed_trainees_query(referent).where(User.id.in_(ids)))
    }
    if len(followed) != len(ids):
        raise ReferentError(_("Un des stagiaires cochés ne fait pas partie de vos stagiaires."))
    checked = _check(data)
    return [_write(referent, followed[i], checked) for i in ids]


def exit_of(trainee: User) -> TraineeExit | None:
    return db.session.scalar(select(TraineeExit).where(TraineeExit.trainee_id == trainee.id))


def exited_among(trainee_ids: Sequence[int]) -> set[int]:
    """Which of these trainees have an exit recorded (one query, for a list of trainees)."""
    if not trainee_ids:
        return set()
    return set(
        db.session.scalars(
            select(TraineeExit.trainee_id).where(TraineeExit.trainee_id.in_(trainee_ids))
        )
    )


def _check(data: ExitInput) -> _Checked:
    left_on = data.left_on
    if not isinstance(left_on, date):
        raise ReferentError(_("La date de sortie doit être une date."))
    if left_on > utcnow().date() + timedelta(days=1):
        raise ReferentError(_("La date de sortie ne peut pas être dans le futur."))
    if left_on < EARLIEST:
        raise ReferentError(_("La date de sortie est trop ancienne."))
    try:
        outcome = ExitOutcome(data.outcome) if isinstance(data.outcome, str) else None
    except ValueError:
        outcome = None
    if outcome is None:
        raise ReferentError(_("Choisissez ce que fait le jeune après l'école dans la liste."))
    trade = None
    if data.trade:
        try:
            trade = parse_pick(data.trade)
        except UnknownTrade as err:
            raise ReferentError(str(err)) from None
    comment = clean_text(data.comment, _("Commentaire"), limit=MAX_COMMENT)
    return _Checked(left_on, outcome, trade, comment)


def _write(referent: User, trainee: User, data: _Checked) -> TraineeExit:
    row = exit_of(trainee)
    if row is None:
        row = TraineeExit(trainee_id=trainee.id)
        db.session.add(row)
    else:
        row.updated_at = utcnow()
    row.left_on = data.left_on
    row.outcome = data.outcome
    row.rome_code = data.trade.code if data.trade else None
    row.job_title = data.trade.job_title if data.trade else None
    row.comment = data.comment
    row.recorded_by_id = referent.id
    db.session.flush()
    plan_contacts(row, trainee)  # the year after: contacts at the site's months
    return row
