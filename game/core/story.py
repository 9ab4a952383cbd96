"""The first-day story of each trade and its job interview (format: docs/GAME_CONTENT.md).

One file per trade, ``assets/game/story/<ROME>.yaml``, kept apart from the trade files so the
story can be written without touching the tasks. The interview is a ``dialogue`` task parsed
by the same code as a trade's tasks (same honesty, floors and answer-length checks), plus the
rules of an interview, computed from its graph:

- every path from the first question to the end crosses 3 or 4 decision points;
- each decision point offers 3 or 4 answers;
- the talk really branches: at least half of the decision points send different answers to
  different next steps (the recruiter follows up on what the player said);
- every path crosses exactly one reason step (``why: true``), so "J'explique" is reachable
  whatever the path.

We chose to refuse a trade without its story once every trade has one (rather than play it
without a first day): the flow of the game counts on the mentor and the interview.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from game.core import answer_bias
from game.core.checker import LABEL_MAX, Checker
from game.core.content import DialogueData, Story, StoryLine, Task, Trade
from game.core.engines.dialogue import branching_share, dialogue_paths
from game.core.errors import ContentError, ContentProblem
from game.core.framework import FrameworkView
from game.core.loader import open_content, parse_task
from game.core.yamlsource import Path as KeyPath

SCHEMA = 1
_TOP = ("schema", "rome", "arrival", "after_task", "end_of_day", "recruiter", "interview")
LINE_MAX = 240
"""A story line is one or two short sentences."""
DECISIONS = (3, 4)
CHOICES = (3, 4)
BRANCHING_SHARE = 0.5
REQUIRE_ALL = True
"""True once every trade has its story file: a trade without one is then refused at load.
While the stories are being written, a trade without one plays without a first day."""


def _line(c: Checker, raw: object, path: KeyPath) -> StoryLine:
    block = c.mapping(raw, path, ("speaker", "text"))
    return StoryLine(
        c.text(block, "speaker", path, LABEL_MAX), c.text(block, "text", path, LINE_MAX)
    )


def interview_findings(data: DialogueData) -> list[tuple[KeyPath, str]]:
    """What makes ``data`` not a real interview (path relative to the data block)."""
    found: list[tuple[KeyPath, str]] = []
    for i, node in enumerate(data.nodes):
        if not CHOICES[0] <= len(node.choices) <= CHOICES[1]:
            found.append(
                (("nodes", i, "choices"), "un entretien propose 3 ou 4 réponses à chaque question")
            )
    why = {node.id for node in data.nodes if node.why}
    for path in dialogue_paths(data):
        if not DECISIONS[0] <= len(path) <= DECISIONS[1]:
            found.append(
                (
                    ("nodes",),
                    f"le chemin {' > '.join(path)} a {len(path)} questions (il en faut 3 ou 4)",
                )
            )
        if sum(node_id in why for node_id in path) != 1:
            found.append(
                (
                    ("nodes",),
                    f"le chemin {' > '.join(path)} doit passer par une seule question "
                    "« pourquoi » (why: true)",
                )
            )
    if branching_share(data) < BRANCHING_SHARE:
        found.append(
            (
                ("nodes",),
                "l'entretien ne bifurque pas assez : au moins la moitié des questions doivent "
                "mener à des suites différentes selon la réponse",
            )
        )
    return found


def _interview(c: Checker, top: Mapping[str, Any], trade: Trade, framework: FrameworkView) -> Task:
    path: KeyPath = ("interview",)
    task = parse_task(c, top.get("interview", {}), path, framework)
    if "interview" not in top:
        return task
    if task.engine and task.engine != "dialogue":
        c.add((*path, "engine"), "engine", "l'entretien se joue avec le moteur « dialogue »")
    if task.variants:
        c.add((*path, "variants"), "unknown_key", "l'entretien n'a pas de variantes")
    if task.id and task.id in {t.id for t in trade.tasks}:
        c.add((*path, "id"), "duplicate", f"id déjà pris par une mission du métier : {task.id}")
    if isinstance(task.data, DialogueData) and task.data.nodes:
        for where, message in interview_findings(task.data):
            c.add((*path, "data", *where), "interview", message)
        items = list(answer_bias.data_items("dialogue", task.data, (*path, "data")))
        for item in answer_bias.item_problems(items):
            c.add(item.path, "answer_length", answer_bias.item_message(item))
        for pick in answer_bias.PICKS:
            result = answer_bias.count(items, pick)
            if result.biased:
                message = answer_bias.count_message(result, "Dans cet entretien", pick)
                c.add(path, "answer_length", message)
    return task


def parse_story(raw: bytes, file: str, framework: FrameworkView, trade: Trade) -> Story:
    """Validate one story file's bytes for ``trade``; return the story or raise ContentError."""
    top_raw, c = open_content(raw, file)
    top = c.mapping(top_raw, (), _TOP)
    if "schema" in top and top["schema"] != SCHEMA:
        c.add(("schema",), "schema", f"version de format inconnue (attendue : {SCHEMA})")
    rome = c.ident(top, "rome", ())
    if rome and rome != trade.rome:
        c.add(
            ("rome",),
            "rome_mismatch",
            f"le code « {rome} » ne correspond pas au nom du fichier « {Path(file).name} »",
        )
    arrival = tuple(
        _line(c, raw_line, ("arrival", i))
        for i, raw_line in enumerate(c.seq(top, "arrival", (), 1, 2))
    )
    after: Mapping[str, Any] = {}
    if "after_task" in top:
        after = c.mapping(top["after_task"], ("after_task",), ("good", "weak"))
    empty = StoryLine("", "")
    good = _line(c, after["good"], ("after_task", "good")) if "good" in after else empty
    weak = _line(c, after["weak"], ("after_task", "weak")) if "weak" in after else empty
    end = _line(c, top["end_of_day"], ("end_of_day",)) if "end_of_day" in top else empty
    recruiter = c.text(top, "recruiter", (), LABEL_MAX)
    interview = _interview(c, top, trade, framework)
    if c.problems:
        raise ContentError(sorted(c.problems, key=lambda p: p.line))
    return Story(rome, arrival, good, weak, end, recruiter, interview, file)


