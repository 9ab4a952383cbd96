"""What an attestation of acquired competencies (ACA) states, built once from the records.

The statement is plain JSON (it is stored in ``Attestation.content`` and drawn as the PDF, the
trainee's review page and the public verification page). It holds, for each competency of the
E2C framework the team confirmed (the referent's latest level, or a game level the referent
confirmed when there is no referent level), that level, its date and the evidence behind it:
traces and observations the referent cited, the internship tutors' levels and the game's
confirmed levels for the same competency; then the internships, the psychosocial
competencies (CPS) worked on, and who signs. Texts are in French (the attestation is a French
document); the framework's English labels ride along for the English pages.

Queries: a fixed number (seven), whatever the size of the portfolio.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import func, select

from portfolio.extensions import db
from portfolio.models import (
    Assessment,
    AssessmentSource,
    ExplicitationNote,
    Internship,
    ReferentAssignment,
    Trace,
    TraineeExit,
    User,
    assessment_note,
)
from portfolio.models.traces import assessment_trace
from portfolio.services.frameworks import DEFAULT_FRAMEWORK, frameworks
from referentiel import Framework, Indicator

SCHEMA_VERSION: Final = 1
CPS_FRAMEWORK: Final = "cps-spf2022"
MAX_EVIDENCE: Final = 5  # traces or observations named per competency (the rest are counted)

SITUATIONS: Final = {
    "trace": "Sur une trace",
    "workshop": "Atelier",
    "collective": "Projet collectif",
    "company_visit": "Visite d'entreprise",
    "internship": "Stage",
    "other": "Autre situation",
}


def build_statement(trainee: User, exit_: TraineeExit, referent: User) -> dict[str, Any]:
    """The statement of ``trainee``'s attestation, prepared by ``referent``."""
    fw = frameworks()[DEFAULT_FRAMEWORK]
    latest = _latest_rows(trainee.id)
    confirmed = {cid: row for cid, row in _confirmed(latest).items() if fw.get(cid) is not None}
    cited = _cited(row.id for row in confirmed.values())
    competencies = [
        _competency_entry(fw, row, cited, latest)
        for row in sorted(confirmed.values(), key=lambda r: _order(fw, r.competency_id))
    ]
    site = trainee.site
    return {
        "schema": SCHEMA_VERSION,
        "framework": {"id": fw.id, "version": fw.version, "title": fw.title},
        "trainee": {"first_name": trainee.first_name, "last_name": trainee.last_name},
        "site": {
            "name": site.name if site else "",
            "city": site.city if site else "",
            "director": site.director_name if site else "",
        },
        "referent": referent.full_name,
        "path": {
            "started_on": _started_on(trainee, exit_.left_on).isoformat(),
            "left_on": exit_.left_on.isoformat(),
        },
        "levels": [
            {"code": lv.code, "label": lv.label, "label_en": lv.label_en or lv.label}
            for lv in fw.levels
            if lv.code > 0
        ],
        "competencies": competencies,
        "internships": _internships(trainee.id),
        "cps": _cps(fw, [c["id"] for c in competencies], latest),
    }


def _latest_rows(trainee_id: int) -> dict[tuple[str, str, AssessmentSource], list[Assessment]]:
    """Every non-self assessment, grouped by (framework, competency, source), newest first."""
    rows = db.session.scalars(
        select(Assessment)
        .where(Assessment.trainee_id == trainee_id, Assessment.source != AssessmentSource.SELF)
        .order_by(Assessment.id.desc())
    )
    grouped: dict[tuple[str, str, AssessmentSource], list[Assessment]] = defaultdict(list)
    for row in rows:
        grouped[(row.framework_id, row.competency_id, row.source)].append(row)
    return grouped


def _confirmed(
    latest: dict[tuple[str, str, AssessmentSource], list[Assessment]],
) -> dict[str, Assessment]:
    """Per E2C competency: the referent's latest level, else the latest confirmed game level."""
    found: dict[str, Assessment] = {}
    for source in (AssessmentSource.GAME, AssessmentSource.REFERENT):  # referent wins
        for (framework_id, cid, src), rows in latest.items():
            if framework_id == DEFAULT_FRAMEWORK and src is source:
                found[cid] = rows[0]
    return found


