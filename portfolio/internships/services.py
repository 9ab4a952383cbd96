"""Internships, the tutor's single-use link and the tutor's assessment.

The tutor has no account: the referent creates a link that works once, for a limited time;
only the token's hash is stored. The tutor's levels join the tutor stream through the one
write path of assessments (:func:`portfolio.services.assessments.record_assessment`).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.orm import selectinload

from portfolio.extensions import db
from portfolio.models import (
    Assessment,
    AssessmentSource,
    Internship,
    TutorLink,
    User,
    internship_assessment,
    utcnow,
)
from portfolio.services.assessments import AssessmentError, record_assessment
from portfolio.services.frameworks import DEFAULT_FRAMEWORK, framework
from portfolio.services.i18n import gettext as _
from portfolio.services.rome import TradeChoice, UnknownTrade
from portfolio.services.rules import (
    ReferentError,
    check_follows,
    clean_text,
    framework_or_error,
    parse_competency,
    parse_day,
    parse_level,
)
from portfolio.services.tokens import hash_token
from portfolio.trades.services import parse_pick, trade_words
from referentiel import Competency, Framework

# The tutor's link works until the end of the 7th day after the internship's last day (the
# tutor often answers in the week after), and never less than 7 days after it is made (a link
# made late still gives the tutor a week). Before: 14 days from creation, whatever the dates,
# so a link made at the start of a long internship was dead by its end.
TUTOR_LINK_DAYS_AFTER_END = 7
TUTOR_LINK_MIN_DAYS = 7
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class TutorLinkError(ReferentError):
    """The tutor's link cannot be used: unknown, already used, expired or replaced."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


# -- internships and the tutor's link ---------------------------------------------------


@dataclass(frozen=True)
class InternshipInput:
    company_name: str
    tutor_name: str
    tutor_email: str
    starts_on: date | None
    ends_on: date | None
    rome_code: TradeChoice | str  # a pick: "CODE:OGR", a sheet code, or a TradeChoice
    trade_label: str = ""  # empty: the words of the title picked
    competency_ids: tuple[object, ...] = ()
    framework_id: str = DEFAULT_FRAMEWORK


def create_internship(referent: User, trainee: User, data: InternshipInput) -> Internship:
    check_follows(referent, trainee)
    fw = framework_or_error(data.framework_id)
    email = clean_text(data.tutor_email, _("Email du tuteur"), required=True, limit=254)
    if not EMAIL_RE.match(email):
        raise ReferentError(_("L'email du tuteur n'est pas valable (exemple : nom@entreprise.fr)."))
    starts = parse_day(data.starts_on, _("Début du stage"))
    ends = parse_day(data.ends_on, _("Fin du stage"))
    if ends < starts:
        raise ReferentError(_("La fin du stage doit venir après son début."))
    try:
        trade = parse_pick(data.rome_code)
    except UnknownTrade as err:
        raise ReferentError(str(err)) from None
    label = clean_text(data.trade_label, _("Métier visé"), limit=200)
    competencies = list(
        dict.fromkeys(parse_competency(fw, c).id for c in data.competency_ids if c != "")
    )
    internship = Internship(
        trainee_id=trainee.id,
        created_by_id=referent.id,
        company_name=clean_text(data.company_name, _("Entreprise"), required=True, limit=200),
        tutor_name=clean_text(data.tutor_name, _("Nom du tuteur"), required=True, limit=200),
        tutor_email=email,
        starts_on=starts,
        ends_on=ends,
        rome_code=trade.code,
        job_title=trade.job_title,
        trade_label=label or trade_words(trade.code, trade.job_title),
        framework_id=fw.id,
        competency_ids=competencies,
    )
    db.session.add(internship)
    db.session.flush()
    return internship


def internships_of(trainee: User) -> list[Internship]:
    return list(
        db.session.scalars(
            select(Internship)
            .where(Internship.trainee_id == trainee.id)
            .options(selectinload(Internship.links), selectinload(Internship.assessments))
            .order_by(Internship.starts_on.desc(), Internship.id.desc())
        )
    )


def tutor_competencies(internship: Internship) -> list[Competency]:
    """What the tutor is asked about: the chosen competencies, else every active one."""
    fw = framework(internship.framework_id)
    chosen = [fw.get(c) for c in internship.competency_ids]
    found = [c for c in chosen if c is not None]
    return found or list(fw.active_competencies)


def tutor_link_expiry(internship: Internship, now: datetime) -> datetime:
    """When a tutor link made at ``now`` stops working (UTC, like ``utcnow()``).

    Valid through the whole day ``ends_on`` + 7 days, that is until the next midnight, and at
    least :data:`TUTOR_LINK_MIN_DAYS` days after ``now``.
    """
    last_day = internship.ends_on + timedelta(days=TUTOR_LINK_DAYS_AFTER_END)
    after_end = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=UTC)
    return max(after_end, now + timedelta(days=TUTOR_LINK_MIN_DAYS))