def attach_stories(
    trades: Sequence[Trade],
    stories_dir: Path,
    framework: FrameworkView,
    shown: Callable[[Path], str] = str,
    *,
    require_all: bool | None = None,
) -> tuple[list[Trade], list[ContentProblem]]:
    """Each trade with its story from ``stories_dir``; a missing or orphan file is a problem."""
    problems: list[ContentProblem] = []
    by_rome = {trade.rome: trade for trade in trades}
    files = (
        {p.stem: p for p in stories_dir.iterdir() if p.suffix == ".yaml"}
        if stories_dir.is_dir()
        else {}
    )
    for stem in sorted(set(files) - set(by_rome)):
        problems.append(
            ContentProblem(
                shown(files[stem]), 0, "", "orphan", f"aucun métier {stem} pour ce récit"
            )
        )
    result = []
    for trade in trades:
        file = files.get(trade.rome)
        if file is None and not (REQUIRE_ALL if require_all is None else require_all):
            result.append(trade)
            continue
        if file is None:
            where = shown(stories_dir / f"{trade.rome}.yaml")
            problems.append(
                ContentProblem(
                    where, 0, "", "missing", f"le métier {trade.rome} n'a pas de premier jour"
                )
            )
            continue
        try:
            story = parse_story(file.read_bytes(), shown(file), framework, trade)
        except OSError as exc:
            problems.append(
                ContentProblem(shown(file), 0, "", "parse", f"lecture impossible : {exc.strerror}")
            )
            continue
        except ContentError as error:
            problems.extend(error.problems)
            continue
        result.append(dataclasses.replace(trade, story=story))
    return result, problems
