"""Catalogue files: the strict YAML and CSV loaders, and the export in both formats.

The loaders are as strict as the référentiel's: they read the whole file, report every problem
with ``file:line`` (unknown competency id, duplicate code, unknown kind, bad duration, unknown
key...) and return activities only when there is none. YAML is read through the project's one
safe reader (``referentiel.safe_yaml``: no anchors, aliases or tags, a size limit), so a line is
known for every value. The schema is documented in docs/ACTIVITIES.md.

CSV is for spreadsheets: UTF-8 (a BOM is fine), ``;`` or ``,`` between columns (the first line
decides), the column names of :data:`CSV_COLUMNS` in the first line, competency and indicator
ids separated by spaces.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from portfolio.activities.services.rules import ActivityError, ActivitySpec, check_activity
from portfolio.models import Activity
from portfolio.services.i18n import gettext as _
from referentiel import Framework, Problem, safe_yaml

MAX_FILE_BYTES = 1024 * 1024
MAX_ACTIVITIES = 2000
ACTIVITY_KEYS = (
    "code",
    "title",
    "title_en",
    "kind",
    "duration",
    "group_size",
    "description",
    "description_en",
    "targets",
)
CSV_COLUMNS = (*ACTIVITY_KEYS, "indicators")
TAG = safe_yaml.TAG


class CatalogueFileError(ValueError):
    """A catalogue file is refused; ``problems`` lists every problem, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: p.line))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class LoadedActivity:
    spec: ActivitySpec
    line: int


def load_catalogue(
    raw: bytes, name: str, frameworks: Mapping[str, Framework]
) -> list[LoadedActivity]:
    """The activities of a ``.yaml``/``.yml`` or ``.csv`` file, or :class:`CatalogueFileError`."""
    lowered = name.lower()
    if lowered.endswith((".yaml", ".yml")):
        return load_yaml(raw, name, frameworks)
    if lowered.endswith(".csv"):
        return load_csv(raw, name, frameworks)
    raise CatalogueFileError(
        [Problem(name, 0, "", _("Le fichier doit finir par .yaml, .yml ou .csv."))]
    )


def _decode(raw: bytes, name: str) -> str:
    try:
        return safe_yaml.decode(raw, MAX_FILE_BYTES)
    except safe_yaml.YamlRefused as refused:
        first = refused.refusals[0]
        if first.kind == "size":
            message = _("Fichier trop gros (1 Mo au plus).")
        else:
            message = _("Le fichier n'est pas en UTF-8.")
        raise CatalogueFileError([Problem(name, first.line, "", message)]) from None


# -- YAML ------------------------------------------------------------------------------------


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _plain(node: Node) -> object:
    """A scalar's value, or a list of scalars' values; anything else is returned as the node."""
    if isinstance(node, ScalarNode):
        if node.tag == TAG + "null":
            return None
        if node.tag == TAG + "int":
            return int(node.value) if node.value.lstrip("+-").isdigit() else node.value
        if node.tag == TAG + "str":
            return str(node.value)
        return node  # bool, float, date: a wrong type, said by the rules
    if isinstance(node, SequenceNode):
        values = [_plain(item) for item in node.value]
        return values if all(isinstance(v, str) for v in values) else node
    return node


def load_yaml(raw: bytes, name: str, frameworks: Mapping[str, Framework]) -> list[LoadedActivity]:
    """The activities of a YAML catalogue file (schema: docs/ACTIVITIES.md)."""
    source = _decode(raw, name)
    try:
        root = safe_yaml.compose(source)
    except safe_yaml.YamlRefused as refused:
        raise CatalogueFileError(
            Problem(name, r.line, "", _("YAML refusé : %(why)s", why=r.detail or r.kind))
            for r in refused.refusals
        ) from None
    problems = [
        Problem(name, d.line, ".".join(map(str, d.path)), _("Clé écrite deux fois."))
        for d in safe_yaml.duplicate_keys(root)
    ]
    items = _activity_nodes(root, name, problems)
    if len(items) > MAX_ACTIVITIES:
        problems.append(Problem(name, 0, "", _("Trop d'activités dans un seul fichier.")))
        items = []
    loaded: list[LoadedActivity] = []
    codes: list[tuple[object, int]] = []
    for index, item in enumerate(items):
        found = _yaml_activity(item, f"activities[{index}]", name, frameworks, problems, codes)
        if found is not None:
            loaded.append(found)
    _duplicate_codes(codes, name, problems)
    if problems:
        raise CatalogueFileError(problems)
    return loaded