def _cited(assessment_ids: Iterable[int]) -> dict[int, dict[str, list[dict[str, str]]]]:
    """The traces and observations each assessment cites (two queries)."""
    ids = list(assessment_ids)
    cited: dict[int, dict[str, list[dict[str, str]]]] = defaultdict(
        lambda: {"traces": [], "observations": []}
    )
    if not ids:
        return cited
    traces = db.session.execute(
        select(assessment_trace.c.assessment_id, Trace.title, Trace.happened_on)
        .join(Trace, Trace.id == assessment_trace.c.trace_id)
        .where(assessment_trace.c.assessment_id.in_(ids))
        .order_by(Trace.happened_on.desc(), Trace.id.desc())
    )
    for assessment_id, title, happened_on in traces:
        cited[assessment_id]["traces"].append({"title": title, "date": _day(happened_on)})
    notes = db.session.execute(
        select(
            assessment_note.c.assessment_id,
            ExplicitationNote.situation_kind,
            ExplicitationNote.observed_on,
        )
        .join(ExplicitationNote, ExplicitationNote.id == assessment_note.c.note_id)
        .where(assessment_note.c.assessment_id.in_(ids))
        .order_by(ExplicitationNote.observed_on.desc(), ExplicitationNote.id.desc())
    )
    for assessment_id, kind, observed_on in notes:
        cited[assessment_id]["observations"].append(
            {"situation": SITUATIONS.get(str(kind), SITUATIONS["other"]), "date": _day(observed_on)}
        )
    return cited


def _competency_entry(
    fw: Framework,
    row: Assessment,
    cited: dict[int, dict[str, list[dict[str, str]]]],
    latest: dict[tuple[str, str, AssessmentSource], list[Assessment]],
) -> dict[str, Any]:
    competency = fw.competency(row.competency_id)
    domain = fw.domain_of(competency.id)
    level = fw.level(row.level)
    evidence = cited[row.id]
    tutors = latest.get((fw.id, competency.id, AssessmentSource.TUTOR), [])
    games = latest.get((fw.id, competency.id, AssessmentSource.GAME), [])
    return {
        "id": competency.id,
        "code": competency.code,
        "label": competency.label,
        "label_en": competency.label_en or competency.label,
        "short": competency.short or competency.label,
        "domain": domain.label,
        "domain_en": domain.label_en or domain.label,
        "indicators": [i.label for i in competency.indicators],
        "level": row.level,
        "level_label": level.label,
        "level_label_en": level.label_en or level.label,
        "date": _day(row.created_at),
        "by": "game" if row.source is AssessmentSource.GAME else "referent",
        "traces": evidence["traces"][:MAX_EVIDENCE],
        "traces_count": len(evidence["traces"]),
        "observations": evidence["observations"][:MAX_EVIDENCE],
        "observations_count": len(evidence["observations"]),
        "tutors": [
            {"name": t.author_label, "level": t.level, "date": _day(t.created_at)}
            for t in tutors[:MAX_EVIDENCE]
        ],
        "game": [{"level": g.level, "date": _day(g.created_at)} for g in games[:1]],
    }


def _internships(trainee_id: int) -> list[dict[str, str]]:
    rows = db.session.scalars(
        select(Internship)
        .where(Internship.trainee_id == trainee_id)
        .order_by(Internship.starts_on, Internship.id)
    )
    return [
        {
            "company": row.company_name,
            "trade": row.trade_label,
            "rome_code": row.rome_code,
            "starts_on": row.starts_on.isoformat(),
            "ends_on": row.ends_on.isoformat(),
        }
        for row in rows
    ]


def _cps(
    fw: Framework,
    competency_ids: list[str],
    latest: dict[tuple[str, str, AssessmentSource], list[Assessment]],
) -> list[dict[str, str]]:
    """The general CPS worked on: reached through the attested competencies' crosswalk, or
    assessed by the team in the CPS framework itself."""
    cps = frameworks().get(CPS_FRAMEWORK)
    if cps is None:
        return []
    wanted: dict[str, None] = {}
    for cid in competency_ids:
        competency = fw.get(cid)
        if competency is not None:
            for ref in competency.cps:
                wanted[_general(cps, ref)] = None
    for framework_id, cid, _source in latest:
        if framework_id == CPS_FRAMEWORK:
            wanted[_general(cps, cid)] = None
    general = [c for c in (cps.get(cid) for cid in wanted) if c is not None]
    general.sort(key=lambda c: _order(cps, c.id))
    return [
        {"id": c.id, "label": c.label, "label_en": c.label_en or c.label, "short": c.short or ""}
        for c in general
    ]


def _general(cps: Framework, element_id: str) -> str:
    """The general CPS of a specific one (an indicator), or the id itself."""
    element = cps.element(element_id)
    return element.competency_id if isinstance(element, Indicator) else element_id


def _started_on(trainee: User, left_on: date) -> date:
    """The start of the path: the first referent's assignment or the first trace, whichever
    came first (an account imported late has older traces), and never after the exit."""
    assigned = db.session.scalar(
        select(func.min(ReferentAssignment.started_at)).where(
            ReferentAssignment.trainee_id == trainee.id
        )
    )
    first_trace = db.session.scalar(
        select(func.min(Trace.happened_on)).where(Trace.trainee_id == trainee.id)
    )
    days = [d for d in ((assigned or trainee.created_at).date(), first_trace) if d is not None]
    return min([*days, left_on])


def _order(fw: Framework, competency_id: str) -> int:
    for index, competency in enumerate(fw.competencies):
        if competency.id == competency_id:
            return index
    return len(fw.competencies)


def _day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return (value.date() if isinstance(value, datetime) else value).isoformat()
