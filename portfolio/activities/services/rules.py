"""The rules of one activity, shared by the form, the YAML loader and the CSV loader.

One function (:func:`check_activity`) reads the raw values of an activity, whatever typed
them, and returns either a clean :class:`ActivitySpec` or every problem found, each naming the
field it is about. The loaders add the file name and the line; the form shows the sentences.
Rejected: a validator per source (the form used to accept what the file refused, and back).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from portfolio.models import ActivityKind
from portfolio.models.activities import MAX_DURATION, MAX_GROUP, MIN_DURATION
from portfolio.services import text
from portfolio.services.i18n import N_
from portfolio.services.i18n import gettext as _
from referentiel import Competency, Framework

# The frameworks an activity may target: the E2C framework and the psychosocial competencies.
TARGET_FRAMEWORKS = ("e2c-apc", "cps-spf2022")
MAX_TARGETS = 8
MAX_TITLE = 160
MAX_DESCRIPTION = 2000
CODE_RE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,39}")

KIND_LABELS: dict[ActivityKind, str] = {
    ActivityKind.WORKSHOP: N_("Atelier"),
    ActivityKind.CITIZEN_PROJECT: N_("Projet collectif citoyen"),
    ActivityKind.CULTURAL_PROJECT: N_("Projet collectif culturel"),
    ActivityKind.SPORTS_PROJECT: N_("Projet collectif sportif"),
    ActivityKind.COMPANY_VISIT: N_("Visite d'entreprise"),
    ActivityKind.JOB_FORUM: N_("Forum des métiers"),
    ActivityKind.INTERVIEW_PRACTICE: N_("Simulation d'entretien"),
    ActivityKind.INTERNSHIP_PREP: N_("Préparation de stage"),
    ActivityKind.INTERNSHIP_DEBRIEF: N_("Retour de stage"),
    ActivityKind.FRENCH: N_("Remise à niveau : français"),
    ActivityKind.MATHS: N_("Remise à niveau : maths"),
    ActivityKind.DIGITAL: N_("Remise à niveau : numérique"),
}


def kind_label(kind: ActivityKind) -> str:
    return _(KIND_LABELS[kind])


@dataclass(frozen=True)
class TargetSpec:
    framework_id: str
    competency_id: str
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActivitySpec:
    """A checked activity, ready to be written."""

    code: str
    title: str
    kind: ActivityKind
    duration_minutes: int
    group_size: int
    targets: tuple[TargetSpec, ...]
    description: str = ""
    title_en: str = ""
    description_en: str = ""


@dataclass(frozen=True)
class FieldProblem:
    """A problem with one field (``key``) of an activity; ``message`` is for the person."""

    key: str
    message: str


class ActivityError(ValueError):
    """An activity cannot be saved; ``problems`` says why, field by field."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(" ".join(p.message for p in problems))


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*[0-9]{1,5}\s*", value):
        return int(value)
    return None


def _text(
    value: object, key: str, label: str, limit: int, required: bool, out: list[FieldProblem]
) -> str:
    try:
        return text.clean_text(value, limit=limit, required=required)
    except text.TextRefused as refused:
        if refused.kind == "not_text":
            message = _("« %(field)s » doit être un texte.", field=label)
        elif refused.kind == "required":
            message = _("« %(field)s » est obligatoire.", field=label)
        else:
            message = _(
                "« %(field)s » est trop long : %(n)d caractères au plus.", field=label, n=limit
            )
        out.append(FieldProblem(key, message))
        return ""


def check_code(value: object, out: list[FieldProblem]) -> str:
    code = value.strip().upper() if isinstance(value, str) else ""
    if not CODE_RE.fullmatch(code):
        out.append(
            FieldProblem(
                "code",
                _(
                    "Le code est obligatoire : 40 caractères au plus, des lettres sans accent, "
                    "des chiffres et des tirets (par exemple CUISINE-1)."
                ),
            )
        )
    return code


def check_kind(value: object, out: list[FieldProblem]) -> ActivityKind | None:
    word = value.strip().lower() if isinstance(value, str) else ""
    try:
        return ActivityKind(word)
    except ValueError:
        kinds = ", ".join(k.value for k in ActivityKind)
        shown = str(value) if isinstance(value, str | int) else ""
        out.append(
            FieldProblem(
                "kind",
                _(
                    "Type d'activité inconnu « %(kind)s ». Types possibles : %(kinds)s.",
                    kind=shown,
                    kinds=kinds,
                ),
            )
        )
        return None