def _activity_nodes(root: Node | None, name: str, problems: list[Problem]) -> list[Node]:
    if not isinstance(root, MappingNode):
        line = _line(root) if root is not None else 1
        problems.append(
            Problem(name, line, "", _("Le fichier doit commencer par « activities: »."))
        )
        return []
    items: list[Node] = []
    for key, value in root.value:
        if not (isinstance(key, ScalarNode) and key.value == "activities"):
            problems.append(
                Problem(
                    name,
                    _line(key),
                    str(key.value),
                    _("Clé inconnue (seule « activities » est attendue)."),
                )
            )
        elif not isinstance(value, SequenceNode):
            problems.append(
                Problem(name, _line(value), "activities", _("« activities » doit être une liste."))
            )
        else:
            items = list(value.value)
    if not items and not problems:
        problems.append(Problem(name, 1, "activities", _("Aucune activité dans le fichier.")))
    return items


def _yaml_activity(
    node: Node,
    path: str,
    name: str,
    frameworks: Mapping[str, Framework],
    problems: list[Problem],
    codes: list[tuple[object, int]],
) -> LoadedActivity | None:
    if not isinstance(node, MappingNode):
        problems.append(
            Problem(
                name, _line(node), path, _("Une activité doit être un dictionnaire (clé: valeur).")
            )
        )
        return None
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
        if key not in ACTIVITY_KEYS:
            problems.append(Problem(name, _line(key_node), f"{path}.{key}", _("Clé inconnue.")))
            continue
        lines[key] = _line(value_node)
        if key == "targets":
            values["targets"], values["indicators"] = _yaml_targets(value_node)
        else:
            values[key] = _plain(value_node)
    codes.append((values.get("code"), lines.get("code", _line(node))))
    try:
        spec = check_activity(values, frameworks)
    except ActivityError as error:
        for p in error.problems:
            field = "targets" if p.key == "indicators" else p.key
            line = lines.get(field, _line(node))
            problems.append(Problem(name, line, f"{path}.{field}", p.message))
        return None
    return LoadedActivity(spec, _line(node))


def _yaml_targets(node: Node) -> tuple[object, object]:
    """``targets``: a list of ids, or of ``{competency: ID, indicators: [IDS]}`` mappings."""
    if not isinstance(node, SequenceNode):
        return _plain(node), []
    ids: list[object] = []
    indicators: list[str] = []
    for item in node.value:
        if isinstance(item, MappingNode):
            fields = {str(k.value): _plain(v) for k, v in item.value if isinstance(k, ScalarNode)}
            ids.append(fields.get("competency"))
            more = fields.get("indicators")
            if isinstance(more, list):
                indicators += [str(i) for i in more]
            elif isinstance(more, str):
                indicators += more.split()
        else:
            ids.append(_plain(item))
    return ids, indicators


def _duplicate_codes(
    codes: Sequence[tuple[object, int]], name: str, problems: list[Problem]
) -> None:
    """Every code written twice (as typed, case aside), with the line of its first use."""
    first: dict[str, int] = {}
    for raw, line in codes:
        if not isinstance(raw, str) or not raw.strip():
            continue
        code = raw.strip().upper()
        seen = first.setdefault(code, line)
        if seen != line:
            problems.append(
                Problem(
                    name,
                    line,
                    "code",
                    _("Code en double « %(code)s » (déjà ligne %(line)d).", code=code, line=seen),
                )
            )


