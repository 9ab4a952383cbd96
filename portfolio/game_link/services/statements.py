"""Checking one game statement against the contract of docs/GAME_API.md.

Every problem of a statement is listed with its reason (in the reader's language), so the game
can show them all at once; competency ids are checked against the frameworks loaded in memory
through an index built once. Storing, reading and deciding live in ``game_evidence``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from game.core import statement_rules as rules
from game.core.statement_rules import (
    EXT,
    GAME_LEVELS,
    MAX_RESPONSE,
    VERBS,
    CompetencyIndex,
    Known,
    Observed,
    Reason,
)
from portfolio.models import User
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import ngettext
from referentiel import Framework

__all__ = ["EXT", "GAME_LEVELS", "MAX_RESPONSE", "VERBS", "CompetencyIndex", "Observed"]

# Control characters (tabs and line breaks aside) have no place in text people read, and
# PostgreSQL refuses NUL outright: they are dropped from the trace's title and text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(text: str) -> str:
    """``text`` without control characters."""
    return _CONTROL.sub("", text)


# -- errors ------------------------------------------------------------------------------


class GameEvidenceError(ValueError):
    """A rule was broken; ``str(err)`` is a sentence in the reader's language."""


@dataclass(frozen=True, slots=True)
class BadStatement:
    """One refused statement of a batch: its place, its id when readable, and why."""

    index: int
    id: str | None
    reason: str


class InvalidBatch(GameEvidenceError):
    """The body is not a list of statements at all."""


class BatchTooLarge(GameEvidenceError):
    """More statements than :data:`MAX_BATCH` in one batch."""


class InvalidStatements(GameEvidenceError):
    """Some statements are invalid; nothing of the batch was stored."""

    def __init__(self, problems: list[BadStatement]) -> None:
        count = len(problems)
        super().__init__(
            ngettext(
                "Une preuve n'est pas valide : rien n'a été enregistré.",
                "%(num)d preuves ne sont pas valides : rien n'a été enregistré.",
                count,
            )
        )
        self.problems = problems


class StatementConflict(GameEvidenceError):
    """Known statement ids with other content; nothing of the batch was stored."""

    def __init__(self, conflicts: list[tuple[int, str]]) -> None:
        super().__init__(
            _(
                "Une preuve avec ce numéro existe déjà avec un autre contenu : rien n'a été enregistré."
            )
        )
        self.conflicts = conflicts


class BadCursor(GameEvidenceError):
    """The journal's cursor or limit cannot be read."""


# -- validated statements ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ValidStatement:
    """A statement that passed every check, with what the portfolio keeps of it."""

    index: int
    statement_id: str  # as sent (the answer lists it so)
    key: str  # the lower-case UUID: the identity in the database
    canonical: str
    sha256: str
    object_id: str
    rome: str
    task_name: str
    verb: str
    score: float
    raw: float
    minimum: float
    maximum: float
    attempt: int
    hints: int
    response: str
    happened_at: datetime
    competencies: tuple[Observed, ...]


def canonical_json(statement: Mapping[str, Any]) -> str:
    """The statement as compared for identity: sorted keys, no ``stored``/``authority``."""
    body = {k: v for k, v in statement.items() if k not in ("stored", "authority")}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


_index_cache: list[tuple[Mapping[str, Framework], CompetencyIndex]] = []


def competency_index(loaded: Mapping[str, Framework]) -> CompetencyIndex:
    """(framework id, competency id) -> what a statement may say about it; built once."""
    for cached_for, index in _index_cache:
        if cached_for is loaded:
            return index
    index = CompetencyIndex(
        frozenset(loaded),
        {
            (fw.id, c.id): Known(
                fw.id, fw.version, c.id, c.retired, frozenset(i.id for i in c.indicators)
            )
            for fw in loaded.values()
            for c in fw.competencies
        },
    )
    _index_cache[:] = [(loaded, index)]
    return index


def check_statement(
    place: int,
    statement: Any,
    user: User,
    now: datetime,
    index: CompetencyIndex,
) -> ValidStatement | BadStatement:
    """Check one statement with the shared rules (`game.core.statement_rules`).

    A reason for each problem, worded in the reader's language.
    """
    checked = rules.check(statement, now=now, account_name=user.public_id, index=index)
    if checked.reasons:
        reasons = dict.fromkeys(_say(reason) for reason in checked.reasons)
        return BadStatement(place, checked.statement_id, " ".join(reasons))
    statement_id, found = checked.statement_id, checked.address
    assert statement_id is not None and found is not None and checked.happened_at is not None
    body = dict(statement)
    body["id"] = statement_id.lower()
    canonical = canonical_json(body)
    scaled, raw, low, high = checked.score
    return ValidStatement(
        index=place,
        statement_id=statement_id,
        key=statement_id.lower(),
        canonical=canonical,
        sha256=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        object_id=str(checked.object_id),
        rome=found["rome"],
        task_name=plain_text(checked.task_name).strip()[:200] or found["task"],
        verb=str(checked.verb),
        score=float(scaled or 0.0),
        raw=float(raw or 0.0),
        minimum=float(low or 0.0),
        maximum=float(high or 0.0),
        attempt=int(checked.attempt or 1),
        hints=int(checked.hints or 0),
        response=plain_text(str(checked.response or "")),
        happened_at=checked.happened_at,
        competencies=checked.observed,
    )