def create_tutor_link(referent: User, internship: Internship) -> tuple[TutorLink, str]:
    """A new single-use link for the tutor; earlier unused links stop working.

    Returns the link and its secret token, which is shown once and never stored. The link
    expires as :func:`tutor_link_expiry` says.
    """
    check_follows(referent, internship.trainee)
    now = utcnow()
    db.session.execute(
        update(TutorLink)
        .where(
            TutorLink.internship_id == internship.id,
            TutorLink.used_at.is_(None),
            TutorLink.revoked_at.is_(None),
        )
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    token = secrets.token_urlsafe(32)
    link = TutorLink(
        internship_id=internship.id,
        token_hash=hash_token(token),
        created_by_id=referent.id,
        expires_at=tutor_link_expiry(internship, now),
    )
    db.session.add(link)
    db.session.flush()
    db.session.expire(internship, ["links"])
    return link, token


def _link_problem(link: TutorLink | None) -> TutorLinkError | None:
    """Why a tutor link cannot be used, or None if it can."""
    if link is None:
        return TutorLinkError(
            "unknown",
            _(
                "Ce lien n'est pas valable. Vérifiez qu'il est complet, ou demandez un nouveau "
                "lien à l'école."
            ),
        )
    if link.used_at is not None:
        return TutorLinkError(
            "used",
            _(
                "Ce lien a déjà servi : votre évaluation est bien arrivée à l'école. Merci ! "
                "Pour la corriger, contactez le référent du stagiaire."
            ),
        )
    if link.revoked_at is not None:
        return TutorLinkError(
            "revoked",
            _("Ce lien a été remplacé par un lien plus récent. Utilisez le dernier lien reçu."),
        )
    if link.expires_at <= utcnow():
        return TutorLinkError(
            "expired",
            _(
                "Ce lien n'est plus valable depuis le %(date)s. Demandez un "
                "nouveau lien au référent du stagiaire.",
                date=link.expires_at.strftime("%d/%m/%Y"),
            ),
        )
    return None


def _link_problem_used() -> TutorLinkError:
    problem = _link_problem(TutorLink(used_at=utcnow()))
    assert problem is not None
    return problem


def find_tutor_link(token: object) -> TutorLink:
    """The link for this token, if it can still be used; else :class:`TutorLinkError`."""
    link = None
    if isinstance(token, str) and 20 <= len(token) <= 100:
        link = db.session.scalar(select(TutorLink).where(TutorLink.token_hash == hash_token(token)))
    problem = _link_problem(link)
    if problem is not None:
        raise problem
    assert link is not None
    return link


def submit_tutor_assessment(
    token: object,
    levels: Mapping[str, object],
    comments: Mapping[str, object] | None = None,
) -> list[Assessment]:
    """The tutor's levels join the tutor stream; the link is used up in the same transaction.

    Competencies left empty were not observed. The link is consumed by a conditional UPDATE,
    so two submissions racing with the same link cannot both be stored.
    """
    link = find_tutor_link(token)
    internship = link.internship
    fw = framework(internship.framework_id)
    chosen = _tutor_levels(internship, fw, levels, comments or {})
    now = utcnow()
    used = db.session.execute(
        update(TutorLink)
        .where(
            TutorLink.id == link.id,
            TutorLink.used_at.is_(None),
            TutorLink.revoked_at.is_(None),
            TutorLink.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(used, "rowcount", 0) != 1:
        db.session.refresh(link)
        raise _link_problem(link) or _link_problem_used()
    try:
        created = [
            record_assessment(
                AssessmentSource.TUTOR,
                internship.trainee,
                None,
                competency.id,
                level,
                fw.version,
                framework_id=fw.id,
                comment=comment,
                author_label=internship.tutor_name,
                at=now,
            )
            for competency, level, comment in chosen
        ]
    except AssessmentError as err:
        raise ReferentError(str(err)) from None
    db.session.execute(
        insert(internship_assessment),
        [{"internship_id": internship.id, "assessment_id": a.id} for a in created],
    )
    db.session.expire(link)
    return created


def _tutor_levels(
    internship: Internship,
    fw: Framework,
    levels: Mapping[str, object],
    comments: Mapping[str, object],
) -> list[tuple[Competency, int, str]]:
    """The competencies the tutor gave a level to, with the level and the comment."""
    chosen: list[tuple[Competency, int, str]] = []
    for competency in tutor_competencies(internship):
        raw = levels.get(competency.id)
        if raw in (None, ""):
            continue
        try:
            level = parse_level(fw, raw)
        except ReferentError as err:
            raise ReferentError(
                _("« %(competency)s » : %(error)s", competency=competency.label, error=err)
            ) from None
        comment = clean_text(
            comments.get(competency.id),
            _("Commentaire sur « %(competency)s »", competency=competency.label),
        )
        chosen.append((competency, level, comment))
    if not chosen:
        raise ReferentError(_("Donnez un niveau à au moins une compétence que vous avez observée."))
    return chosen
