"""Competencies suggested for a new trace, from the words used and where it happened.

Small and deterministic (the same input gives the same list), so a trainee and the tests can
rely on it:

1. **Words.** The title and text are folded (no case, no accents) and cut into words of four
   letters or more, minus common French words ("avec", "pour", "faire"...). Each word is cut
   to its first five letters, a rough stem ("mesuré", "mesures" and "mesurer" all give
   "mesur"). Each active competency of the framework has the same stems taken from its short
   everyday label, its official label and its indicators. A stem found in the short label is
   worth 3 points, one found only in the official label or an indicator 1 point.
2. **Context.** Competencies the trainee already linked to traces of the same context
   ("atelier", "stage"...) get 2 points per such trace, at most 6: what they usually do there.
   Where the trainee has no trace in that context yet, the three competencies most often
   linked to that context by all trainees get 1 point (only counts are read, no one's trace).

Competencies with points come out best first (ties keep the framework's order), five at most.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Final

from sqlalchemy import func, select

from portfolio.extensions import db
from portfolio.models import Trace, TraceCompetency, TraceContext, User
from portfolio.services.frameworks import framework
from referentiel import Competency
from referentiel.model import fold

MAX_SUGGESTIONS: Final = 5
STEM: Final = 5
_STOP_TEXT: Final = (
    "avec avoir aussi autre autres avant apres alors chez comme dans donc elle elles "
    "encore entre etre fait faire faite fois leur leurs mais meme mon mes moi nous "
    "notre pour plus quand quel quelle sans sont sous suis tout tous toute toutes tres "
    "vous votre etait avait cette ceci cela celle ceux depuis pendant selon situation "
    "situations quotidienne professionnelle professionnelles vie"
)
STOP_WORDS: Final = frozenset(fold(word) for word in _STOP_TEXT.split())


def stems(text: str) -> set[str]:
    """The rough stems of the words of ``text`` (four letters or more, common words aside)."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    return {w[:STEM] for w in words if len(w) >= 4 and w not in STOP_WORDS}


@lru_cache(maxsize=4)
def _keywords(
    framework_id: str, version: str
) -> tuple[tuple[Competency, frozenset[str], frozenset[str]], ...]:
    """(competency, stems of its short label, stems of its official label and indicators)."""
    fw = framework()
    rows = []
    for competency in fw.competencies:
        if competency.retired:
            continue
        short = stems(competency.everyday("fr"))
        rest = stems(competency.label)
        for indicator in competency.indicators:
            rest |= stems(indicator.label)
        rows.append((competency, frozenset(short), frozenset(rest - short)))
    return tuple(rows)


def _context_counts(trainee: User, context: TraceContext) -> Counter[str]:
    """Competency id -> traces of the trainee in ``context`` that name it."""
    rows = db.session.execute(
        select(TraceCompetency.competency_id, func.count(TraceCompetency.id))
        .join(Trace, Trace.id == TraceCompetency.trace_id)
        .where(Trace.trainee_id == trainee.id, Trace.context == context)
        .group_by(TraceCompetency.competency_id)
    )
    return Counter({competency_id: int(n) for competency_id, n in rows})


def _usual_everywhere(context: TraceContext) -> list[str]:
    """The three competencies all trainees link most often to ``context``."""
    rows = db.session.execute(
        select(TraceCompetency.competency_id, func.count(TraceCompetency.id).label("n"))
        .join(Trace, Trace.id == TraceCompetency.trace_id)
        .where(Trace.context == context)
        .group_by(TraceCompetency.competency_id)
        .order_by(func.count(TraceCompetency.id).desc(), TraceCompetency.competency_id)
        .limit(3)
    )
    return [competency_id for competency_id, _n in rows]


def suggest_competencies(
    trainee: User, context: TraceContext | None, text: str
) -> list[Competency]:
    """Up to five active competencies for a trace of ``trainee`` (see the module docstring)."""
    fw = framework()
    words = stems(text[:2000])
    points: Counter[str] = Counter()
    for competency, short, rest in _keywords(fw.id, fw.version):
        score = 3 * len(words & short) + len(words & rest)
        if score:
            points[competency.id] += score
    if context is not None:
        own = _context_counts(trainee, context)
        for competency_id, n in own.items():
            points[competency_id] += min(2 * n, 6)
        if not own:
            for competency_id in _usual_everywhere(context):
                points[competency_id] += 1
    order = {c.id: n for n, c in enumerate(fw.competencies)}
    ranked = sorted(
        (cid for cid in points if (c := fw.get(cid)) is not None and not c.retired),
        key=lambda cid: (-points[cid], order.get(cid, len(order))),
    )
    return [c for cid in ranked[:MAX_SUGGESTIONS] if (c := fw.get(cid)) is not None]


def last_context(trainee: User) -> tuple[TraceContext | None, str]:
    """The context (and company, for an internship) of the trainee's latest trace."""
    row = db.session.execute(
        select(Trace.context, Trace.company_name)
        .where(Trace.trainee_id == trainee.id, Trace.context != TraceContext.OTHER)
        .order_by(Trace.created_at.desc(), Trace.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None, ""
    context, company = row
    return context, (company or "") if context is TraceContext.INTERNSHIP else ""
