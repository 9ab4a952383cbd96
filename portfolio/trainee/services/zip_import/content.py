"""What an exported portfolio holds, read strictly from ``donnees/portfolio.json``.

The file is the JSON export (``e2c-portfolio-export/1``, `referent.services.export`). Only the
trainee's own work is taken: their traces (title, text, date, context, company, links,
competencies and indicators) and their self-assessments. Wrong types and missing fields
refuse the whole file, naming the first problem: a damaged or forged file is not half read.

Competencies are judged against the framework loaded here, one by one: a competency of
another framework, unknown, or retired here is left out of the trace (or the self-assessment
is left out) with a warning in the preview; the trace itself is kept. An indicator that is not
one of its competency's is dropped the same way. Rejected: refusing the whole file for one
retired competency (a trainee coming back after a framework update could never import).

Counted, never imported: the levels of the referent, the tutor and the game, the notes, the
bilans and objectives, the internships. They were given by the former school's team; here
they would become this school's referent stream, which only this school's referents write.
Traces made by the game (``origin: game``) wait for a referent's review at the former
school: they are left out too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Final, TypeVar

from portfolio.models import TraceContext, TraceStatus
from portfolio.services.frameworks import framework
from portfolio.services.i18n import gettext as _
from portfolio.trainee.services.inputs import LinkInput
from portfolio.trainee.services.zip_import.archive import ImportRefused
from referentiel import Framework

FORMAT: Final = "e2c-portfolio-export/1"
MAX_TRACES: Final = 3000
MAX_ASSESSMENTS: Final = 20000
OTHER_STREAMS: Final = frozenset({"referent", "tutor", "game"})
T = TypeVar("T")


@dataclass(frozen=True)
class TraceIn:
    """One trace of the file, ready for `create_trace` (competencies already judged)."""

    source_id: int
    title: str
    body: str
    happened_on: date
    context: TraceContext
    company_name: str | None
    status: TraceStatus
    competency_ids: tuple[str, ...]
    indicator_ids: tuple[str, ...]
    links: tuple[LinkInput, ...]
    captions: tuple[str, ...]


@dataclass(frozen=True)
class SelfLevelIn:
    """One self-assessment of the file."""

    competency_id: str
    level: int
    comment: str
    created_at: datetime
    trace_ids: tuple[int, ...]


@dataclass
class Content:
    """The portfolio as read: what will be imported, what will not, and why."""

    digest: str
    site: str
    first_name: str
    last_name: str
    exported_at: datetime | None
    traces: list[TraceIn] = field(default_factory=list)
    self_levels: list[SelfLevelIn] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _bad(where: str, key: str) -> ImportRefused:
    return ImportRefused(
        _(
            "Les données du portfolio sont abîmées (%(where)s : « %(key)s » manque ou n'est "
            "pas valide). Rien n'a été importé.",
            where=where,
            key=key,
        )
    )


def _get(row: Mapping[str, Any], key: str, kind: type[T] | tuple[type, ...], where: str) -> T:
    value = row.get(key) if isinstance(row, Mapping) else None
    if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
        raise _bad(where, key)
    return value  # type: ignore[return-value]


def _optional(row: Mapping[str, Any], key: str, kind: type[T], where: str) -> T | None:
    if row.get(key) is None:
        return None
    return _get(row, key, kind, where)


def _parsed(text: str, parse: Callable[[str], T], where: str, key: str) -> T:
    try:
        return parse(text)
    except ValueError:
        raise _bad(where, key) from None


def _moment(text: str, where: str, key: str) -> datetime:
    value = _parsed(text, datetime.fromisoformat, where, key)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _rows(data: Mapping[str, Any], key: str, limit: int) -> list[Mapping[str, Any]]:
    rows = _get(data, key, list, _("le fichier"))
    if len(rows) > limit:
        raise ImportRefused(_("Le portfolio est trop grand pour être importé."))
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise _bad(f"{key} {n}", key)
    return rows


def digest_of(data: Mapping[str, Any]) -> str:
    """SHA-256 of the data without the export date: the same portfolio exported twice has
    the same digest."""
    kept = {k: v for k, v in data.items() if k != "exported_at"}
    canonical = json.dumps(kept, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _competencies(
    fw: Framework, row: Mapping[str, Any], where: str, warnings: list[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    kept: list[str] = []
    indicators: list[str] = []
    for item in _get(row, "competencies", list, where):
        framework_id = _get(item, "framework", str, where)
        competency_id = _get(item, "competency_id", str, where)
        wanted = _get(item, "indicator_ids", list, where)
        competency = fw.get(competency_id) if framework_id == fw.id else None
        if competency is None or competency.retired:
            warnings.append(_left_out_competency(competency_id, competency is not None))
            continue
        kept.append(competency.id)
        for indicator_id in wanted:
            if not isinstance(indicator_id, str):
                raise _bad(where, "indicator_ids")
            if any(i.id == indicator_id for i in competency.indicators):
                indicators.append(indicator_id)
            else:
                warnings.append(
                    _(
                        "Un indicateur inconnu ici est laissé de côté (%(id)s).",
                        id=indicator_id[:40],
                    )
                )
    return tuple(dict.fromkeys(kept)), tuple(dict.fromkeys(indicators))


def _left_out_competency(competency_id: str, retired: bool) -> str:
    if retired:
        return _(
            "La compétence « %(id)s » n'est plus utilisée ici : elle est laissée de côté.",
            id=competency_id[:40],
        )
    return _(
        "La compétence « %(id)s » n'existe pas dans le référentiel de l'école : "
        "elle est laissée de côté.",
        id=competency_id[:40],
    )


def _enum(kind: type[T], value: str, where: str, key: str) -> T:
    try:
        return kind(value)  # type: ignore[call-arg]
    except ValueError:
        raise _bad(where, key) from None


def _trace(fw: Framework, row: Mapping[str, Any], n: int, warnings: list[str]) -> TraceIn:
    where = _("trace %(n)d", n=n)
    competency_ids, indicator_ids = _competencies(fw, row, where, warnings)
    links = []
    for link in _get(row, "links", list, where):
        links.append(LinkInput(_get(link, "url", str, where), _get(link, "title", str, where)))
    captions = tuple(_get(p, "caption", str, where) for p in _get(row, "photos", list, where))
    return TraceIn(
        source_id=_get(row, "id", int, where),
        title=_get(row, "title", str, where),
        body=_get(row, "body", str, where),
        happened_on=_parsed(
            _get(row, "happened_on", str, where), date.fromisoformat, where, "happened_on"
        ),
        context=_enum(TraceContext, _get(row, "context", str, where), where, "context"),
        company_name=_optional(row, "company_name", str, where),
        status=_enum(TraceStatus, _get(row, "status", str, where), where, "status"),
        competency_ids=competency_ids,
        indicator_ids=indicator_ids,
        links=tuple(links),
        captions=captions,
    )


def _self_level(
    fw: Framework, row: Mapping[str, Any], n: int, warnings: list[str]
) -> SelfLevelIn | None:
    where = _("auto-évaluation %(n)d", n=n)
    framework_id = _get(row, "framework", str, where)
    competency_id = _get(row, "competency_id", str, where)
    level = _get(row, "level", int, where)
    comment = _get(row, "comment", str, where)
    created_at = _moment(_get(row, "created_at", str, where), where, "created_at")
    trace_ids = _get(row, "trace_ids", list, where)
    if not all(isinstance(t, int) and not isinstance(t, bool) for t in trace_ids):
        raise _bad(where, "trace_ids")
    competency = fw.get(competency_id) if framework_id == fw.id else None
    if competency is None or competency.retired:
        warnings.append(_left_out_competency(competency_id, competency is not None))
        return None
    return SelfLevelIn(competency.id, level, comment, created_at, tuple(trace_ids))


def read_content(raw: bytes) -> Content:
    """Parse and judge ``donnees/portfolio.json``. Raises ImportRefused."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ImportRefused(
            _("Les données du portfolio sont illisibles. Rien n'a été importé.")
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportRefused(
            _(
                "Ce fichier ne vient pas de l'export d'une E2C, ou d'une version que nous ne "
                "lisons pas. Rien n'a été importé."
            )
        )
    where = _("le fichier")
    person = _get(data, "person", dict, where)
    exported = _optional(data, "exported_at", str, where)
    content = Content(
        digest=digest_of(data),
        site=(_optional(person, "site", str, where) or "")[:200],
        first_name=_get(person, "first_name", str, where),
        last_name=_get(person, "last_name", str, where),
        exported_at=_moment(exported, where, "exported_at") if exported else None,
    )
    fw = framework()
    for n, row in enumerate(_rows(data, "traces", MAX_TRACES), start=1):
        if _get(row, "origin", str, _("trace %(n)d", n=n)) != "trainee":
            content.left_out["game_traces"] = content.left_out.get("game_traces", 0) + 1
            continue
        content.traces.append(_trace(fw, row, n, content.warnings))
    _assessments(fw, data, content)
    for key in ("notes", "reviews", "objectives", "internships"):
        content.left_out[key] = len(_get(data, key, list, where))
    return content


def _assessments(fw: Framework, data: Mapping[str, Any], content: Content) -> None:
    for n, row in enumerate(_rows(data, "assessments", MAX_ASSESSMENTS), start=1):
        source = _get(row, "source", str, _("auto-évaluation %(n)d", n=n))
        if source != "self":
            key = source if source in OTHER_STREAMS else "other"
            content.left_out[key] = content.left_out.get(key, 0) + 1
            continue
        level = _self_level(fw, row, n, content.warnings)
        if level is not None:
            content.self_levels.append(level)
