"""Evidence that means something: seeded shuffles, honest tags, band floors, the play's path,
one evidence per task and day."""

from __future__ import annotations

import copy
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import yaml
from game_builders import ENGINE_DATA, FIXTURES, outcome_for, solve, task_dict, trade_dict

from game.core.content import Catalogue
from game.core.engines import DialogueEngine, QuizEngine, make_engine
from game.core.errors import ContentError, ContentProblem
from game.core.framework import FrameworkView
from game.core.loader import parse_trade
from game.core.session import TaskRun
from game.core.statement_rules import EXT, SEED_LIMIT
from game.core.statements import build_statement, check_statement
from game.core.store import Store

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
ACTOR = {"objectType": "Agent", "account": {"homePage": "http://p", "name": "a1"}}
GOOD = (FIXTURES / "trades" / "N1103.yaml").read_text(encoding="utf-8")


def shown(engine: Any) -> list[Any]:
    """Everything an engine shows in an order it drew."""
    match engine.kind:
        case "quiz":
            return [tuple(engine.options)]
        case "dialogue":
            return [c.text for c in engine.choices]
        case "form":
            return [engine.options(i) for i in range(len(engine.data.fields))]
        case "hazard":
            return [s.label for s in engine.spots]
        case "measure":
            return [q.prompt for q in engine.questions]
        case "route":
            return list(engine.remaining)
        case "sort":
            return [c.label for c in engine.categories] + [i.label for i in engine.items]
        case _:
            return list(engine.order)


def parsed_data(name: str, framework: FrameworkView) -> Any:
    raw = yaml.safe_dump(trade_dict(tasks=[task_dict(name), task_dict("quiz", "autre")]))
    return parse_trade(raw.encode(), "D1507.yaml", framework).tasks[0].data


@pytest.mark.parametrize("name", list(ENGINE_DATA))
def test_every_engine_shuffles_by_seed_and_a_seed_replays_the_same_order(
    name: str, framework: FrameworkView
) -> None:
    data = parsed_data(name, framework)
    orders = {repr(shown(make_engine(data, random.Random(seed)))) for seed in range(40)}
    assert len(orders) > 1  # the options move from one play to the next
    for seed in (0, 7, SEED_LIMIT - 1):
        first = shown(make_engine(data, random.Random(seed)))
        assert shown(make_engine(data, random.Random(seed))) == first


def test_a_statement_replays_exactly_from_its_seed(catalogue: Catalogue) -> None:
    run, outcome = outcome_for(catalogue, "G1602", "regles-hygiene", NOW)
    statement = build_statement(
        outcome, run.trade, run.task, actor=ACTOR, content_version="v", game_version="0"
    )
    seed = statement["context"]["extensions"][EXT + "play"]["seed"]
    again = TaskRun(run.trade, run.task, attempt=1, registration="r", seed=seed)
    assert isinstance(again.engine, QuizEngine) and isinstance(run.engine, QuizEngine)
    assert again.engine.orders == run.engine.orders
    solve(again.engine)
    assert again.engine.result().path == run.engine.result().path


def test_the_play_path_lists_the_answers_in_order_with_changes(framework: FrameworkView) -> None:
    engine = make_engine(parsed_data("dialogue", framework), random.Random(2))
    assert isinstance(engine, DialogueEngine)
    while not engine.finished:
        worst = min(range(len(engine.choices)), key=lambda i: engine.choices[i].score)
        engine.choose(worst)
        engine.confirm()
    result = engine.result()
    # a 0, the customer asks again (a 0 again), then the weakest of 1 and 2
    assert [s.ok for s in result.path] == [False, False, None]
    assert [s.text for s in result.path] == [choice.text for _, choice in engine.path]
    sort = make_engine(parsed_data("sort", framework), random.Random(2))
    sort.place(0)
    sort.select_item(0)
    sort.place(1)  # changed their mind once
    assert sort.changes == 1


def test_the_play_extension_is_checked_and_bounded(catalogue: Catalogue) -> None:
    run, outcome = outcome_for(catalogue, "N1103", "bon-livraison", NOW)
    good = build_statement(
        outcome, run.trade, run.task, actor=ACTOR, content_version="v", game_version="0"
    )
    assert check_statement(good, now=NOW) == []
    bad_values: list[Any] = [
        {"seed": -1, "answers": [], "changes": 0, "chance": 0},
        {"seed": SEED_LIMIT, "answers": [], "changes": 0, "chance": 0},
        {"seed": 1, "answers": [{"text": "x" * 121, "ok": True}], "changes": 0, "chance": 0},
        {"seed": 1, "answers": [{"text": "x", "ok": True}] * 41, "changes": 0, "chance": 0},
        {"seed": 1, "answers": [{"text": "x", "ok": "oui"}], "changes": 0, "chance": 0},
        {"seed": 1, "answers": [], "changes": -2, "chance": 0},
        {"seed": 1, "answers": [], "changes": 0, "chance": 1.5},
        {"seed": 1, "answers": [], "changes": 0, "chance": 0, "extra": 1},
        "seed 1",
    ]
    for value in bad_values:
        statement = copy.deepcopy(good)
        statement["context"]["extensions"][EXT + "play"] = value
        assert check_statement(statement, now=NOW) == ["play path is malformed or too long"]
    old_game = copy.deepcopy(good)
    del old_game["context"]["extensions"][EXT + "play"]
    assert check_statement(old_game, now=NOW) == []  # optional: older games still send


