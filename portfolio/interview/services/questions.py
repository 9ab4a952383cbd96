"""The question bank of the running app, and the choice of five questions for a session.

The bank is loaded and checked once, at start-up, against the loaded frameworks (E2C and CPS
competency ids) and the ROME's grands domaines: a bad question stops the start.

Choosing: three general questions and two of the trade's grand domaine (fewer if the domain
has fewer). "Parlez-moi de vous" opens every session that did not follow one opening with it. Questions of the trainee's previous
session are avoided while others remain, so two sessions in a row do not repeat themselves.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

from flask import current_app

from portfolio.interview.bank import Question, QuestionBank, load_bank
from portfolio.services.rome import Rome
from referentiel import Frameworks

EXTENSION_KEY = "interview_bank"
GENERAL_COUNT = 3
DOMAIN_COUNT = 2
OPENER = "gen-vous"


def load_for_app(frameworks: Frameworks, catalogue: Rome) -> QuestionBank:
    """Load the shipped bank, checked against the app's frameworks and ROME (once). A retired
    competency is still known (its evidence resolves to its replacement); a deleted one stops."""
    competencies = {c.id for fw in frameworks.values() for c in fw.competencies}
    return load_bank(competencies=competencies, domains=set(catalogue.grands_domaines))


def bank() -> QuestionBank:
    loaded: QuestionBank = current_app.extensions[EXTENSION_KEY]
    return loaded


def _draw(
    pool: Sequence[Question], count: int, avoid: set[str], rng: random.Random
) -> list[Question]:
    """``count`` questions of ``pool``: fresh ones first (not in ``avoid``), then the others."""
    fresh = [q for q in pool if q.id not in avoid]
    stale = [q for q in pool if q.id in avoid]
    rng.shuffle(fresh)
    rng.shuffle(stale)
    return (fresh + stale)[:count]


def choose_questions(
    questions: QuestionBank,
    domain: str,
    last_session: Iterable[str] = (),
    rng: random.Random | None = None,
    count: int = GENERAL_COUNT + DOMAIN_COUNT,
) -> list[Question]:
    """The questions of a new session for a trade of grand domaine ``domain``."""
    rng = rng or random.Random()
    avoid = set(last_session)
    specific = _draw(questions.for_domain(domain), DOMAIN_COUNT, avoid, rng)
    wanted = count - len(specific)
    opener = questions.get(OPENER)
    if opener is not None and opener.id not in avoid:
        others = [q for q in questions.general() if q.id != OPENER]
        general = [opener, *_draw(others, wanted - 1, avoid, rng)]
    else:
        general = _draw(questions.general(), wanted, avoid, rng)
    return [*general[:1], *specific, *general[1:]]
