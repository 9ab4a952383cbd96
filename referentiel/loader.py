"""Read and validate framework files (see SCHEMA.md); return immutable objects.

Validation is strict and collects every problem before raising one ReferentielError. The YAML
is read as a node tree by the shared safe reader (`referentiel.safe_yaml`, worded by
`referentiel.yaml_tree`) so that each problem names the line of the value at fault. Anchors,
aliases and tags are refused before the tree is built.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from referentiel.errors import Problem, ReferentielError
from referentiel.model import Competency, Domain, Framework, Indicator, Level
from referentiel.safe_yaml import Refusal
from referentiel.yaml_tree import _TAG, _compose, _decode, _is_text, _line, _problem, _type_name

DEFAULT_DIR = Path(__file__).resolve().parent
MAX_BYTES = 2 * 1024 * 1024
# The APC scale: 0 "non évaluée" and four paliers (Je fais ... Je transfère). The database
# checks stored levels against the same bound (portfolio.models.base.TOP_LEVEL).
MAX_LEVELS = 5
CROSSWALK_KEYS = ("clea", "cps")
# The everyday label of a competency, written by the project, fits one line on a phone.
SHORT_MAX = 40
SNAPSHOT_FILE = "<instantané>"

_FRAMEWORK_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ITEM_ID = re.compile(r"[A-Za-z0-9]+(?:[-._][A-Za-z0-9]+)*")
_VERSION = re.compile(r"[0-9A-Za-z]+(?:[-.][0-9A-Za-z]+)*")
_CODE = _VERSION
_LANGUAGE = re.compile(r"[a-z]{2}")
_CHECKSUM = re.compile(r"[0-9a-f]{64}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

_TOP_KEYS = ("id", "version", "title", "publisher", "provenance", "licence", "language")
_TOP_REQUIRED = (*_TOP_KEYS, "levels", "domains")
_TOP_OPTIONAL = ("crosswalks",)

# What the project writes beside the official French labels: an everyday short label and the
# English of every text people read. Required in a file; optional in a stored snapshot, since
# the versions stored before these keys existed have none (the objects then fall back to the
# official French label).
_LEVEL_TEXTS = ("label_en", "description_en")
_DOMAIN_TEXTS = ("label_en",)
_COMPETENCY_TEXTS = ("short", "label_en", "short_en")
_INDICATOR_TEXTS = ("label_en",)
_MISSING = {
    "short": f"Libellé court manquant « short » (mots de tous les jours, {SHORT_MAX} caractères au plus)",
    "short_en": f"Libellé court anglais manquant « short_en » ({SHORT_MAX} caractères au plus)",
}


# -- one file --------------------------------------------------------------------------------


def load_framework(path: str | Path) -> Framework:
    """Read and validate one framework file. Raises ReferentielError listing every problem."""
    return _load(Path(path)).framework


def framework_from_snapshot(data: Mapping[str, Any]) -> Framework:
    """Rebuild a Framework from ``Framework.to_dict()``; same checks as a file.

    The snapshot is written back as YAML and read by the same validator, so a snapshot can
    never hold what a file could not. Problems have line 0 (a snapshot has no lines).
    """
    if not isinstance(data, Mapping):
        raise ReferentielError(
            [Problem(SNAPSHOT_FILE, 0, "", "L'instantané doit être un dictionnaire")]
        )
    content = dict(data)
    checksum = content.pop("checksum", None)
    problems: list[Problem] = []
    if not isinstance(checksum, str) or not _CHECKSUM.fullmatch(checksum):
        problems.append(
            Problem(SNAPSHOT_FILE, 0, "checksum", "Empreinte sha256 absente ou invalide")
        )
    try:
        text = yaml.dump(content, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        problems.append(
            Problem(SNAPSHOT_FILE, 0, "", "L'instantané contient des valeurs non prises en charge")
        )
        raise ReferentielError(problems) from None
    try:
        parsed = _parse_text(
            text, SNAPSHOT_FILE, cast(str, checksum) if not problems else "0" * 64, strict=False
        )
    except ReferentielError as error:
        problems.extend(Problem(p.file, 0, p.key, p.message) for p in error.problems)
        raise ReferentielError(problems) from None
    if problems:
        raise ReferentielError(problems)
    return parsed.framework


class _NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


@dataclass(frozen=True, slots=True)
class _Parsed:
    """A valid framework plus the lines of its crosswalks, for the checks across files."""

    file: str
    framework: Framework
    id_line: int
    targets: Mapping[str, tuple[int, str]]
    references: tuple[tuple[str, str, str, int, str], ...]  # (key, id, competency, line, path)


def _load(path: Path) -> _Parsed:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReferentielError([_too_large(name)])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReferentielError([Problem(name, 0, "", "Fichier introuvable")]) from None
    except IsADirectoryError:
        raise ReferentielError([Problem(name, 0, "", "C'est un dossier, pas un fichier")]) from None
    except OSError as error:
        message = f"Fichier illisible ({error.strerror or error})"
        raise ReferentielError([Problem(name, 0, "", message)]) from None
    return _parse_text(_decode(raw, name, MAX_BYTES), name, hashlib.sha256(raw).hexdigest())


def _too_large(name: str) -> Problem:
    """Refused from the file's size alone, before reading it (same words as the safe reader)."""
    return _problem(name, Refusal("size", 0), MAX_BYTES)


