"""Load and validate the trade files (format: docs/GAME_CONTENT.md).

Every problem of every file is collected before anything is raised, each with its file, line
and key, so a content writer fixes a whole batch at once. A file with a problem never becomes
a :class:`~game.core.content.Trade`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from game.core import answer_bias
from game.core.checker import ACCESS_MAX, LABEL_MAX, TEXT_MAX, Checker
from game.core.content import (
    ENGINES,
    GAME_LEVELS,
    GRAND_DOMAINS,
    REGULATED_TRADES,
    RIASEC,
    Band,
    Catalogue,
    CompetencyRef,
    EngineData,
    Image,
    Intro,
    OrderData,
    Task,
    Trade,
)
from game.core.engine_data import ENGINE_PARSERS
from game.core.errors import ContentError, ContentProblem
from game.core.framework import FrameworkView
from game.core.honesty import band_finding, has_why_step, indicator_finding
from game.core.yamlsource import Path as KeyPath
from game.core.yamlsource import YamlSourceError, format_path, load_yaml

SCHEMA = 1
_ROME = re.compile(r"[A-N][0-9]{4}")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
VARIANTS_MAX = 3
"""A task has its ``data`` and at most this many ``variants`` (other versions of it)."""

# -- one trade ---------------------------------------------------------------------------

_TOP_REQUIRED = (
    "schema",
    "rome",
    "rome_parent",
    "label",
    "grand_domaine",
    "riasec",
    "regulated",
    "intro",
    "tasks",
)
_TASK_REQUIRED = ("id", "engine", "title", "instructions", "competencies", "bands", "data")


def _competencies(
    c: Checker, block: Mapping[str, Any], path: KeyPath, framework: FrameworkView
) -> tuple[CompetencyRef, ...]:
    refs = []
    for i, raw in enumerate(c.seq(block, "competencies", path, 1, 3)):
        here = (*path, "competencies", i)
        entry = c.mapping(raw, here, ("id", "indicators"))
        comp_id = c.ident(entry, "id", here)
        known = framework.competencies.get(comp_id)
        if comp_id and known is None:
            c.add(
                (*here, "id"),
                "unknown_competency",
                f"compétence inconnue dans le référentiel : {comp_id}",
            )
        elif known is not None and known.retired:
            c.add(
                (*here, "id"),
                "unknown_competency",
                f"compétence retirée du référentiel : {comp_id}",
            )
        indicators = []
        for j, ind in enumerate(c.seq(entry, "indicators", here, 1, 12)):
            at = (*here, "indicators", j)
            if not isinstance(ind, str):
                c.add(at, "type", "doit être l'id d'un indicateur")
                continue
            owner = framework.owner_of(ind)
            if owner is None:
                c.add(at, "unknown_indicator", f"indicateur inconnu dans le référentiel : {ind}")
            elif comp_id and owner != comp_id:
                c.add(
                    at,
                    "indicator_mismatch",
                    f"l'indicateur {ind} appartient à {owner}, pas à {comp_id}",
                )
            indicators.append(ind)
        c.unique(indicators, (*here, "indicators"), "", "indicateur")
        refs.append(CompetencyRef(comp_id, tuple(indicators)))
    c.unique([r.id for r in refs], (*path, "competencies"), "id", "compétence")
    return tuple(refs)


def _bands(
    c: Checker, block: Mapping[str, Any], path: KeyPath, framework: FrameworkView
) -> tuple[Band, ...]:
    bands = []
    for i, raw in enumerate(c.seq(block, "bands", path, 1, 3)):
        here = (*path, "bands", i)
        entry = c.mapping(raw, here, ("min", "level"))
        band = Band(c.number(entry, "min", here, 0, 1), c.integer(entry, "level", here))
        if "level" in entry and band.level not in GAME_LEVELS:
            c.add(
                (*here, "level"),
                "level",
                f"le jeu ne donne que les niveaux 0, 1 ou 2 (trouvé {band.level})",
            )
        elif "level" in entry and framework.levels and band.level not in framework.levels:
            c.add(
                (*here, "level"),
                "level",
                f"niveau absent de l'échelle du référentiel : {band.level}",
            )
        bands.append(band)
    if bands and bands[0].min != 0:
        c.add((*path, "bands", 0, "min"), "bands", "le premier palier doit commencer à 0")
    for i in range(1, len(bands)):
        if bands[i].min <= bands[i - 1].min:
            c.add((*path, "bands", i, "min"), "bands", "les seuils doivent monter")
        if bands[i].level < bands[i - 1].level:
            c.add((*path, "bands", i, "level"), "bands", "les niveaux ne doivent pas descendre")
    return tuple(bands)


def parse_task(c: Checker, raw: object, path: KeyPath, framework: FrameworkView) -> Task:
    """Validate one task block found at ``path`` (a trade's task, or a story's interview)."""
    block = c.mapping(raw, path, _TASK_REQUIRED, ("hints", "variants"))
    task_id = c.ident(block, "id", path)
    if task_id and not _SLUG.fullmatch(task_id):
        c.add(
            (*path, "id"),
            "type",
            "l'id s'écrit en minuscules, chiffres et tirets (ex. mise-en-rayon)",
        )
    engine = block.get("engine")
    data: EngineData = OrderData(())
    if "engine" in block and engine not in ENGINES:
        c.add(
            (*path, "engine"),
            "engine",
            f"moteur inconnu « {engine} » (possibles : {', '.join(ENGINES)})",
        )
    elif isinstance(engine, str) and "data" in block:
        data = ENGINE_PARSERS[engine](c, block["data"], (*path, "data"))
    variants: list[EngineData] = []
    if "variants" in block and isinstance(engine, str) and engine in ENGINES:
        parse = ENGINE_PARSERS[engine]
        for v, raw_variant in enumerate(c.seq(block, "variants", path, 1, VARIANTS_MAX)):
            variants.append(parse(c, raw_variant, (*path, "variants", v)))
    hints = c.texts(block, "hints", path, 0, 3) if "hints" in block else ()
    task = Task(
        id=task_id,
        engine=engine if isinstance(engine, str) else "",
        title=c.text(block, "title", path, LABEL_MAX),
        instructions=c.text(block, "instructions", path),
        competencies=_competencies(c, block, path, framework),
        bands=_bands(c, block, path, framework),
        hints=hints,
        data=data,
        variants=tuple(variants),
    )
    if task.engine in ENGINES:
        _honest(c, task, path)
    return task


def _honest(c: Checker, task: Task, path: KeyPath) -> None:
    """An engine claims only what it can show (game.core.honesty, docs/GAME_CONTENT.md)."""
    for i, ref in enumerate(task.competencies):
        for j, indicator in enumerate(ref.indicators):
            why = indicator_finding(task.engine, indicator)
            if why is not None:
                c.add((*path, "competencies", i, "indicators", j), "honest", why)
    why_step = all(has_why_step(data) for data in task.all_data)
    for i, band in enumerate(task.bands):
        if band.level >= 1:
            why = band_finding(task.engine, band.level, band.min, why_step)
            if why is not None:
                c.add((*path, "bands", i), "honest", why)


def _intro(c: Checker, top: Mapping[str, Any], assets_root: Path | None) -> Intro:
    path: KeyPath = ("intro",)
    if "intro" not in top:
        return Intro("", "", "", None)
    block = c.mapping(top["intro"], path, ("title", "text", "where"), ("image",))
    image = None
    if "image" in block and block["image"] is not None:
        here = (*path, "image")
        raw = c.mapping(block["image"], here, ("file",), ("alt",))
        file = raw.get("file")
        if file is not None and not isinstance(file, str):
            c.add((*here, "file"), "type", "doit être un chemin de fichier ou null")
            file = None
        alt = ""
        if "alt" in raw:
            alt = c.text(raw, "alt", here)
        elif file is not None:
            c.add(here, "alt_missing", "une image doit avoir un texte de remplacement (alt)")
        if file is not None and assets_root is not None:
            target = (assets_root / file).resolve()
            if (
                assets_root.resolve() not in target.parents
                or target.suffix.lower() not in _IMAGE_SUFFIXES
            ):
                c.add(
                    (*here, "file"), "image", "l'image doit être un .png ou .jpg dans assets/game"
                )
            elif not target.is_file():
                c.add((*here, "file"), "image", f"image introuvable : {file}")
        image = Image(file, alt)
    return Intro(
        c.text(block, "title", path, LABEL_MAX),
        c.text(block, "text", path, TEXT_MAX),
        c.text(block, "where", path, TEXT_MAX),
        image,
    )


def _answer_lengths(c: Checker, tasks: Sequence[Task]) -> None:
    """Refuse options whose length gives the right answer away (see game.core.answer_bias)."""
    items = answer_bias.trade_items(tasks)
    for item in answer_bias.item_problems(items):
        c.add(item.path, "answer_length", answer_bias.item_message(item))
    for pick in answer_bias.PICKS:
        result = answer_bias.count(items, pick)
        if result.biased:
            culprits = ", ".join(format_path(item.path) for item in items if item.wins(pick))
            message = answer_bias.count_message(result, "Dans ce métier", pick)
            c.add(("tasks",), "answer_length", f"{message} (en cause : {culprits})")


def open_content(raw: bytes, file: str) -> tuple[Any, Checker]:
    """Parse a content file's YAML: its top value and a checker that already holds the keys
    written twice; a file that is not YAML raises :class:`ContentError` with its line."""
    try:
        top_raw, lines = load_yaml(raw)
    except YamlSourceError as exc:
        raise ContentError([ContentProblem(file, exc.line, "", "parse", exc.message)]) from None
    c = Checker(file, lines)
    for dup_path, line in lines.duplicates:
        c.problems.append(
            ContentProblem(file, line, format_path(dup_path), "duplicate", "champ écrit deux fois")
        )
    return top_raw, c


def parse_trade(
    raw: bytes, file: str, framework: FrameworkView, *, assets_root: Path | None = None
) -> Trade:
    """Validate one trade file's bytes; return the trade or raise :class:`ContentError`.

    ``file`` is the name used in messages; its stem must be the ROME code.
    """
    top_raw, c = open_content(raw, file)
    top = c.mapping(top_raw, (), _TOP_REQUIRED, ("access",))
    if "schema" in top and top["schema"] != SCHEMA:
        c.add(("schema",), "schema", f"version de format inconnue (attendue : {SCHEMA})")
    rome = c.ident(top, "rome", ())
    stem = Path(file).stem
    if rome and not _ROME.fullmatch(rome):
        c.add(("rome",), "type", "code ROME attendu : une lettre A à N et 4 chiffres (ex. D1507)")
    elif rome and rome != stem:
        c.add(
            ("rome",),
            "rome_mismatch",
            f"le code « {rome} » ne correspond pas au nom du fichier « {Path(file).name} »",
        )
    parent = c.ident(top, "rome_parent", ())
    if parent and not _ROME.fullmatch(parent):
        c.add(("rome_parent",), "type", "code ROME attendu : une lettre A à N et 4 chiffres")
    domain = top.get("grand_domaine")
    if "grand_domaine" in top and domain not in GRAND_DOMAINS:
        c.add(("grand_domaine",), "type", "grand domaine attendu : une lettre de A à N")
    elif isinstance(domain, str) and rome and rome[0] != domain:
        c.add(
            ("grand_domaine",),
            "rome_mismatch",
            f"le code {rome} n'est pas dans le grand domaine {domain}",
        )
    riasec = c.seq(top, "riasec", (), 1, 2)
    for i, letter in enumerate(riasec):
        if letter not in RIASEC:
            c.add(("riasec", i), "type", "lettre RIASEC attendue : R, I, A, S, E ou C")
    c.unique([str(x) for x in riasec], ("riasec",), "", "lettre")
    label = c.text(top, "label", (), LABEL_MAX)
    regulated = c.boolean(top, "regulated", ())
    access = None
    if rome in REGULATED_TRADES and "regulated" in top and not regulated:
        c.add(
            ("regulated",), "regulated", f"le métier {rome} est réglementé : mettre regulated: true"
        )
    if regulated:
        if "access" not in top:
            c.add((), "missing", "champ manquant « access » (métier réglementé)")
        access = c.text(top, "access", (), ACCESS_MAX)
    elif "access" in top and top["access"] is not None:
        access = c.text(top, "access", (), ACCESS_MAX)
    intro = _intro(c, top, assets_root)
    tasks = [
        parse_task(c, raw_task, ("tasks", i), framework)
        for i, raw_task in enumerate(c.seq(top, "tasks", (), 2, 3))
    ]
    c.unique([t.id for t in tasks], ("tasks",), "id", "tâche")
    _answer_lengths(c, tasks)
    if c.problems:
        raise ContentError(sorted(c.problems, key=lambda p: p.line))
    return Trade(
        rome=rome,
        rome_parent=parent,
        label=label,
        grand_domaine=str(domain),
        riasec=tuple(str(x) for x in riasec),
        regulated=regulated,
        access=access,
        intro=intro,
        tasks=tuple(tasks),
        source=file,
        content_hash=hashlib.sha256(raw).hexdigest(),
    )


# -- the whole catalogue -----------------------------------------------------------------


def coverage_problems(
    trades: Sequence[Trade], framework: FrameworkView, where: str
) -> list[ContentProblem]:
    """Problems across files: a competency no task exercises, an engine no task uses."""
    problems = []
    used = {ref.id for trade in trades for task in trade.tasks for ref in task.competencies}
    missing = [cid for cid in framework.active_ids if cid not in used]
    if missing:
        problems.append(
            ContentProblem(
                where,
                0,
                "",
                "coverage",
                f"compétences exercées par aucune tâche : {', '.join(missing)}",
            )
        )
    engines = {task.engine for trade in trades for task in trade.tasks}
    unused = [name for name in ENGINES if name not in engines]
    if unused:
        problems.append(
            ContentProblem(
                where, 0, "", "coverage", f"moteurs utilisés par aucune tâche : {', '.join(unused)}"
            )
        )
    return problems


def catalogue_bias_problems(trades: Sequence[Trade], where: str) -> list[ContentProblem]:
    """Across all files, the longest (or shortest) option is not right more often than chance.

    Each file passing alone is not enough: many files each slightly biased add up to a
    catalogue where "pick the longest" pays.
    """
    items = [item for trade in trades for item in answer_bias.trade_items(trade.played_tasks)]
    problems = []
    for pick in answer_bias.PICKS:
        result = answer_bias.count(items, pick)
        if result.biased:
            message = answer_bias.count_message(result, "Sur tous les métiers", pick)
            problems.append(ContentProblem(where, 0, "", "answer_length", message))
    return problems


def load_catalogue(
    trades_dir: Path,
    framework: FrameworkView,
    *,
    version: str,
    assets_root: Path | None = None,
    check_coverage: bool = True,
    stories_dir: Path | None = None,
    require_stories: bool | None = None,
) -> Catalogue:
    """Load every ``*.yaml`` file of ``trades_dir`` (and their stories from ``stories_dir``).

    Raises :class:`ContentError` with the problems of every file, and with the coverage
    problems across files when ``check_coverage`` is true. With ``stories_dir``, every trade
    must have its story file there (``game.core.story``; ``require_stories`` None follows
    ``story.REQUIRE_ALL``), and every story file its trade.
    """
    shown = _shown(trades_dir)
    if not trades_dir.is_dir():
        raise ContentError(
            [ContentProblem(shown, 0, "", "missing", "dossier des métiers introuvable")]
        )
    files = sorted(
        p for p in trades_dir.iterdir() if p.suffix == ".yaml" and not p.name.startswith(".")
    )
    if not files:
        raise ContentError(
            [ContentProblem(shown, 0, "", "missing", "aucun fichier .yaml de métier")]
        )
    problems: list[ContentProblem] = []
    trades: list[Trade] = []
    for path in files:
        name = _shown(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            problems.append(
                ContentProblem(name, 0, "", "parse", f"lecture impossible : {exc.strerror}")
            )
            continue
        try:
            trades.append(parse_trade(raw, name, framework, assets_root=assets_root))
        except ContentError as error:
            problems.extend(error.problems)
    if check_coverage and not problems:
        problems.extend(coverage_problems(trades, framework, shown))
    if stories_dir is not None and not problems:
        from game.core.story import attach_stories  # story.py builds on this module

        trades, story_problems = attach_stories(
            trades, stories_dir, framework, _shown, require_all=require_stories
        )
        problems.extend(story_problems)
    if check_coverage and not problems:
        problems.extend(catalogue_bias_problems(trades, shown))
    if problems:
        raise ContentError(problems)
    return Catalogue(tuple(sorted(trades, key=lambda t: t.rome)), version)


def load_version(manifest: Path) -> str:
    """Read the content version (``version: "2026.11"``) from ``assets/game/content.yaml``."""
    shown = _shown(manifest)
    try:
        data, lines = load_yaml(manifest.read_bytes())
    except OSError:
        raise ContentError(
            [ContentProblem(shown, 0, "", "missing", "fichier introuvable")]
        ) from None
    except YamlSourceError as exc:
        raise ContentError([ContentProblem(shown, exc.line, "", "parse", exc.message)]) from None
    c = Checker(shown, lines)
    block = c.mapping(data, (), ("schema", "version"))
    version = c.ident(block, "version", ())
    if c.problems:
        raise ContentError(c.problems)
    return version


def _shown(path: Path) -> str:
    """A short path for messages: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
