"""A folder of framework files: load every file, then check the crosswalks across files.

Split from :mod:`referentiel.loader` (which reads and checks one file) so that each module
stays small; the rules are those of SCHEMA.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

from referentiel.errors import Problem, ReferentielError
from referentiel.loader import DEFAULT_DIR, _load, _Parsed, load_framework
from referentiel.model import Competency, Domain, Framework, summary

# -- a directory -------------------------------------------------------------------------------


class Frameworks(Mapping[str, Framework]):
    """A read-only mapping of framework id -> Framework, in file-name order."""

    __slots__ = ("_items",)
    _items: Mapping[str, Framework]

    def __init__(self, frameworks: Iterable[Framework] = ()) -> None:
        items: dict[str, Framework] = {}
        for framework in frameworks:
            if framework.id in items:
                raise ValueError(f"Référentiel en double « {framework.id} »")
            items[framework.id] = framework
        object.__setattr__(self, "_items", MappingProxyType(items))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Frameworks is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Frameworks is read-only")

    def __getitem__(self, framework_id: str) -> Framework:
        return self._items[framework_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        inside = ", ".join(f"{fw.id} {fw.version}" for fw in self._items.values())
        return f"Frameworks({inside})"


def load_frameworks(directory: str | Path = DEFAULT_DIR) -> Frameworks:
    """Load every ``*.yaml`` / ``*.yml`` file of a directory and check crosswalks across files.

    Raises ReferentielError listing the problems of every file at once.
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise ReferentielError([Problem(str(folder), 0, "", "Dossier introuvable")])
    files = sorted(
        p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
    )
    if not files:
        raise ReferentielError([Problem(str(folder), 0, "", "Aucun fichier .yaml dans ce dossier")])
    problems: list[Problem] = []
    by_id: dict[str, _Parsed] = {}
    for path in files:
        try:
            parsed = _load(path)
        except ReferentielError as error:
            problems.extend(error.problems)
            continue
        other = by_id.get(parsed.framework.id)
        if other is not None:
            message = f"Référentiel en double « {parsed.framework.id} » (déjà dans {other.file})"
            problems.append(Problem(parsed.file, parsed.id_line, "id", message))
            continue
        by_id[parsed.framework.id] = parsed
    problems.extend(_crosswalk_problems(by_id, complete=not problems))
    if problems:
        raise ReferentielError(problems)
    return Frameworks(parsed.framework for parsed in by_id.values())


def _crosswalk_problems(by_id: Mapping[str, _Parsed], *, complete: bool) -> Iterator[Problem]:
    """Every crosswalk id must name a current competency or indicator of the target file.

    When some file failed to load (``complete`` is False), a missing target framework may be
    that file, so it is not reported again.
    """
    for parsed in by_id.values():
        targets = dict(parsed.framework.crosswalks)
        for key, target in targets.items():
            if target not in by_id and complete:
                line, path = parsed.targets[key]
                yield Problem(
                    parsed.file, line, path, f"Référentiel « {target} » absent du dossier"
                )
        for key, ref, _, line, path in parsed.references:
            target_parsed = by_id.get(targets.get(key, ""))
            if target_parsed is None:
                continue
            target_fw = target_parsed.framework
            element = target_fw.element(ref)
            if element is None:
                message = f"Identifiant inconnu « {ref} » dans le référentiel « {target_fw.id} »"
            elif isinstance(element, Domain):
                message = (
                    f"« {ref} » est un domaine de « {target_fw.id} » : choisissez une compétence"
                )
            elif isinstance(element, Competency) and element.retired:
                message = f"« {ref} » est retirée dans « {target_fw.id} »"
            else:
                continue
            yield Problem(parsed.file, line, path, message)


def check(path: str | Path) -> tuple[bool, str]:
    """Validate a file or a directory for the command line.

    Returns (True, one summary line per framework) or (False, one problem per line). A
    directory also checks the crosswalks between its files.
    """
    target = Path(path)
    try:
        if target.is_dir():
            loaded = load_frameworks(target)
            return True, "\n".join(summary(fw) for fw in loaded.values())
        return True, summary(load_framework(target))
    except ReferentielError as error:
        return False, str(error)