# -- CSV -------------------------------------------------------------------------------------


def load_csv(raw: bytes, name: str, frameworks: Mapping[str, Framework]) -> list[LoadedActivity]:
    """The activities of a CSV catalogue file: one line per activity after the header."""
    source = _decode(raw, name)
    first_line = source.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(source, newline=""), delimiter=delimiter, strict=True)
    problems: list[Problem] = []
    loaded: list[LoadedActivity] = []
    codes: list[tuple[object, int]] = []
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        unknown = [h for h in header if h not in CSV_COLUMNS]
        missing = [
            c
            for c in ("code", "title", "kind", "duration", "group_size", "targets")
            if c not in header
        ]
        if unknown or missing:
            problems.append(_header_problem(name, unknown, missing))
            raise CatalogueFileError(problems)
        for row in reader:
            line = reader.line_num
            if len(loaded) + len(problems) > MAX_ACTIVITIES:
                problems.append(
                    Problem(name, line, "", _("Trop d'activités dans un seul fichier."))
                )
                break
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                problems.append(
                    Problem(
                        name,
                        line,
                        "",
                        _("%(n)d colonnes au lieu de %(m)d.", n=len(row), m=len(header)),
                    )
                )
                continue
            values = dict(zip(header, row, strict=True))
            codes.append((values.get("code"), line))
            try:
                spec = check_activity(values, frameworks)
            except ActivityError as error:
                problems += [Problem(name, line, p.key, p.message) for p in error.problems]
            else:
                loaded.append(LoadedActivity(spec, line))
    except csv.Error:
        problems.append(
            Problem(name, reader.line_num, "", _("Ligne CSV illisible (guillemets ?)."))
        )
    if not loaded and not problems:
        problems.append(Problem(name, 1, "", _("Aucune activité dans le fichier.")))
    _duplicate_codes(codes, name, problems)
    if problems:
        raise CatalogueFileError(problems)
    return loaded


def _header_problem(name: str, unknown: list[str], missing: list[str]) -> Problem:
    parts = []
    if unknown:
        parts.append(_("colonnes inconnues : %(cols)s", cols=", ".join(unknown)))
    if missing:
        parts.append(_("colonnes manquantes : %(cols)s", cols=", ".join(missing)))
    return Problem(name, 1, "", _("Première ligne : %(what)s.", what=" ; ".join(parts)))


# -- export ----------------------------------------------------------------------------------


def _targets_of(activity: Activity) -> list[object]:
    out: list[object] = []
    for target in activity.targets:
        if target.indicator_ids:
            out.append(
                {"competency": target.competency_id, "indicators": list(target.indicator_ids)}
            )
        else:
            out.append(target.competency_id)
    return out


def export_yaml(activities: Iterable[Activity]) -> str:
    """The activities as a YAML catalogue file the loader reads back unchanged."""
    items = []
    for a in activities:
        item: dict[str, object] = {
            "code": a.code,
            "title": a.title,
            "kind": a.kind.value,
            "duration": a.duration_minutes,
            "group_size": a.group_size,
            "description": a.description,
        }
        if a.title_en:
            item["title_en"] = a.title_en
        if a.description_en:
            item["description_en"] = a.description_en
        item["targets"] = _targets_of(a)
        items.append(item)
    return yaml.safe_dump({"activities": items}, allow_unicode=True, sort_keys=False, width=100)


def export_csv(activities: Iterable[Activity]) -> str:
    """The activities as CSV for a spreadsheet (``;`` between columns, as French ones expect)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for a in activities:
        writer.writerow(
            [
                a.code,
                a.title,
                a.title_en,
                a.kind.value,
                a.duration_minutes,
                a.group_size,
                a.description,
                a.description_en,
                " ".join(t.competency_id for t in a.targets),
                " ".join(i for t in a.targets for i in t.indicator_ids),
            ]
        )
    return buffer.getvalue()
