"""The eight engines as pure state machines: perfect play, wrong play, edge cases."""

from __future__ import annotations

import random

import pytest
import yaml
from game_builders import ENGINE_DATA, solve, task_dict, trade_dict

from game.core.content import (
    Category,
    DialogueData,
    OrderData,
    SortData,
    SortItem,
)
from game.core.engines import (
    DialogueEngine,
    EngineError,
    EngineResult,
    FormEngine,
    HazardEngine,
    MeasureEngine,
    OrderEngine,
    QuizEngine,
    RouteEngine,
    SortEngine,
    make_engine,
    parse_number,
)
from game.core.engines.order import ordered_pairs
from game.core.framework import FrameworkView
from game.core.loader import parse_trade


def engine_for(name: str, framework: FrameworkView, seed: int = 3) -> object:
    """Build the engine through the real loader, from the builders' valid data."""
    trade = trade_dict(tasks=[task_dict(name), task_dict("quiz", "autre")])
    raw = yaml.safe_dump(trade, allow_unicode=True).encode()
    parsed = parse_trade(raw, "D1507.yaml", framework)
    return make_engine(parsed.tasks[0].data, random.Random(seed))


@pytest.mark.parametrize("name", list(ENGINE_DATA))
def test_perfect_play_scores_one(name: str, framework: FrameworkView) -> None:
    engine = engine_for(name, framework)
    solve(engine)  # type: ignore[arg-type]
    result = engine.result()  # type: ignore[attr-defined]
    assert result.score == 1.0
    assert result.raw == result.maximum
    assert result.response  # a summary of what the player answered


@pytest.mark.parametrize("name", list(ENGINE_DATA))
def test_result_before_the_end_is_refused(name: str, framework: FrameworkView) -> None:
    engine = engine_for(name, framework)
    with pytest.raises(EngineError):
        engine.result()  # type: ignore[attr-defined]


# -- sort --------------------------------------------------------------------------------


def sort_data() -> SortData:
    return SortData(
        (Category("froid", "Au froid"), Category("sec", "Au sec")),
        tuple(
            SortItem(label, cat)
            for label, cat in [
                ("Lait", "froid"),
                ("Beurre", "froid"),
                ("Pâtes", "sec"),
                ("Riz", "sec"),
            ]
        ),
    )


def test_sort_everything_in_the_wrong_box_scores_zero() -> None:
    engine = SortEngine(sort_data(), random.Random(1))
    for i in range(len(engine.items)):
        engine.select_item(i)
        engine.place(1 - engine.right_category(i))
    assert engine.confirm()
    result = engine.result()
    assert result.score == 0.0
    assert all(line.ok is False for line in result.review)


def test_sort_cannot_confirm_until_every_item_is_placed_and_moves_to_the_next_empty() -> None:
    engine = SortEngine(sort_data(), random.Random(1))
    engine.place(0)
    assert engine.current == 1
    assert not engine.confirm()
    engine.select_item(3)
    engine.place(0)
    assert engine.current == 1  # wraps back to the first empty item
    engine.place(1)
    engine.place(1)
    assert engine.can_confirm and engine.confirm()
    assert engine.finished
    with pytest.raises(EngineError):
        engine.place(0)  # finished: no more changes


def test_sort_rejects_an_unknown_category() -> None:
    engine = SortEngine(sort_data(), random.Random(1))
    with pytest.raises(EngineError):
        engine.place(5)
    with pytest.raises(EngineError):
        engine.select_item(-1)


# -- order -------------------------------------------------------------------------------


def test_order_never_starts_already_solved() -> None:
    data = OrderData(("a", "b", "c", "d"))
    for seed in range(200):
        assert OrderEngine(data, random.Random(seed)).order != [0, 1, 2, 3]


def test_order_reversed_scores_zero_pairs() -> None:
    engine = OrderEngine(OrderData(("a", "b", "c", "d")), random.Random(0))
    engine.order = [3, 2, 1, 0]
    engine.confirm()
    result = engine.result()
    assert (result.raw, result.maximum, result.score) == (0, 6, 0.0)


def test_order_is_scored_by_ordered_pairs_against_chance() -> None:
    engine = OrderEngine(OrderData(("a", "b", "c", "d", "e")), random.Random(0))
    engine.order = [0, 1, 2, 4, 3]  # one pair of 10 swapped
    engine.confirm()
    result = engine.result()
    assert (result.raw, result.maximum) == (9, 10)
    assert result.score == 0.8  # (0.9 - 0.5) / (1 - 0.5): half the pairs is what chance gives
    assert result.review[0].ok is None  # the right order is shown
    last_first = OrderEngine(OrderData(("a", "b", "c", "d", "e")), random.Random(0))
    last_first.order = [4, 0, 1, 2, 3]  # the last step moved to the top: 4 pairs wrong
    last_first.confirm()
    assert last_first.result().score == 0.2


def test_order_refuses_validation_without_a_move() -> None:
    engine = OrderEngine(OrderData(("a", "b", "c", "d")), random.Random(5))
    assert not engine.can_confirm and not engine.confirm()
    assert engine.refusal == "order.move_first"
    engine.move(0, 1)
    engine.move(1, -1)  # back to the start order: still nothing moved
    assert not engine.confirm()
    engine.move(0, 2)
    assert engine.confirm() and engine.finished


