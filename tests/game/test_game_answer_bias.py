"""The longest-answer check: option lengths must not give the right answer away.

A lazy player who always picks the longest (or the shortest) option must not win more often
than chance. The check runs when content loads, names the file and the line, and holds on the
shipped trades; task variants are parsed, checked and picked by the seed.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from game_builders import FIXTURES, task_dict, trade_dict, write_trade

from game.core import answer_bias
from game.core.content import QuizData
from game.core.errors import ContentError, ContentProblem
from game.core.framework import FrameworkView
from game.core.loader import catalogue_bias_problems, load_catalogue, parse_trade
from game.core.paths import assets_dir

BIASED = FIXTURES / "biased" / "D1507.yaml"


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def refused(raw: str, framework: FrameworkView, name: str = "D1507.yaml") -> list[ContentProblem]:
    with pytest.raises(ContentError) as caught:
        parse_trade(raw.encode("utf-8"), name, framework)
    return [p for p in caught.value.problems if p.kind == "answer_length"]


def quiz(*questions: tuple[list[str], int]) -> dict[str, Any]:
    """A quiz task whose questions have the given options and right index."""
    return task_dict(
        "quiz",
        data={
            "questions": [
                {
                    "prompt": f"Question {i} ?",
                    "options": options,
                    "answer": answer,
                    "explanation": "Parce que.",
                }
                for i, (options, answer) in enumerate(questions)
            ]
        },
    )


# -- the shipped content -----------------------------------------------------------------


def test_the_shipped_trades_do_not_reward_the_longest_or_the_shortest_answer(
    framework: FrameworkView,
) -> None:
    trades_dir = assets_dir() / "trades"
    trades = load_catalogue(trades_dir, framework, version="test").trades
    items = [item for trade in trades for item in answer_bias.trade_items(trade.tasks)]
    assert len(items) >= 250  # quiz questions, dialogue nodes, form fields, hazard scenes
    assert not answer_bias.item_problems(items)
    for pick in answer_bias.PICKS:
        assert not answer_bias.count(items, pick).biased, pick
        for engine in ("quiz", "dialogue", "form", "hazard"):
            of_engine = [item for item in items if item.engine == engine]
            assert not answer_bias.count(of_engine, pick).biased, (engine, pick)


# -- one trade ---------------------------------------------------------------------------


def test_a_trade_whose_right_answer_is_always_the_longest_is_refused_at_its_line(
    framework: FrameworkView,
) -> None:
    text = BIASED.read_text(encoding="utf-8")
    problems = refused(text, framework)
    assert len(problems) == 1  # each item alone is within 1.6 times: only the count says it
    problem = problems[0]
    assert (problem.file, problem.line, problem.key) == (
        "D1507.yaml",
        line_of(text, "tasks:"),
        "tasks",
    )
    assert "la plus longue dans 7 choix sur 7" in problem.message
    assert "probabilité 0,002" in problem.message
    assert "tasks[1].data.nodes[1].choices" in problem.message
    assert str(problem).startswith(f"D1507.yaml:{line_of(text, 'tasks:')}: tasks: ")


def test_the_catalogue_names_the_biased_file(tmp_path: Path, framework: FrameworkView) -> None:
    folder = tmp_path / "trades"
    folder.mkdir()
    (folder / "D1507.yaml").write_bytes(BIASED.read_bytes())
    with pytest.raises(ContentError) as caught:
        load_catalogue(folder, framework, version="test", check_coverage=False)
    assert any(
        p.kind == "answer_length" and p.file.endswith("D1507.yaml") and p.line > 0
        for p in caught.value.problems
    )


def test_balancing_the_lengths_makes_the_same_trade_valid(framework: FrameworkView) -> None:
    text = BIASED.read_text(encoding="utf-8")
    balanced = (
        text.replace('"Je le laisse là"', '"Je le laisse encore au rayon"')
        .replace('"Je passe à côté"', '"Je passe, un collègue le fera après"')
        .replace('"Tout au fond"', '"Tout au fond, derrière les autres"')
    )
    assert parse_trade(balanced.encode("utf-8"), "D1507.yaml", framework).rome == "D1507"


def test_one_right_answer_far_longer_than_every_wrong_one_is_refused(
    framework: FrameworkView,
) -> None:
    text = BIASED.read_text(encoding="utf-8").replace('"Je le laisse là"', '"Non"')
    problems = refused(text, framework)
    one = [p for p in problems if p.key == "tasks[0].data.questions[0]"]
    assert len(one) == 1
    assert one[0].line == line_of(text, '"Non"')
    assert "7,0 fois plus longue" in one[0].message


def test_the_shortest_answer_always_right_is_refused_too(framework: FrameworkView) -> None:
    shortest = quiz(
        (["Oui", "Non, jamais", "Parfois, le soir"], 0),
        (["Non", "Oui, toujours", "Seulement le lundi"], 0),
        (["Lundi", "Mardi matin", "Mercredi soir"], 0),
        (["Vert", "Rouge vif", "Orange clair"], 0),
        (["Deux", "Trois cents", "Quatre mille"], 0),
    )
    trade = trade_dict(tasks=[task_dict("sort"), shortest])
    raw = yaml.safe_dump(trade, allow_unicode=True, sort_keys=False)
    problems = refused(raw, framework)
    assert [p.key for p in problems] == ["tasks"]
    assert "la plus courte dans 5 choix sur 5" in problems[0].message


def test_across_files_a_small_bias_in_each_adds_up(framework: FrameworkView) -> None:
    """Three questions won by the longest option pass in one file (p = 0.125), not in three."""
    longest_wins = quiz(
        (["Oui, bien", "Non, merci"], 1),
        (["Non, jamais", "Oui, bien sûr"], 1),
        (["Un sac", "Un carton"], 1),
    )
    trades = []
    for rome in ("D1507", "D1505", "N1103"):
        raw = trade_dict(rome, tasks=[task_dict("sort"), longest_wins])
        text = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False).encode("utf-8")
        trades.append(parse_trade(text, f"{rome}.yaml", framework))
    assert catalogue_bias_problems(trades[:1], "trades") == []
    problems = catalogue_bias_problems(trades, "trades")
    assert len(problems) == 1
    assert problems[0].message.startswith(
        "Sur tous les métiers : la bonne réponse est la plus longue dans 9 choix sur 9"
    )


# -- the statistic -----------------------------------------------------------------------


def test_the_tail_is_exact() -> None:
    assert answer_bias.tail_at_least([0.5, 0.5, 0.5], 3) == pytest.approx(0.125)
    assert answer_bias.tail_at_least([0.5, 1 / 3], 2) == pytest.approx(1 / 6)
    assert answer_bias.tail_at_least([0.5, 1 / 3], 1) == pytest.approx(1 - 0.5 * 2 / 3)
    assert answer_bias.tail_at_least([0.25] * 4, 0) == 1.0


def test_tied_longest_options_are_left_out_and_several_right_options_raise_the_chance() -> None:
    tied = answer_bias.ChoiceItem(("q",), "quiz", (5, 5, 3), frozenset({0}))
    assert tied.unique(answer_bias.LONGEST) is None
    assert answer_bias.count([tied]).counted == 0
    two_right = answer_bias.ChoiceItem(("n",), "dialogue", (9, 8, 3, 2), frozenset({0, 1}))
    assert two_right.chance == 0.5
    assert two_right.wins(answer_bias.LONGEST) and not two_right.wins(answer_bias.SHORTEST)
    assert two_right.ratio == pytest.approx(9 / 3)


# -- variants ----------------------------------------------------------------------------


def _with_variant(variant: dict[str, Any]) -> dict[str, Any]:
    task = quiz(
        (["Le laisser en rayon", "Le retirer du rayon"], 1),
        (["Devant le rayon", "Derrière les autres"], 0),
        (["Le chef", "Un client"], 0),
    )
    task["variants"] = [variant]
    return trade_dict(tasks=[task_dict("sort"), task])


def test_a_variant_is_parsed_checked_and_picked_by_the_seed(
    tmp_path: Path, framework: FrameworkView
) -> None:
    variant = {
        "questions": [
            {
                "prompt": "Le frigo est à 9 °C.",
                "options": ["Je préviens le chef", "J'attends demain"],
                "answer": 0,
                "explanation": "Le froid compte.",
            },
            {
                "prompt": "Un pot est cassé.",
                "options": ["Je le laisse là", "Je balise l'allée"],
                "answer": 1,
                "explanation": "Le verre coupe.",
            },
            {
                "prompt": "Un client cherche le sel.",
                "options": ["Je l'accompagne", "Je lui montre de loin"],
                "answer": 0,
                "explanation": "On accompagne.",
            },
        ]
    }
    path = write_trade(tmp_path, _with_variant(variant))
    trade = parse_trade(path.read_bytes(), path.name, framework)
    task = trade.tasks[1]
    assert len(task.all_data) == 2 and isinstance(task.variants[0], QuizData)
    assert task.variants[0].questions[0].prompt == "Le frigo est à 9 °C."
    picks = [task.pick_data(random.Random(seed)) for seed in range(20)]
    assert picks == [task.pick_data(random.Random(seed)) for seed in range(20)]  # replayable
    assert {id(p) for p in picks} == {id(task.data), id(task.variants[0])}  # both are played
    items = answer_bias.task_items(task, 1)
    assert [item.path[:4] for item in items][-1] == ("tasks", 1, "variants", 0)


def test_a_task_without_variants_does_not_draw_from_the_seed(framework: FrameworkView) -> None:
    trade = parse_trade((FIXTURES / "trades" / "G1602.yaml").read_bytes(), "G1602.yaml", framework)
    rng = random.Random(7)
    before = rng.getstate()
    assert trade.tasks[0].pick_data(rng) is trade.tasks[0].data
    assert rng.getstate() == before


def test_a_bad_variant_is_refused_at_its_line(tmp_path: Path, framework: FrameworkView) -> None:
    variant = {
        "questions": [
            {"prompt": "Seule ?", "options": ["Oui", "Non"], "answer": 5, "explanation": "Non."}
        ]
    }
    path = write_trade(tmp_path, _with_variant(variant))
    with pytest.raises(ContentError) as caught:
        parse_trade(path.read_bytes(), path.name, framework)
    keys = {p.key: p for p in caught.value.problems}
    assert keys["tasks[1].variants[0].questions"].kind == "count"
    assert keys["tasks[1].variants[0].questions[0].answer"].kind == "index_range"
    text = path.read_text(encoding="utf-8")
    assert keys["tasks[1].variants[0].questions[0].answer"].line == line_of(text, "answer: 5")


def test_a_play_gets_the_version_its_seed_picks(tmp_path: Path, framework: FrameworkView) -> None:
    from game.core.session import TaskRun

    variant = {
        "questions": [
            {
                "prompt": f"Autre question {i} ?",
                "options": ["Première idée", "Deuxième idée"],
                "answer": i % 2,
                "explanation": "Parce que.",
            }
            for i in range(3)
        ]
    }
    path = write_trade(tmp_path, _with_variant(variant))
    trade = parse_trade(path.read_bytes(), path.name, framework)
    task = trade.tasks[1]
    seen = set()
    for seed in range(12):
        run = TaskRun(trade, task, attempt=1, registration="r", seed=seed)
        expected = task.all_data[random.Random(seed).randrange(2)]
        assert run.engine.data is expected  # type: ignore[attr-defined]
        seen.add(run.engine.data.questions[0].prompt)  # type: ignore[attr-defined]
    assert seen == {"Question 0 ?", "Autre question 0 ?"}