def check_number(
    value: object, key: str, low: int, high: int, out: list[FieldProblem]
) -> int | None:
    number = _int(value)
    if number is None or not low <= number <= high:
        message = (
            _(
                "La durée doit être un nombre entier de minutes, de %(low)d à %(high)d.",
                low=low,
                high=high,
            )
            if key == "duration"
            else _(
                "La taille du groupe doit être un nombre entier, de %(low)d à %(high)d.",
                low=low,
                high=high,
            )
        )
        out.append(FieldProblem(key, message))
        return None
    return number


def find_competency(
    frameworks: Mapping[str, Framework], competency_id: str
) -> tuple[Framework, Competency] | None:
    """The competency of that id in one of the frameworks an activity may target."""
    for framework_id in TARGET_FRAMEWORKS:
        fw = frameworks.get(framework_id)
        found = fw.get(competency_id) if fw is not None else None
        if fw is not None and found is not None and not found.retired:
            return fw, found
    return None


def check_targets(
    competency_ids: object,
    indicator_ids: object,
    frameworks: Mapping[str, Framework],
    out: list[FieldProblem],
) -> tuple[TargetSpec, ...]:
    """Competency ids (E2C or CPS) and indicator ids, each indicator of a chosen competency."""
    ids = _id_list(competency_ids)
    wanted = _id_list(indicator_ids)
    if ids is None or wanted is None:
        out.append(
            FieldProblem("targets", _("Les compétences doivent être une liste d'identifiants."))
        )
        return ()
    if not 1 <= len(ids) <= MAX_TARGETS:
        out.append(
            FieldProblem(
                "targets",
                _("Choisissez de 1 à %(n)d compétences visées.", n=MAX_TARGETS),
            )
        )
    found: list[tuple[Framework, Competency]] = []
    for competency_id in ids:
        hit = find_competency(frameworks, competency_id)
        if hit is None:
            out.append(
                FieldProblem(
                    "targets",
                    _(
                        "Compétence inconnue « %(id)s » (ni du référentiel E2C, ni des CPS).",
                        id=competency_id,
                    ),
                )
            )
        elif hit[1].id in {c.id for _fw, c in found}:
            out.append(
                FieldProblem("targets", _("Compétence en double « %(id)s ».", id=competency_id))
            )
        else:
            found.append(hit)
    owner: dict[str, str] = {i.id: c.id for _fw, c in found for i in c.indicators}
    for indicator_id in wanted:
        if indicator_id not in owner:
            out.append(
                FieldProblem(
                    "indicators",
                    _(
                        "Indicateur inconnu « %(id)s » : il doit appartenir à une des compétences visées.",
                        id=indicator_id,
                    ),
                )
            )
    return tuple(
        TargetSpec(fw.id, c.id, tuple(i for i in wanted if owner.get(i) == c.id)) for fw, c in found
    )


def _id_list(value: object) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, str):
        return [part for part in re.split(r"[\s,]+", value.strip()) if part]
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return [str(v).strip() for v in value if str(v).strip()]
    return None


def check_activity(raw: Mapping[str, object], frameworks: Mapping[str, Framework]) -> ActivitySpec:
    """A clean activity from raw values (form, YAML, CSV), or :class:`ActivityError`.

    Keys: code, title, kind, duration, group_size, description, title_en, description_en,
    targets (competency ids), indicators (indicator ids of those competencies).
    """
    out: list[FieldProblem] = []
    code = check_code(raw.get("code"), out)
    title = _text(raw.get("title"), "title", _("Titre"), MAX_TITLE, True, out)
    kind = check_kind(raw.get("kind"), out)
    duration = check_number(raw.get("duration"), "duration", MIN_DURATION, MAX_DURATION, out)
    group_size = check_number(raw.get("group_size"), "group_size", 1, MAX_GROUP, out)
    description = _text(
        raw.get("description"), "description", _("Description"), MAX_DESCRIPTION, False, out
    )
    title_en = _text(raw.get("title_en"), "title_en", _("Titre en anglais"), MAX_TITLE, False, out)
    description_en = _text(
        raw.get("description_en"),
        "description_en",
        _("Description en anglais"),
        MAX_DESCRIPTION,
        False,
        out,
    )
    targets = check_targets(raw.get("targets"), raw.get("indicators"), frameworks, out)
    if out or kind is None or duration is None or group_size is None:
        raise ActivityError(out)
    return ActivitySpec(
        code=code,
        title=title,
        kind=kind,
        duration_minutes=duration,
        group_size=group_size,
        targets=targets,
        description=description,
        title_en=title_en,
        description_en=description_en,
    )