def test_order_moves_are_clamped_to_the_list() -> None:
    engine = OrderEngine(OrderData(("a", "b", "c", "d")), random.Random(0))
    first = engine.order[0]
    assert engine.move(0, -3) == 0
    assert engine.move(0, 10) == 3
    assert engine.order[3] == first
    with pytest.raises(EngineError):
        engine.move(9, 1)


def test_ordered_pairs() -> None:
    assert ordered_pairs([0, 1, 2]) == 3
    assert ordered_pairs([2, 1, 0]) == 0
    assert ordered_pairs([1, 0, 2, 3]) == 5
    assert ordered_pairs([]) == 0


# -- measure -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("2,5", 2.5), ("2.5", 2.5), (" 1 200 ", 1200.0), ("-3", -3.0), ("72", 72.0), (",5", 0.5)],
)
def test_parse_number_reads_french_numbers(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "2,5,1", "1e5", "--2", "inf", "nan", "٣"])
def test_parse_number_refuses_what_is_not_a_number(text: str) -> None:
    assert parse_number(text) is None


def measure_engine(framework: FrameworkView) -> MeasureEngine:
    engine = engine_for("measure", framework)
    assert isinstance(engine, MeasureEngine)
    return engine


def test_measure_within_tolerance_is_right_outside_is_wrong(framework: FrameworkView) -> None:
    engine = measure_engine(framework)
    bottles = [q.answer for q in engine.questions].index(72)
    engine.set_text(bottles, "71")  # answer 72, tolerance 0
    engine.set_text(1 - bottles, "2,58")  # answer 2.5, tolerance 0.1
    assert engine.confirm()
    result = engine.result()
    assert result.score == 0.5
    assert [line.ok for line in result.review][bottles] is False
    assert [line.ok for line in result.review][1 - bottles] is True
    assert "72 bouteilles" in result.review[bottles].text  # the right answer is shown


def test_measure_needs_a_number_in_every_field(framework: FrameworkView) -> None:
    engine = measure_engine(framework)
    engine.set_text(0, "beaucoup")  # letters are dropped while typing
    assert engine.answers[0] == ""
    engine.set_text(1, "2,5")
    assert not engine.confirm()
    engine.set_text(0, "1" * 40)
    assert len(engine.answers[0]) == 12  # typed text is bounded


# -- dialogue ----------------------------------------------------------------------------


def dialogue_engine(framework: FrameworkView) -> DialogueEngine:
    engine = engine_for("dialogue", framework)
    assert isinstance(engine, DialogueEngine)
    return engine


def test_dialogue_worst_answers_score_zero(framework: FrameworkView) -> None:
    engine = dialogue_engine(framework)
    engine.choose([c.score for c in engine.choices].index(0))
    assert engine.in_feedback and engine.chosen is not None
    assert engine.chosen.feedback == "La cliente reste seule."
    engine.confirm()
    # the poor answer has a consequence: the customer reacts and asks again
    assert engine.node.id == "relance" and "longue file" in engine.node.text
    engine.choose([c.score for c in engine.choices].index(0))
    engine.confirm()
    engine.choose([c.score for c in engine.choices].index(1))  # 1 of 2
    engine.confirm()
    result = engine.result()
    assert result.raw == 1 and result.maximum == 6
    assert [line.ok for line in result.review] == [False, False, None]


def test_dialogue_good_answer_moves_on_and_recovering_scores_less(
    framework: FrameworkView,
) -> None:
    def play(first: int) -> tuple[list[str], float]:
        engine = dialogue_engine(framework)
        seen = [engine.node.id]
        engine.choose([c.score for c in engine.choices].index(first))
        engine.confirm()
        while not engine.finished:
            seen.append(engine.node.id)
            engine.choose([c.score for c in engine.choices].index(2))
            engine.confirm()
        return seen, engine.result().score

    straight, straight_score = play(2)
    recovered, recovered_score = play(0)
    assert straight == ["accueil", "fin"]
    assert recovered == ["accueil", "relance", "fin"]
    assert straight_score == 1.0 and recovered_score < straight_score


def test_dialogue_refuses_a_second_answer_before_the_feedback_is_read(
    framework: FrameworkView,
) -> None:
    engine = dialogue_engine(framework)
    engine.choose(0)
    with pytest.raises(EngineError):
        engine.choose(1)
    with pytest.raises(EngineError):
        DialogueEngine(engine.data, random.Random(0)).choose(7)


