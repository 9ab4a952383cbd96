"""Immutable, typed objects for a competency framework (référentiel).

They are built by :mod:`referentiel.loader` from a validated YAML file, or rebuilt from a
snapshot with :meth:`Framework.from_dict`. Nothing here parses YAML.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


def _pick(french: str, english: str | None, language: str | None) -> str:
    """The English text for an English reader when there is one, else the French text.

    Snapshots stored before the English texts existed have none: they fall back to French.
    """
    if english and language and language.lower().startswith("en"):
        return english
    return french


@dataclass(frozen=True, slots=True)
class Level:
    """One step of the mastery scale (palier): 0 "Non évaluée" ... 4 "Je transfère"."""

    code: int
    label: str
    description: str
    label_en: str | None = None
    description_en: str | None = None

    def name(self, language: str | None = None) -> str:
        """The level's name in the reader's language ("Je fais" / "I do")."""
        return _pick(self.label, self.label_en, language)

    def text(self, language: str | None = None) -> str:
        """What the level means, in the reader's language."""
        return _pick(self.description, self.description_en, language)

    def meaning(self, language: str | None = None) -> str:
        """The description without the level's name in front ("Je fais : je réalise..." gives
        "Je réalise..."), for a page that shows the name beside it."""
        name, text = self.name(language), self.text(language)
        for separator in (" : ", ": "):
            if text.startswith(name + separator):
                rest = text[len(name + separator) :]
                return rest[:1].upper() + rest[1:]
        return text


@dataclass(frozen=True, slots=True)
class Indicator:
    """An observable indicator of a competency."""

    id: str
    label: str
    competency_id: str
    label_en: str | None = None

    def text(self, language: str | None = None) -> str:
        """The indicator's wording in the reader's language."""
        return _pick(self.label, self.label_en, language)


@dataclass(frozen=True, slots=True)
class Competency:
    """A competency. A retired one is kept so that old evidence keeps its label."""

    id: str
    code: str
    label: str
    description: str | None
    domain_id: str
    indicators: tuple[Indicator, ...] = ()
    clea: tuple[str, ...] = ()
    cps: tuple[str, ...] = ()
    replaced_by: str | None = None
    retired: bool = False
    short: str | None = None
    label_en: str | None = None
    short_en: str | None = None
    description_en: str | None = None

    def everyday(self, language: str | None = None) -> str:
        """The short everyday label written by the project ("Parler avec les autres"), shown
        first to trainees; the official label when a stored snapshot has none."""
        return _pick(self.short or self.label, self.short_en or self.label_en, language)

    def official(self, language: str | None = None) -> str:
        """The official wording (French) or our English translation of it."""
        return _pick(self.label, self.label_en, language)


@dataclass(frozen=True, slots=True)
class Domain:
    """A group of competencies."""

    id: str
    code: str
    label: str
    description: str | None
    competencies: tuple[Competency, ...]
    label_en: str | None = None
    description_en: str | None = None

    def text(self, language: str | None = None) -> str:
        """The domain's title in the reader's language."""
        return _pick(self.label, self.label_en, language)


Element = Domain | Competency | Indicator


