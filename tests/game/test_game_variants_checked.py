"""Every version of a task is checked, not only ``data``: honest tags, reason steps, luck.

A play draws one version (its data or a variant) from its seed, so a rule that holds for the
data only would let a player meet a variant the rule never saw.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from game_builders import ENGINE_DATA, task_dict, trade_dict

from game.core.errors import ContentError
from game.core.framework import FrameworkView
from game.core.loader import parse_trade

WHY_QUESTION = {
    "prompt": "Pourquoi ne faut-il pas téléphoner en conduisant ?",
    "options": ["On regarde moins la route", "Le forfait coûte plus cher", "La radio est coupée"],
    "answer": 0,
    "explanation": "Les yeux et la tête quittent la route : le risque d'accident monte.",
    "why": True,
}


def _problems(trade: dict[str, Any], framework: FrameworkView) -> dict[str, Any]:
    raw = yaml.safe_dump(trade, allow_unicode=True, sort_keys=False).encode()
    with pytest.raises(ContentError) as caught:
        parse_trade(raw, "D1507.yaml", framework)
    return {p.key: p for p in caught.value.problems}


def _quiz_with_reason() -> dict[str, Any]:
    quiz = task_dict("quiz", "regles")
    quiz["data"]["questions"].append(copy.deepcopy(WHY_QUESTION))
    quiz["bands"].append({"min": 0.9, "level": 2})
    return quiz


def test_a_level_two_band_needs_a_reason_step_in_every_variant(framework: FrameworkView) -> None:
    quiz = _quiz_with_reason()
    quiz["variants"] = [copy.deepcopy(ENGINE_DATA["quiz"])]  # no reason step in the variant
    problems = _problems(trade_dict(tasks=[task_dict("sort"), quiz]), framework)
    band = problems["tasks[1].bands[2]"]
    assert band.kind == "honest" and "chaque version" in band.message
    quiz["variants"][0]["questions"].append(copy.deepcopy(WHY_QUESTION))
    raw = yaml.safe_dump(trade_dict(tasks=[task_dict("sort"), quiz]), allow_unicode=True)
    task = parse_trade(raw.encode(), "D1507.yaml", framework).tasks[1]
    assert [q.why for q in task.variants[0].questions] == [False, False, False, True]


def test_a_speaking_tag_stays_refused_whatever_the_variants(framework: FrameworkView) -> None:
    quiz = _quiz_with_reason()
    quiz["competencies"] = [{"id": "E2C-1C", "indicators": ["E2C-1C-04"]}]
    quiz["variants"] = [copy.deepcopy(quiz["data"])]
    problems = _problems(trade_dict(tasks=[task_dict("sort"), quiz]), framework)
    assert problems["tasks[1].competencies[0].indicators[0]"].kind == "honest"


def test_a_route_variant_found_by_luck_is_refused_at_its_line(framework: FrameworkView) -> None:
    route = task_dict("route")
    lucky = copy.deepcopy(route["data"])
    lucky["visit"] = lucky["visit"][:3]
    lucky["return"] = True  # three places and a return: few orders, many are shortest
    route["variants"] = [lucky]
    problems = _problems(trade_dict(tasks=[task_dict("sort"), route]), framework)
    assert problems["tasks[1].variants[0].visit"].kind == "chance"
    assert "tasks[1].data.visit" not in problems


def test_one_extra_step_is_allowed_only_for_a_reason(framework: FrameworkView) -> None:
    quiz = task_dict("quiz")
    questions = quiz["data"]["questions"]
    questions.extend(copy.deepcopy(questions[:3]))  # six questions, none asks a reason
    problems = _problems(trade_dict(tasks=[task_dict("sort"), quiz]), framework)
    assert problems["tasks[1].data.questions"].kind == "count"
    assert "pourquoi" in problems["tasks[1].data.questions"].message
    questions[-1] = copy.deepcopy(WHY_QUESTION)
    raw = yaml.safe_dump(trade_dict(tasks=[task_dict("sort"), quiz]), allow_unicode=True)
    assert len(parse_trade(raw.encode(), "D1507.yaml", framework).tasks[1].data.questions) == 6
    dialogue = task_dict("dialogue")
    nodes = dialogue["data"]["nodes"]
    for n in range(2):  # the longest path crosses five nodes, none asks a reason
        extra = copy.deepcopy(nodes[-1])
        extra["id"] = f"suite{n}"
        nodes[-1]["choices"][0]["next"] = extra["id"]
        nodes.append(extra)
    problems = _problems(trade_dict(tasks=[task_dict("sort"), dialogue]), framework)
    assert problems["tasks[1].data.nodes"].kind == "count"
    nodes[-1]["why"] = True
    raw = yaml.safe_dump(trade_dict(tasks=[task_dict("sort"), dialogue]), allow_unicode=True)
    assert len(parse_trade(raw.encode(), "D1507.yaml", framework).tasks[1].data.nodes) == 5