def _parse_text(text: str, name: str, checksum: str, *, strict: bool = True) -> _Parsed:
    root = _compose(text, name)
    walker = _Walker(name, strict=strict)
    framework = walker.framework(root, checksum)
    if walker.problems or framework is None:
        raise ReferentielError(sorted(walker.problems, key=lambda problem: problem.line))
    return _Parsed(
        name,
        framework,
        walker.id_line,
        MappingProxyType(walker.targets),
        tuple(walker.references),
    )


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# -- the walk over the node tree ---------------------------------------------------------------


@dataclass(slots=True)
class _Walker:
    """Walks the node tree of one file, collecting problems and building objects."""

    file: str
    strict: bool = True  # a file must hold the short labels and English texts; a snapshot may not
    problems: list[Problem] = field(default_factory=list)
    ids: dict[str, tuple[int, str]] = field(default_factory=dict)  # id -> (line, kind)
    targets: dict[str, tuple[int, str]] = field(default_factory=dict)
    references: list[tuple[str, str, str, int, str]] = field(default_factory=list)
    replacements: list[tuple[str, str, int, str]] = field(default_factory=list)
    retired: set[str] = field(default_factory=set)
    declared: set[str] = field(default_factory=set)  # crosswalk keys named at the top
    id_line: int = 0
    _constructor: SafeConstructor = field(default_factory=SafeConstructor)

    def error(self, line: int, key: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, key, message))

    # - generic shapes -

    def mapping(
        self, node: Node, path: str, required: Iterable[str], optional: Iterable[str] = ()
    ) -> dict[str, Node] | None:
        """The values of a mapping by key; reports unknown, duplicate and missing keys."""
        if not isinstance(node, MappingNode):
            self.error(_line(node), path, f"Dictionnaire attendu (ici : {_type_name(node)})")
            return None
        required = tuple(required)
        allowed = set(required) | set(optional)
        values: dict[str, Node] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != _TAG + "str":
                self.error(_line(key_node), path, f"Clé invalide ({_type_name(key_node)})")
                continue
            key = str(key_node.value)
            if key in key_lines:
                self.error(
                    _line(key_node),
                    _join(path, key),
                    f"Clé en double « {key} » (déjà vue ligne {key_lines[key]})",
                )
                continue
            key_lines[key] = _line(key_node)
            if key not in allowed:
                self.error(_line(key_node), _join(path, key), f"Clé inconnue « {key} »")
                continue
            values[key] = value_node
        for key in required:
            if key not in key_lines:
                self.error(_line(node), _join(path, key), _missing(key))
        return values

    def shape(
        self, required: tuple[str, ...], ours: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(required, optional) keys: the project's texts (``ours``) are required in a file."""
        if self.strict:
            return (*required, *ours), optional
        return required, (*optional, *ours)

    def ours(
        self, values: Mapping[str, Node], path: str, key: str, *, max_length: int = 300
    ) -> str | None:
        """A text written by the project (short label, English), when present."""
        node = values.get(key)
        if node is None:
            return None
        return self.text(node, _join(path, key), max_length=max_length, multiline=max_length > 300)

    def described(self, values: Mapping[str, Node], path: str) -> tuple[str | None, str | None]:
        """The optional description and its English, required once there is a description."""
        description = self.optional_description(values, path)
        english = self.ours(values, path, "description_en", max_length=2000)
        if "description" in values and "description_en" not in values and self.strict:
            line = _line(values["description"])
            self.error(line, _join(path, "description_en"), _missing("description_en"))
        if "description_en" in values and "description" not in values:
            line = _line(values["description_en"])
            message = "« description_en » sans « description » en français"
            self.error(line, _join(path, "description_en"), message)
        return description, english

    def sequence(self, node: Node, path: str, *, allow_empty: bool = True) -> list[Node] | None:
        if not isinstance(node, SequenceNode):
            self.error(_line(node), path, f"Liste attendue (ici : {_type_name(node)})")
            return None
        if not node.value and not allow_empty:
            self.error(_line(node), path, "Liste vide")
        return list(node.value)

    def text(
        self,
        node: Node,
        path: str,
        *,
        empty: str = "Valeur vide",
        max_length: int = 300,
        multiline: bool = False,
    ) -> str | None:
        if isinstance(node, ScalarNode) and node.tag == _TAG + "null":
            self.error(_line(node), path, empty)
            return None
        if not isinstance(node, ScalarNode) or node.tag != _TAG + "str":
            hint = " ; mettez la valeur entre guillemets" if isinstance(node, ScalarNode) else ""
            self.error(_line(node), path, f"Texte attendu (ici : {_type_name(node)}){hint}")
            return None
        value = str(node.value)
        if not value.strip():
            self.error(_line(node), path, empty)
            return None
        if len(value) > max_length:
            self.error(_line(node), path, f"Texte trop long (plus de {max_length} caractères)")
            return None
        if _CONTROL.search(value) or (not multiline and ("\n" in value or "\t" in value)):
            self.error(_line(node), path, "Caractère interdit (retour à la ligne ou contrôle)")
            return None
        return value

    def label(self, node: Node, path: str) -> str | None:
        return self.text(node, path, empty="Libellé vide")

    def optional_description(self, values: Mapping[str, Node], path: str) -> str | None:
        node = values.get("description")
        if node is None:
            return None
        return self.text(node, _join(path, "description"), max_length=2000, multiline=True)

    def pattern(
        self, node: Node, path: str, regex: re.Pattern[str], what: str, max_length: int
    ) -> str | None:
        value = self.text(node, path, max_length=max_length)
        if value is not None and not regex.fullmatch(value):
            self.error(_line(node), path, f"{what} invalide « {value} »")
            return None
        return value

    def item_id(self, node: Node, path: str, kind: str) -> str | None:
        """An id of the shared id space (domain, competency, indicator); reports duplicates."""
        value = self.pattern(node, path, _ITEM_ID, "Identifiant", 60)
        if value is None:
            return None
        if value in self.ids:
            seen = self.ids[value][0]
            self.error(
                _line(node), path, f"Identifiant en double « {value} » (déjà vu ligne {seen})"
            )
            return None
        self.ids[value] = (_line(node), kind)
        return value

    def integer(self, node: Node, path: str) -> int | None:
        if not isinstance(node, ScalarNode) or node.tag != _TAG + "int":
            shown = f"texte « {node.value} »" if _is_text(node) else _type_name(node)
            self.error(_line(node), path, f"Nombre entier attendu (ici : {shown})")
            return None
        if len(str(node.value)) > 9:
            self.error(_line(node), path, "Nombre trop grand")
            return None
        return int(self._constructor.construct_yaml_int(node))

    def boolean(self, node: Node, path: str) -> bool | None:
        if not isinstance(node, ScalarNode) or node.tag != _TAG + "bool":
            self.error(_line(node), path, f"true ou false attendu (ici : {_type_name(node)})")
            return None
        return bool(self._constructor.construct_yaml_bool(node))

    # - the schema -

    def framework(self, root: MappingNode, checksum: str) -> Framework | None:
        values = self.mapping(root, "", _TOP_REQUIRED, _TOP_OPTIONAL)
        if values is None:
            return None
        top: dict[str, str | None] = {}
        for key in _TOP_KEYS:
            node = values.get(key)
            if node is None:
                top[key] = None
            elif key == "id":
                self.id_line = _line(node)
                top[key] = self.pattern(node, key, _FRAMEWORK_ID, "Identifiant de référentiel", 60)
            elif key == "version":
                top[key] = self.pattern(node, key, _VERSION, "Version", 40)
            elif key == "language":
                top[key] = self.pattern(node, key, _LANGUAGE, "Code de langue", 2)
            elif key == "provenance":
                top[key] = self.text(node, key, max_length=5000, multiline=True)
            else:
                top[key] = self.text(node, key, max_length=500, multiline=key == "licence")
        crosswalks = self.crosswalk_targets(values.get("crosswalks"), top["id"])
        levels = self.levels(values["levels"]) if "levels" in values else None
        domains = self.domains(values["domains"]) if "domains" in values else None
        self.check_replacements()
        if self.problems or levels is None or domains is None:
            return None
        fields = {key: value for key, value in top.items() if value is not None}
        if len(fields) != len(_TOP_KEYS):
            return None
        return Framework(
            id=fields["id"],
            version=fields["version"],
            title=fields["title"],
            publisher=fields["publisher"],
            provenance=fields["provenance"],
            licence=fields["licence"],
            language=fields["language"],
            levels=levels,
            domains=domains,
            checksum=checksum,
            crosswalks=crosswalks,
        )

    def crosswalk_targets(
        self, node: Node | None, own_id: str | None
    ) -> tuple[tuple[str, str], ...]:
        if node is None:
            return ()
        values = self.mapping(node, "crosswalks", (), CROSSWALK_KEYS)
        if values is None:
            return ()
        targets: list[tuple[str, str]] = []
        self.declared.update(values)
        for key in CROSSWALK_KEYS:
            if key not in values:
                continue
            path = f"crosswalks.{key}"
            target = self.pattern(
                values[key], path, _FRAMEWORK_ID, "Identifiant de référentiel", 60
            )
            if target is None:
                continue
            if target == own_id:
                self.error(
                    _line(values[key]), path, "Un référentiel ne peut pas renvoyer à lui-même"
                )
                continue
            targets.append((key, target))
            self.targets[key] = (_line(values[key]), path)
        return tuple(targets)

    def levels(self, node: Node) -> tuple[Level, ...] | None:
        items = self.sequence(node, "levels", allow_empty=False)
        if items is None:
            return None
        if len(items) > MAX_LEVELS:
            self.error(_line(node), "levels", f"Trop de niveaux (plus de {MAX_LEVELS})")
            return None
        levels: list[Level] = []
        labels: dict[str, int] = {}
        for index, item in enumerate(items):
            path = f"levels[{index}]"
            values = self.mapping(
                item, path, *self.shape(("code", "label", "description"), _LEVEL_TEXTS)
            )
            if values is None:
                continue
            code = self.integer(values["code"], f"{path}.code") if "code" in values else None
            label_en = self.ours(values, path, "label_en")
            description_en = self.ours(values, path, "description_en", max_length=500)
            label = self.label(values["label"], f"{path}.label") if "label" in values else None
            description = (
                self.text(values["description"], f"{path}.description", max_length=500)
                if "description" in values
                else None
            )
            if code is not None and code != index:
                message = (
                    "Le premier niveau doit avoir le code 0"
                    if index == 0
                    else f"Niveaux dans le désordre : code {index} attendu ici, pas {code}"
                )
                self.error(_line(values["code"]), f"{path}.code", message)
                code = None
            if label is not None:
                if label in labels:
                    self.error(
                        _line(values["label"]),
                        f"{path}.label",
                        f"Libellé de niveau en double « {label} » (déjà vu ligne {labels[label]})",
                    )
                labels.setdefault(label, _line(values["label"]))
            if code is not None and label is not None and description is not None:
                levels.append(Level(code, label, description, label_en, description_en))
        return tuple(levels) if len(levels) == len(items) else None

    def domains(self, node: Node) -> tuple[Domain, ...] | None:
        items = self.sequence(node, "domains", allow_empty=False)
        if items is None:
            return None
        domains: list[Domain] = []
        codes: dict[str, int] = {}
        competency_codes: dict[str, int] = {}
        for index, item in enumerate(items):
            path = f"domains[{index}]"
            values = self.mapping(
                item,
                path,
                *self.shape(
                    ("id", "code", "label", "competencies"),
                    _DOMAIN_TEXTS,
                    ("description", "description_en"),
                ),
            )
            if values is None:
                continue
            domain_id = (
                self.item_id(values["id"], f"{path}.id", "domaine") if "id" in values else None
            )
            code = self.code(values.get("code"), f"{path}.code", codes)
            label = self.label(values["label"], f"{path}.label") if "label" in values else None
            label_en = self.ours(values, path, "label_en")
            description, description_en = self.described(values, path)
            competencies = (
                self.competencies(
                    values["competencies"],
                    f"{path}.competencies",
                    domain_id or "",
                    competency_codes,
                )
                if "competencies" in values
                else None
            )
            if domain_id and code and label and competencies is not None:
                domains.append(
                    Domain(
                        domain_id, code, label, description, competencies, label_en, description_en
                    )
                )
        return tuple(domains) if len(domains) == len(items) else None

    def code(self, node: Node | None, path: str, seen: dict[str, int]) -> str | None:
        if node is None:
            return None
        value = self.pattern(node, path, _CODE, "Code", 20)
        if value is None:
            return None
        if value in seen:
            self.error(
                _line(node), path, f"Code en double « {value} » (déjà vu ligne {seen[value]})"
            )
            return None
        seen[value] = _line(node)
        return value

    def competencies(
        self,
        node: Node,
        path: str,
        domain_id: str,
        codes: dict[str, int],
    ) -> tuple[Competency, ...] | None:
        items = self.sequence(node, path, allow_empty=False)
        if items is None:
            return None
        built: list[Competency] = []
        for index, item in enumerate(items):
            competency = self.competency(item, f"{path}[{index}]", domain_id, codes)
            if competency is not None:
                built.append(competency)
        return tuple(built) if len(built) == len(items) else None

    def competency(
        self,
        node: Node,
        path: str,
        domain_id: str,
        codes: dict[str, int],
    ) -> Competency | None:
        values = self.mapping(
            node,
            path,
            *self.shape(
                ("id", "code", "label", "indicators"),
                _COMPETENCY_TEXTS,
                ("description", "description_en", "crosswalk", "replaced_by", "retired"),
            ),
        )
        if values is None:
            return None
        competency_id = (
            self.item_id(values["id"], f"{path}.id", "compétence") if "id" in values else None
        )
        code = self.code(values.get("code"), f"{path}.code", codes)
        label = self.label(values["label"], f"{path}.label") if "label" in values else None
        short = self.ours(values, path, "short", max_length=SHORT_MAX)
        label_en = self.ours(values, path, "label_en")
        short_en = self.ours(values, path, "short_en", max_length=SHORT_MAX)
        description, description_en = self.described(values, path)
        indicators = (
            self.indicators(values["indicators"], f"{path}.indicators", competency_id or "")
            if "indicators" in values
            else None
        )
        crosswalk = self.crosswalk(
            values.get("crosswalk"), f"{path}.crosswalk", competency_id or ""
        )
        replaced_by = None
        if "replaced_by" in values:
            replaced_node = values["replaced_by"]
            replaced_by = self.pattern(
                replaced_node, f"{path}.replaced_by", _ITEM_ID, "Identifiant", 60
            )
            if replaced_by is not None and competency_id is not None:
                self.replacements.append(
                    (competency_id, replaced_by, _line(replaced_node), f"{path}.replaced_by")
                )
        retired = False
        if "retired" in values:
            retired = bool(self.boolean(values["retired"], f"{path}.retired"))
        if retired and competency_id is not None:
            self.retired.add(competency_id)
        if replaced_by is not None and not retired:
            self.error(
                _line(values["replaced_by"]),
                f"{path}.replaced_by",
                "Une compétence remplacée doit avoir « retired: true »",
            )
        if (
            competency_id is None
            or code is None
            or label is None
            or indicators is None
            or crosswalk is None
        ):
            return None
        return Competency(
            id=competency_id,
            code=code,
            label=label,
            description=description,
            domain_id=domain_id,
            indicators=indicators,
            clea=crosswalk.get("clea", ()),
            cps=crosswalk.get("cps", ()),
            replaced_by=replaced_by,
            retired=retired,
            short=short,
            label_en=label_en,
            short_en=short_en,
            description_en=description_en,
        )

    def indicators(self, node: Node, path: str, competency_id: str) -> tuple[Indicator, ...] | None:
        items = self.sequence(node, path)
        if items is None:
            return None
        built: list[Indicator] = []
        labels: dict[str, int] = {}
        for index, item in enumerate(items):
            item_path = f"{path}[{index}]"
            values = self.mapping(item, item_path, *self.shape(("id", "label"), _INDICATOR_TEXTS))
            if values is None:
                continue
            indicator_id = (
                self.item_id(values["id"], f"{item_path}.id", "indicateur")
                if "id" in values
                else None
            )
            label = self.label(values["label"], f"{item_path}.label") if "label" in values else None
            label_en = self.ours(values, item_path, "label_en")
            if label is not None:
                if label in labels:
                    self.error(
                        _line(values["label"]),
                        f"{item_path}.label",
                        f"Indicateur en double dans cette compétence (déjà vu ligne {labels[label]})",
                    )
                    continue
                labels[label] = _line(values["label"])
            if indicator_id is not None and label is not None:
                built.append(Indicator(indicator_id, label, competency_id, label_en))
        return tuple(built) if len(built) == len(items) else None

    def crosswalk(
        self, node: Node | None, path: str, competency_id: str
    ) -> dict[str, tuple[str, ...]] | None:
        if node is None:
            return {}
        values = self.mapping(node, path, (), CROSSWALK_KEYS)
        if values is None:
            return None
        result: dict[str, tuple[str, ...]] = {}
        ok = True
        for key in CROSSWALK_KEYS:
            if key not in values:
                continue
            key_path = f"{path}.{key}"
            if key not in self.declared:
                self.error(
                    _line(values[key]),
                    key_path,
                    f"Correspondance « {key} » non déclarée dans « crosswalks »",
                )
                ok = False
            items = self.sequence(values[key], key_path)
            if items is None:
                ok = False
                continue
            ids: list[str] = []
            for index, item in enumerate(items):
                item_path = f"{key_path}[{index}]"
                value = self.pattern(item, item_path, _ITEM_ID, "Identifiant", 60)
                if value is None:
                    ok = False
                elif value in ids:
                    self.error(_line(item), item_path, f"Identifiant en double « {value} »")
                    ok = False
                else:
                    ids.append(value)
                    self.references.append((key, value, competency_id, _line(item), item_path))
            result[key] = tuple(ids)
        return result if ok else None

    def check_replacements(self) -> None:
        """replaced_by names a competency of this file, and the chains have no loop."""
        graph = {source: target for source, target, _, _ in self.replacements}
        for source, target, line, path in self.replacements:
            known = self.ids.get(target)
            if known is None:
                self.error(line, path, f"Compétence de remplacement inconnue « {target} »")
                continue
            if known[1] != "compétence":
                self.error(
                    line, path, f"« {target} » n'est pas une compétence (c'est un {known[1]})"
                )
                continue
            chain = [source]
            current: str | None = target
            while current is not None and current not in chain:
                chain.append(current)
                current = graph.get(current)
            if current == source:
                loop = " → ".join([*chain, source])
                self.error(line, path, f"Boucle de remplacement : {loop}")
            elif current is None and chain[-1] in self.retired:
                self.error(
                    line,
                    path,
                    f"La compétence de remplacement « {chain[-1]} » est retirée sans remplacement",
                )


def _missing(key: str) -> str:
    if key in _MISSING:
        return _MISSING[key]
    if key.endswith("_en"):
        return f"Texte anglais manquant « {key} » (notre traduction du texte français)"
    return f"Clé manquante « {key} »"