@dataclass(frozen=True, slots=True)
class Framework:
    """One version of a competency framework.

    ``checksum`` is the sha256 (hex) of the file's bytes. ``crosswalks`` names, for each
    crosswalk key used by the competencies (``clea``, ``cps``), the id of the framework it
    points to.
    """

    id: str
    version: str
    title: str
    publisher: str
    provenance: str
    licence: str
    levels: tuple[Level, ...]
    domains: tuple[Domain, ...]
    checksum: str
    language: str = "fr"
    crosswalks: tuple[tuple[str, str], ...] = ()
    _competencies: tuple[Competency, ...] = field(init=False, repr=False, compare=False, hash=False)
    _index: Mapping[str, Element] = field(init=False, repr=False, compare=False, hash=False)
    _domain_of: Mapping[str, Domain] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        index: dict[str, Element] = {}
        domain_of: dict[str, Domain] = {}
        competencies: list[Competency] = []
        for domain in self.domains:
            elements: list[Element] = [domain]
            for competency in domain.competencies:
                competencies.append(competency)
                domain_of[competency.id] = domain
                elements.append(competency)
                elements.extend(competency.indicators)
            for element in elements:
                if element.id in index:
                    raise ValueError(f"Identifiant en double « {element.id} »")
                index[element.id] = element
        object.__setattr__(self, "_competencies", tuple(competencies))
        object.__setattr__(self, "_index", MappingProxyType(index))
        object.__setattr__(self, "_domain_of", MappingProxyType(domain_of))

    # -- lookups -------------------------------------------------------------------------

    @property
    def competencies(self) -> tuple[Competency, ...]:
        """Every competency, retired ones included, in file order."""
        return self._competencies

    @property
    def active_competencies(self) -> tuple[Competency, ...]:
        """The competencies that may be chosen for new evidence (not retired)."""
        return tuple(c for c in self._competencies if not c.retired)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """Every indicator, in file order."""
        return tuple(i for c in self._competencies for i in c.indicators)

    def element(self, element_id: str) -> Element | None:
        """The domain, competency or indicator with this id, or None."""
        return self._index.get(element_id)

    def competency(self, competency_id: str) -> Competency:
        """The competency with this id (retired or not). Raises KeyError."""
        found = self._index.get(competency_id)
        if not isinstance(found, Competency):
            raise KeyError(competency_id)
        return found

    def get(self, competency_id: str) -> Competency | None:
        """The competency with this id, or None."""
        found = self._index.get(competency_id)
        return found if isinstance(found, Competency) else None

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with this id. Raises KeyError."""
        found = self._index.get(indicator_id)
        if not isinstance(found, Indicator):
            raise KeyError(indicator_id)
        return found

    def domain(self, domain_id: str) -> Domain:
        """The domain with this id. Raises KeyError."""
        found = self._index.get(domain_id)
        if not isinstance(found, Domain):
            raise KeyError(domain_id)
        return found

    def level(self, code: int) -> Level:
        """The level with this code (0 ... n). Raises KeyError."""
        for level in self.levels:
            if level.code == code:
                return level
        raise KeyError(code)

    def domain_of(self, competency_id: str) -> Domain:
        """The domain a competency belongs to. Raises KeyError."""
        return self._domain_of[competency_id]

    def resolve(self, competency_id: str) -> Competency:
        """The current competency for an id: follows ``replaced_by`` to its end.

        Raises KeyError for an unknown id. The loader refuses cycles, so this ends.
        """
        competency = self.competency(competency_id)
        seen = {competency.id}
        while competency.replaced_by is not None:
            competency = self.competency(competency.replaced_by)
            if competency.id in seen:
                raise ValueError(f"Boucle de remplacement sur « {competency.id} »")
            seen.add(competency.id)
        return competency

    def search(self, text: str, *, include_retired: bool = False) -> tuple[Competency, ...]:
        """Competencies whose label (official or short) or indicators contain every word of
        ``text``; English texts count like the indicators (found, after the label matches).

        Accents, case and apostrophe styles are ignored. Competencies whose own label
        matches come first; otherwise file order is kept. An empty query finds nothing.
        """
        words = fold(text).split()
        if not words:
            return ()
        in_label: list[Competency] = []
        in_indicators: list[Competency] = []
        for competency in self._competencies:
            if competency.retired and not include_retired:
                continue
            label = fold(" ".join(filter(None, (competency.label, competency.short))))
            english = (competency.label_en, competency.short_en)
            whole = " ".join(
                [
                    label,
                    *(fold(i.label) for i in competency.indicators),
                    *(fold(text) for text in english if text),
                    *(fold(i.label_en) for i in competency.indicators if i.label_en),
                ]
            )
            if all(word in label for word in words):
                in_label.append(competency)
            elif all(word in whole for word in words):
                in_indicators.append(competency)
        return (*in_label, *in_indicators)

    # -- snapshots -----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able snapshot (same keys as the YAML file, plus ``checksum``)."""
        data: dict[str, Any] = {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "publisher": self.publisher,
            "provenance": self.provenance,
            "licence": self.licence,
            "language": self.language,
        }
        if self.crosswalks:
            data["crosswalks"] = dict(self.crosswalks)
        data["levels"] = [
            _without_none(
                {
                    "code": lv.code,
                    "label": lv.label,
                    "label_en": lv.label_en,
                    "description": lv.description,
                    "description_en": lv.description_en,
                }
            )
            for lv in self.levels
        ]
        data["domains"] = [_domain_to_dict(d) for d in self.domains]
        data["checksum"] = self.checksum
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Framework:
        """Rebuild a framework from :meth:`to_dict`, with the same checks as a YAML file.

        Raises ReferentielError when the snapshot is not valid.
        """
        from referentiel.loader import framework_from_snapshot

        return framework_from_snapshot(data)


def _without_none(data: dict[str, Any]) -> dict[str, Any]:
    """Optional texts are left out rather than written as null (the loader refuses null)."""
    return {key: value for key, value in data.items() if value is not None}


def _domain_to_dict(domain: Domain) -> dict[str, Any]:
    data = _without_none(
        {
            "id": domain.id,
            "code": domain.code,
            "label": domain.label,
            "label_en": domain.label_en,
            "description": domain.description,
            "description_en": domain.description_en,
        }
    )
    data["competencies"] = [_competency_to_dict(c) for c in domain.competencies]
    return data


def _competency_to_dict(competency: Competency) -> dict[str, Any]:
    data = _without_none(
        {
            "id": competency.id,
            "code": competency.code,
            "label": competency.label,
            "label_en": competency.label_en,
            "short": competency.short,
            "short_en": competency.short_en,
            "description": competency.description,
            "description_en": competency.description_en,
        }
    )
    data["indicators"] = [
        _without_none({"id": i.id, "label": i.label, "label_en": i.label_en})
        for i in competency.indicators
    ]
    crosswalk = {
        key: list(ids) for key, ids in (("clea", competency.clea), ("cps", competency.cps)) if ids
    }
    if crosswalk:
        data["crosswalk"] = crosswalk
    if competency.replaced_by is not None:
        data["replaced_by"] = competency.replaced_by
    if competency.retired:
        data["retired"] = True
    return data


def fold(text: str) -> str:
    """Lower-case, accent-free, one-space text used for searching."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("œ", "oe"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count <= 1 else plural}"


def summary(fw: Framework) -> str:
    """One line, e.g. "e2c-apc 2018.1 : 9 domaines, 35 compétences, 166 indicateurs, 5 niveaux"."""
    parts = [
        _plural(len(fw.domains), "domaine", "domaines"),
        _plural(len(fw.competencies), "compétence", "compétences"),
        _plural(len(fw.indicators), "indicateur", "indicateurs"),
        _plural(len(fw.levels), "niveau", "niveaux"),
    ]
    retired = len(fw.competencies) - len(fw.active_competencies)
    if retired:
        parts.append(_plural(retired, "compétence retirée", "compétences retirées"))
    return f"{fw.id} {fw.version} : {', '.join(parts)}"