def test_dialogue_max_is_counted_along_the_path_taken() -> None:
    from game.core.content import DialogueChoice, DialogueNode

    data = DialogueData(
        "a",
        (
            DialogueNode(
                "a",
                "X",
                "?",
                (DialogueChoice("court", 1, "ok", None), DialogueChoice("long", 2, "bien", "b")),
            ),
            DialogueNode(
                "b",
                "X",
                "?",
                (DialogueChoice("oui", 2, "bien", None), DialogueChoice("non", 0, "non", None)),
            ),
        ),
    )
    engine = DialogueEngine(data, random.Random(0))
    engine.choose([c.text for c in engine.choices].index("court"))  # ends at once: 1 of 2
    engine.confirm()
    assert engine.finished
    result = engine.result()
    assert (result.raw, result.maximum) == (1, 2)
    # a random player gets 1/2 on "court" or (2 + 1) / 4 on "long" on average: chance 0.625
    assert result.chance == 0.625 and result.score == 0.0


# -- hazard ------------------------------------------------------------------------------


def hazard_engine(framework: FrameworkView) -> HazardEngine:
    engine = engine_for("hazard", framework)
    assert isinstance(engine, HazardEngine)
    return engine


def test_hazard_marking_everything_does_not_pay(framework: FrameworkView) -> None:
    engine = hazard_engine(framework)
    for i in range(len(engine.marked)):
        engine.toggle(i)
    engine.confirm()
    assert engine.result().score == 0.0  # 2 right - 3 wrong, floored at 0


def test_hazard_one_right_one_wrong_and_nothing_marked(framework: FrameworkView) -> None:
    engine = hazard_engine(framework)
    hazards = [i for i, s in enumerate(engine.spots) if s.hazard]
    safe = [i for i, s in enumerate(engine.spots) if not s.hazard]
    engine.toggle(hazards[0])
    engine.toggle(safe[0])
    engine.toggle(safe[1])
    engine.toggle(safe[1])  # toggled twice: unmarked again
    engine.confirm()
    result = engine.result()
    assert result.raw == 0 and result.score == 0.0
    assert result.changes == 1
    untouched = hazard_engine(framework)
    untouched.confirm()
    assert untouched.result().score == 0.0
    half = hazard_engine(framework)
    half.toggle(hazards[1])
    half.confirm()
    result = half.result()
    assert result.raw == 1 and result.maximum == 2
    # random marking of 2 hazards among 5 spots is worth 7/64 on average: corrected below 0.5
    assert result.chance == 7 / 64
    assert result.score == round((0.5 - 7 / 64) / (1 - 7 / 64), 4)


# -- route -------------------------------------------------------------------------------


def route_engine(framework: FrameworkView) -> RouteEngine:
    engine = engine_for("route", framework)
    assert isinstance(engine, RouteEngine)
    return engine


def test_route_longer_trip_scores_shortest_over_length(framework: FrameworkView) -> None:
    engine = route_engine(framework)
    for place in ("d", "a", "b", "c"):  # 40 + 30 + 10 + 10 = 90, best is 40 (a, b, c, d)
        engine.pick(place)
    engine.confirm()
    result = engine.result()
    assert result.raw == 44.4 and result.maximum == 100
    assert result.score == round(max(0, (0.444 - result.chance) / (1 - result.chance)), 4)
    assert result.review[0].ok is False
    assert "Pharmacie -> Mairie -> École -> Poste" in result.review[0].text


def test_route_undo_and_refusals(framework: FrameworkView) -> None:
    engine = route_engine(framework)
    engine.pick("a")
    with pytest.raises(EngineError):
        engine.pick("a")  # already visited
    with pytest.raises(EngineError):
        engine.pick("depot")  # the start is not a visit
    assert not engine.confirm()
    engine.undo()
    assert engine.route == []
    engine.undo()  # nothing to undo: no error
    assert sorted(engine.remaining) == ["a", "b", "c", "d"]


# -- form and quiz -----------------------------------------------------------------------


def test_form_wrong_and_partial(framework: FrameworkView) -> None:
    engine = engine_for("form", framework)
    assert isinstance(engine, FormEngine)
    engine.choose(0, 1 - engine.right_option(0))
    engine.choose(1, engine.right_option(1))
    assert not engine.confirm()
    engine.choose(2, 1 - engine.right_option(2))
    engine.confirm()
    result = engine.result()
    assert result.raw == 1 and result.maximum == 3
    assert [line.ok for line in result.review] == [False, True, False]
    assert result.score == 0.0  # 1 of 3 is below chance (mean of 1/2, 1/3, 1/2)
    with pytest.raises(EngineError):
        FormEngine(engine.data, random.Random(0)).choose(0, 9)


def test_quiz_all_wrong_scores_zero_and_shows_each_explanation(framework: FrameworkView) -> None:
    engine = engine_for("quiz", framework)
    assert isinstance(engine, QuizEngine)
    while not engine.finished:
        engine.answer((engine.right_option + 1) % len(engine.options))
        assert engine.in_feedback and not engine.last_right
        with pytest.raises(EngineError):
            engine.answer(0)
        engine.confirm()
    result = engine.result()
    assert result.score == 0.0
    assert [line.text for line in result.review] == ["Vert : on passe.", "Toujours.", "Jamais."]


def test_result_is_clamped_and_the_response_is_bounded() -> None:
    result = EngineResult.of(12, 10, ["x" * 3000], [])
    assert result.score == 1.0 and result.raw == 10
    assert len(result.response) == 2000
    assert EngineResult.of(-1, 10, [], []).score == 0.0