def _field(name: str) -> str:
    """The name of a field as the reader sees it (extension keys have a French name)."""
    names = {
        "attempt": _("tentative"),
        "hints": _("indices"),
        "content-version": _("version du contenu"),
        "game-version": _("version du jeu"),
    }
    return names.get(name, name)


def _say(reason: Reason) -> str:
    """One reason of the shared rules, in the reader's language (the API's messages)."""
    arg = reason.arg
    sentences = {
        "not_json_object": lambda: _("La preuve doit être un objet JSON."),
        "id": lambda: _("« id » doit être un UUID."),
        "not_object": lambda: _("« %(field)s » manque ou n'est pas un objet.", field=arg),
        "not_integer": lambda: _("« %(field)s » doit être un nombre entier.", field=_field(arg)),
        "not_number": lambda: _("« %(field)s » doit être un nombre.", field=arg),
        "not_boolean": lambda: _("« %(field)s » doit valoir true ou false.", field=arg),
        "actor_type": lambda: _("« actor.objectType » doit valoir « Agent »."),
        "actor_account": lambda: _("L'acteur ne correspond pas au compte lié à ce jeton."),
        "verb": lambda: _("Le verbe doit être completed, passed ou failed (ADL)."),
        "object_id": lambda: _(
            "« object.id » doit être l'adresse d'une tâche (urn:e2c-jeu:task:…)."
        ),
        "object_type": lambda: _("« object.objectType » doit valoir « Activity »."),
        "task_name": lambda: _(
            "« object.definition.name » doit donner le nom de la tâche (200 signes maximum)."
        ),
        "scaled_range": lambda: _("Le score doit être entre 0 et 1."),
        "raw_range": lambda: _("Le score brut doit être entre le minimum et le maximum."),
        "duration": lambda: _(
            "« result.duration » doit être une durée ISO 8601 (par exemple PT1M30S)."
        ),
        "response": lambda: _("« result.response » doit être un texte de 2000 signes au plus."),
        "registration": lambda: _("« context.registration » doit être un UUID."),
        "attempt": lambda: _("Le numéro de tentative doit être 1 ou plus."),
        "hints": lambda: _("Le nombre d'indices ne peut pas être négatif."),
        "self_level": lambda: _("L'auto-évaluation doit être 0, 1 ou 2."),
        "play": lambda: _(
            "Le déroulé de la partie (« play ») est mal formé ou trop long "
            "(40 réponses de 120 signes au plus)."
        ),
        "short_text": lambda: _(
            "« %(field)s » manque ou n'est pas un texte court.", field=_field(arg)
        ),
        "content_hash": lambda: _("« content-hash » doit être un SHA-256 en hexadécimal."),
        "competencies": lambda: _("La liste des compétences observées manque ou est vide."),
        "competency_not_object": lambda: _("Chaque compétence observée doit être un objet."),
        "framework": lambda: _("Référentiel inconnu : « %(framework)s ».", framework=arg),
        "competency": lambda: _("Compétence inconnue : « %(competency)s ».", competency=arg),
        "competency_retired": lambda: _(
            "La compétence « %(competency)s » n'est plus utilisée.", competency=arg
        ),
        "competency_twice": lambda: _(
            "La compétence « %(competency)s » est donnée deux fois.", competency=arg
        ),
        "competency_level": lambda: _(
            "Le niveau de « %(competency)s » doit être 0, 1 ou 2.", competency=arg
        ),
        "indicator": lambda: _("Un indicateur de « %(competency)s » est inconnu.", competency=arg),
        "timestamp_missing": lambda: _("« timestamp » manque ou n'est pas une date."),
        "timestamp_format": lambda: _("« timestamp » n'est pas une date ISO 8601."),
        "timestamp_zone": lambda: _(
            "« timestamp » doit indiquer le fuseau horaire (par exemple « Z »)."
        ),
        "timestamp_future": lambda: _("La date de la preuve est dans le futur."),
        "timestamp_early": lambda: _("La date de la preuve est avant 2020."),
    }
    return sentences[reason.code]()
