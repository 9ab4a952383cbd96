"""Rules between two versions of one framework.

Evidence recorded elsewhere stores (framework id, framework version, competency id). A new
version may add competencies, edit labels, or retire a competency (``retired: true`` with
``replaced_by``), but it must never delete an id nor reuse it for another kind of element.
"""

from __future__ import annotations

from referentiel.errors import Problem
from referentiel.model import Competency, Domain, Element, Framework

_KIND = {Domain: "un domaine", Competency: "une compétence"}


def _kind(element: Element) -> str:
    return _KIND.get(type(element), "un indicateur")


def _elements(fw: Framework) -> dict[str, Element]:
    found: dict[str, Element] = {}
    for domain in fw.domains:
        found[domain.id] = domain
        for competency in domain.competencies:
            found[competency.id] = competency
            for indicator in competency.indicators:
                found[indicator.id] = indicator
    return found


def compare(old: Framework, new: Framework) -> list[Problem]:
    """Problems that make ``new`` unsafe as the next version of ``old`` (empty list: safe).

    Reports a different framework id, every id of ``old`` missing from ``new`` (domains,
    competencies, indicators) and every id that now names another kind of element.
    Label edits, new ids and retired competencies are allowed: see :func:`replacements`.
    """
    where = f"{new.id} {new.version}"
    if old.id != new.id:
        return [Problem(where, 0, "id", f"Ce n'est pas le même référentiel (« {old.id} » avant)")]
    problems: list[Problem] = []
    now = _elements(new)
    for element_id, element in _elements(old).items():
        current = now.get(element_id)
        if current is None:
            hint = " : gardez-la avec « retired: true »" if isinstance(element, Competency) else ""
            message = (
                f"Identifiant supprimé « {element_id} » (présent en version {old.version}){hint}"
            )
            problems.append(Problem(where, 0, element_id, message))
        elif type(current) is not type(element):
            message = (
                f"Identifiant réutilisé « {element_id} » : c'était {_kind(element)}, "
                f"c'est maintenant {_kind(current)}"
            )
            problems.append(Problem(where, 0, element_id, message))
    return problems


def replacements(old: Framework, new: Framework) -> dict[str, str]:
    """For each competency of ``old`` that ``new`` retires with a replacement: old id -> the
    current competency id (``replaced_by`` chains are followed to their end)."""
    found: dict[str, str] = {}
    for competency in old.competencies:
        current = new.get(competency.id)
        if current is not None and current.retired and current.replaced_by is not None:
            found[competency.id] = new.resolve(competency.id).id
    return found