def _record(store: Store, catalogue: Catalogue, when: datetime, solved: bool = True) -> bool:
    trade = catalogue.trade("N1103")
    run = TaskRun(trade, trade.task("ranger-colis"), attempt=1, registration="r", seed=3)
    if solved:
        solve(run.engine)
    else:
        for i in range(len(run.engine.items)):
            run.engine.select_item(i)
            run.engine.place(1 - run.engine.right_category(i))
        assert run.engine.confirm()
    outcome = run.finish(when)
    statement = build_statement(
        outcome, trade, run.task, actor=ACTOR, content_version="v", game_version="0"
    )
    return store.record(outcome, statement, run.task.title)


def test_a_same_day_replay_sends_no_second_evidence_unless_the_level_rose(
    store: Store, catalogue: Catalogue
) -> None:
    assert _record(store, catalogue, NOW, solved=False)  # level 0: queued
    assert _record(store, catalogue, NOW + timedelta(hours=1))  # level 1: rose, queued
    assert not _record(store, catalogue, NOW + timedelta(hours=2))  # level 1 again: kept back
    assert not _record(store, catalogue, NOW + timedelta(hours=3), solved=False)  # lower
    assert store.counts()["pending"] == 2
    assert store.attempts("N1103", "ranger-colis") == 4  # every play still counts
    assert _record(store, catalogue, NOW + timedelta(days=1))  # a new day: queued
    rejected = store.pending()[-1].id
    store.mark_rejected({rejected: "refusée"})
    assert _record(store, catalogue, NOW + timedelta(days=1, hours=1))  # refused is no evidence


# -- honest tags and band floors at load ------------------------------------------------------


def load_problems(text: str, framework: FrameworkView) -> list[ContentProblem]:
    with pytest.raises(ContentError) as caught:
        parse_trade(text.encode(), "N1103.yaml", framework)
    return caught.value.problems


def test_a_quiz_cannot_claim_writing_or_speaking(framework: FrameworkView) -> None:
    bad = GOOD.replace("indicators: [E2C-1B-05]}", "indicators: [E2C-1B-04, E2C-1B-05]}", 1)
    [problem] = load_problems(bad, framework)
    assert problem.kind == "honest" and "écrire" in problem.message
    assert problem.key == "tasks[2].competencies[0].indicators[0]"
    assert (
        problem.line
        == bad.splitlines().index("      - {id: E2C-1B, indicators: [E2C-1B-04, E2C-1B-05]}") + 1
    )
    speaking = GOOD.replace(
        "indicators: [E2C-1B-05]}",
        "indicators: [E2C-1B-05]}\n      - {id: E2C-1C, indicators: [E2C-1C-04]}",
        1,
    )
    [problem] = load_problems(speaking, framework)
    assert problem.kind == "honest" and "parler" in problem.message and "form" in problem.message


def test_level_two_needs_a_reason_step_and_bands_respect_the_floor(
    framework: FrameworkView,
) -> None:
    sort_bands = "      - {min: 0.0, level: 0}\n      - {min: 0.7, level: 1}\n"
    explain = GOOD.replace(sort_bands, sort_bands + "      - {min: 0.9, level: 2}\n", 1)
    [problem] = load_problems(explain, framework)
    assert problem.kind == "honest" and "J'explique" in problem.message
    assert problem.key == "tasks[0].bands[2]"
    low = GOOD.replace(sort_bands, sort_bands.replace("0.7", "0.5"), 1)
    [problem] = load_problems(low, framework)
    assert problem.kind == "honest" and "au moins 0.7" in problem.message
    assert problem.line == low.splitlines().index("      - {min: 0.5, level: 1}") + 1


def test_a_dialogue_or_quiz_with_a_reason_step_may_show_level_two(
    framework: FrameworkView, catalogue: Catalogue
) -> None:
    quiz = catalogue.trade("G1602").task("regles-hygiene")
    assert max(b.level for b in quiz.bands) == 2
    run, outcome = outcome_for(catalogue, "G1602", "regles-hygiene", NOW)
    assert outcome.level == 2
    wrong_reason = TaskRun(run.trade, quiz, attempt=1, registration="r", seed=1)
    engine = wrong_reason.engine
    assert isinstance(engine, QuizEngine)
    while not engine.finished:
        right = engine.right_option
        engine.answer(right if not engine.question.why else 1 - right)
        engine.confirm()
    done = wrong_reason.finish(NOW)
    assert done.result.explained is False and done.level < 2  # the reason was wrong
    dialogue = task_dict("dialogue")
    dialogue["data"]["nodes"][-1]["why"] = True
    dialogue["bands"].append({"min": 0.9, "level": 2})
    raw = yaml.safe_dump(trade_dict(tasks=[dialogue, task_dict("quiz", "autre")]))
    assert parse_trade(raw.encode(), "D1507.yaml", framework).tasks[0].data.nodes[-1].why


def test_a_route_found_by_luck_too_often_is_refused(framework: FrameworkView) -> None:
    bad = GOOD.replace("visit: [c, a, d, b]", "visit: [c, a, b]", 1)
    [problem] = load_problems(bad, framework)
    assert problem.kind == "chance" and problem.key == "tasks[1].data.visit"
    assert "fois sur 100" in problem.message
