"""What the game needs from the competency framework (référentiel), in one small view.

The framework itself is loaded by the ``referentiel`` package. The game keeps only ids, labels
and the scale, so the rest of ``game.core`` does not depend on the package's full model, and
tests can build a view by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

FRAMEWORK_ID = "e2c-apc"


class _IndicatorLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def label(self) -> str: ...


class _CompetencyLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def indicators(self) -> Iterable[_IndicatorLike]: ...
    @property
    def retired(self) -> bool: ...


class _LevelLike(Protocol):
    @property
    def code(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def description(self) -> str: ...


class FrameworkLike(Protocol):
    """The part of ``referentiel.Framework`` the game reads."""

    @property
    def id(self) -> str: ...
    @property
    def competencies(self) -> Iterable[_CompetencyLike]: ...
    @property
    def levels(self) -> Iterable[_LevelLike]: ...


@dataclass(frozen=True, slots=True)
class CompetencyInfo:
    """A competency: id, label and the ids of its indicators, in order."""

    id: str
    label: str
    indicators: tuple[str, ...]
    retired: bool = False
    short: str | None = None  # the everyday short label, when the framework file has one


@dataclass(frozen=True, slots=True)
class LevelInfo:
    """A step of the scale: code, label ("Palier 1") and description ("Je fais")."""

    code: int
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class FrameworkView:
    """Ids, labels and scale of one framework, as the game uses them."""

    id: str
    competencies: Mapping[str, CompetencyInfo]
    levels: Mapping[int, LevelInfo]

    @classmethod
    def from_framework(cls, framework: FrameworkLike) -> FrameworkView:
        """Build the view from a ``referentiel.Framework`` (or anything shaped like it)."""
        competencies = {
            c.id: CompetencyInfo(
                c.id,
                c.label,
                tuple(i.id for i in c.indicators),
                bool(getattr(c, "retired", False)),
                getattr(c, "short", None) or None,
            )
            for c in framework.competencies
        }
        levels = {lv.code: LevelInfo(lv.code, lv.label, lv.description) for lv in framework.levels}
        return cls(framework.id, competencies, levels)

    @property
    def active_ids(self) -> tuple[str, ...]:
        """Ids of the competencies that may receive new evidence, in framework order."""
        return tuple(c.id for c in self.competencies.values() if not c.retired)

    def owner_of(self, indicator_id: str) -> str | None:
        """Id of the competency an indicator belongs to, or None when unknown."""
        for competency in self.competencies.values():
            if indicator_id in competency.indicators:
                return competency.id
        return None

    def label(self, competency_id: str) -> str:
        """Label of a competency, or its id when unknown."""
        found = self.competencies.get(competency_id)
        return found.label if found is not None else competency_id

    def plain(self, competency_id: str) -> str:
        """The everyday short label of a competency when there is one, else its label."""
        found = self.competencies.get(competency_id)
        if found is None:
            return competency_id
        return found.short or found.label


def load_framework_view(directory: Path | None = None) -> FrameworkView:
    """Load the ``e2c-apc`` framework with the ``referentiel`` package and return its view.

    Raises ``referentiel.ReferentielError`` when the framework files are not valid, and
    ``KeyError`` when no framework has the id ``e2c-apc``.
    """
    from referentiel import load_frameworks

    frameworks = load_frameworks(directory) if directory is not None else load_frameworks()
    return FrameworkView.from_framework(frameworks[FRAMEWORK_ID])
