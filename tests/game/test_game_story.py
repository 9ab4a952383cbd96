"""The first day of each trade: the story files, the job interview and the flow through scenes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pygame
import pytest
import yaml
from game_driver import Driver

from game.core.content import Catalogue, DialogueData, Trade
from game.core.errors import ContentError
from game.core.framework import FrameworkView
from game.core.loader import load_catalogue, parse_trade
from game.core.paths import assets_dir
from game.core.simulate import play
from game.core.story import REQUIRE_ALL, parse_story
from game.scenes.debrief import DebriefScene, ReflectionScene
from game.scenes.hub import DistrictScene, HubScene
from game.scenes.story import StoryScene
from game.scenes.tasks.dialogue import DialogueScene
from game.scenes.trade import TradeScene

MakeGame = Callable[..., Driver]
ASSETS = assets_dir()
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots" / "game"


def shipped_trade(framework: FrameworkView, rome: str = "D1507") -> Trade:
    path = ASSETS / "trades" / f"{rome}.yaml"
    return parse_trade(path.read_bytes(), path.name, framework)


def shipped_story(rome: str = "D1507") -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ASSETS / "story" / f"{rome}.yaml").read_text())
    return loaded


def problems_of(story: dict[str, Any], framework: FrameworkView) -> list[Any]:
    text = yaml.safe_dump(story, allow_unicode=True, sort_keys=False)
    with pytest.raises(ContentError) as caught:
        parse_story(text.encode(), "D1507.yaml", framework, shipped_trade(framework))
    return caught.value.problems


def line_of(story: dict[str, Any], needle: str) -> int:
    """1-based line of the first line containing ``needle`` in the dumped file."""
    text = yaml.safe_dump(story, allow_unicode=True, sort_keys=False)
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def nodes(story: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node["id"]: node for node in story["interview"]["data"]["nodes"]}


# -- the loader ------------------------------------------------------------------------------


def test_the_shipped_story_loads(framework: FrameworkView) -> None:
    raw = (ASSETS / "story" / "D1507.yaml").read_bytes()
    story = parse_story(raw, "D1507.yaml", framework, shipped_trade(framework))
    assert story.interview.engine == "dialogue" and story.arrival[0].by_mentor


def test_a_missing_line_names_the_file_the_line_and_the_key(framework: FrameworkView) -> None:
    story = shipped_story()
    del story["after_task"]["weak"]["text"]
    [problem] = problems_of(story, framework)
    assert (problem.file, problem.kind, problem.key) == ("D1507.yaml", "missing", "after_task.weak")
    assert problem.line == line_of(story, "weak:")
    assert "« text »" in problem.message


def test_an_interview_that_does_not_branch_is_refused(framework: FrameworkView) -> None:
    story = shipped_story()
    by_id = nodes(story)
    for choice in by_id["motivation"]["choices"]:
        choice["next"] = "situation"
    for choice in by_id["situation"]["choices"]:
        choice["next"] = "relance"
    problems = problems_of(story, framework)
    # the rule of every dialogue (one branch at least) and the stricter one of an interview
    assert [p.kind for p in problems] == ["branching", "interview"]
    assert "ne bifurque jamais" in problems[0].message
    assert "ne bifurque pas assez" in problems[1].message
    assert {p.key for p in problems} == {"interview.data.nodes"}
    assert {p.line for p in problems} == {line_of(story, "nodes:")}


def test_a_path_of_two_questions_or_without_a_reason_step_is_refused(
    framework: FrameworkView,
) -> None:
    story = shipped_story()
    by_id = nodes(story)
    by_id["motivation"]["choices"][0]["next"] = "pourquoi"  # 2 questions on that path
    by_id["pourquoi"]["why"] = False
    messages = [p.message for p in problems_of(story, framework)]
    assert any("motivation > pourquoi a 2 questions" in m for m in messages)
    assert any("une seule question « pourquoi »" in m for m in messages)


def test_a_right_answer_much_longer_than_the_others_is_refused(framework: FrameworkView) -> None:
    story = shipped_story()
    best = nodes(story)["situation"]["choices"][0]
    best["text"] = best["text"] + " Et je le fais toujours avec le sourire, même les jours de rush."
    problems = problems_of(story, framework)
    assert [p.kind for p in problems] == ["answer_length"]
    assert problems[0].key == "interview.data.nodes[1].choices"


def test_the_interview_id_may_not_take_a_task_id(framework: FrameworkView) -> None:
    story = shipped_story()
    story["interview"]["id"] = shipped_trade(framework).tasks[0].id
    [problem] = problems_of(story, framework)
    assert problem.kind == "duplicate" and problem.key == "interview.id"


def _folders(tmp_path: Path, romes: tuple[str, ...], stories: tuple[str, ...]) -> tuple[Path, Path]:
    trades, told = tmp_path / "trades", tmp_path / "story"
    trades.mkdir()
    told.mkdir()
    for rome in romes:
        shutil.copy(ASSETS / "trades" / f"{rome}.yaml", trades)
    for rome in stories:
        shutil.copy(ASSETS / "story" / f"{rome}.yaml", told)
    return trades, told


def test_a_trade_without_its_story_and_a_story_without_its_trade_are_refused(
    framework: FrameworkView, tmp_path: Path
) -> None:
    trades, stories = _folders(tmp_path, ("D1507", "G1602"), ("D1507",))
    shutil.copy(stories / "D1507.yaml", stories / "H9999.yaml")
    with pytest.raises(ContentError) as caught:
        load_catalogue(
            trades,
            framework,
            version="t",
            check_coverage=False,
            stories_dir=stories,
            require_stories=True,
        )
    found = {(Path(p.file).name, p.kind) for p in caught.value.problems}
    assert found == {("G1602.yaml", "missing"), ("H9999.yaml", "orphan")}
    assert "G1602 n'a pas de premier jour" in str(caught.value)


# -- the shipped content ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped(framework: FrameworkView) -> Catalogue:
    """Every trade with its story (the whole catalogue checks, as at start-up)."""
    return load_catalogue(
        ASSETS / "trades",
        framework,
        version="t",
        assets_root=ASSETS,
        stories_dir=ASSETS / "story",
    )


def _paths(data: DialogueData) -> list[list[str]]:
    def walk(node_id: str, trail: list[str]) -> list[list[str]]:
        here = [*trail, node_id]
        nexts = {choice.next for choice in data.node(node_id).choices}
        return [p for n in nexts for p in ([here] if n is None else walk(n, here))]

    return walk(data.start, [])


def test_every_trade_has_a_first_day(shipped: Catalogue) -> None:
    assert REQUIRE_ALL
    assert all(trade.story is not None for trade in shipped.trades)


def test_every_interview_really_branches(
    shipped: Catalogue,
) -> None:
    assert len(shipped.trades) == 50
    told = [trade for trade in shipped.trades if trade.story is not None]
    assert len(told) == 50
    for trade in told:
        story = trade.story
        assert story is not None
        data = story.interview.data
        assert isinstance(data, DialogueData)
        branching = [len({c.next for c in node.choices}) > 1 for node in data.nodes]
        assert sum(branching) * 2 >= len(branching), trade.rome
        for path in _paths(data):
            assert 3 <= len(path) <= 4, (trade.rome, path)
            assert sum(data.node(n).why for n in path) == 1, (trade.rome, path)
        for node in data.nodes:
            assert 3 <= len(node.choices) <= 4, (trade.rome, node.id)
        assert story.interview in trade.played_tasks
        indicators = {i for ref in story.interview.competencies for i in ref.indicators}
        assert "E2C-1C-04" in indicators  # answering questions: speaking, shown in a dialogue


def test_lazy_players_fail_the_interviews_and_the_right_play_passes(shipped: Catalogue) -> None:
    for trade in shipped.trades:
        if trade.story is None:
            continue
        interview = trade.story.interview
        assert play(trade, interview, "correct", 1) == 2, trade.rome
        assert play(trade, interview, "no-move", 1) < 1
        for strategy in ("random", "first"):
            passed = sum(play(trade, interview, strategy, seed) >= 1 for seed in range(1, 41))
            assert passed <= 8, (trade.rome, strategy, passed)


# -- the flow through the scenes -------------------------------------------------------------


def save_shot(driver: Driver, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    surface = pygame.Surface((1280, 720))
    driver.top.draw(surface)
    pygame.image.save(surface, str(SHOTS / f"{name}.png"))


@pytest.fixture
def d1507(framework: FrameworkView, tmp_path: Path) -> Catalogue:
    trades, stories = _folders(tmp_path, ("D1507",), ("D1507",))
    return load_catalogue(trades, framework, version="t", check_coverage=False, stories_dir=stories)


def open_trade(driver: Driver) -> None:
    driver.press(pygame.K_RETURN)  # "Jouer"
    assert isinstance(driver.top, StoryScene) and driver.shows("Moi, c'est Nadia")
    save_shot(driver, "story-mentor-welcome")
    driver.press(pygame.K_RETURN)
    assert isinstance(driver.top, HubScene)
    driver.choose("district-D")
    assert isinstance(driver.top, DistrictScene)
    driver.choose("trade-D1507")
    assert isinstance(driver.top, StoryScene) and driver.shows("Karim, chef de rayon :")
    save_shot(driver, "story-arrival")
    driver.press(pygame.K_RETURN)
    assert isinstance(driver.top, TradeScene)


def best_answers(driver: Driver) -> None:
    scene = driver.top
    assert isinstance(scene, DialogueScene)
    while not scene.engine.finished:
        scores = [c.score for c in scene.engine.choices]
        driver.choose(f"choice-{scores.index(max(scores))}")
        driver.choose("continue")


def test_the_day_goes_from_the_mentor_to_the_interview_and_records_it(
    make_game: MakeGame, d1507: Catalogue
) -> None:
    driver = make_game(d1507)
    open_trade(driver)
    assert driver.shows("Conseil : faites d'abord les missions.")
    driver.choose("interview")
    assert isinstance(driver.top, DialogueScene)
    assert driver.shows("Mme Lefèvre :")
    save_shot(driver, "story-interview")
    first = driver.top.engine.choices
    driver.choose(f"choice-{[c.score for c in first].index(2)}")
    assert driver.shows("Vous avez donné un exemple")
    driver.choose("continue")
    assert driver.top.engine.node.id == "situation"  # the best answer led here
    best_answers(driver)
    assert isinstance(driver.top, DebriefScene)
    assert driver.shows("J'explique")
    driver.press(pygame.K_RETURN)
    assert isinstance(driver.top, ReflectionScene)
    driver.choose("self-1")
    assert isinstance(driver.top, StoryScene) and driver.shows("Bravo !")
    assert driver.shows("Missions faites aujourd'hui : 0 sur 3.")
    save_shot(driver, "story-end-of-day")
    [row] = driver.game.store.journal()
    assert row.body["object"]["id"] == "urn:e2c-jeu:task:D1507:entretien"
    assert row.level == 2
    driver.choose("stay")
    assert isinstance(driver.top, TradeScene)
    assert driver.shows("déjà passé (niveau : J'explique)")


def test_a_weak_first_answer_changes_the_next_question(
    make_game: MakeGame, d1507: Catalogue
) -> None:
    driver = make_game(d1507)
    open_trade(driver)
    driver.choose("interview")
    scores = [c.score for c in driver.top.engine.choices]
    driver.choose(f"choice-{scores.index(0)}")
    driver.choose("continue")
    assert driver.top.engine.node.id == "relance"
    assert driver.shows("un an sans travail")


def test_after_a_task_the_workplace_reacts_to_how_it_went(
    make_game: MakeGame, d1507: Catalogue
) -> None:
    from test_game_scenes import play_perfectly

    driver = make_game(d1507)
    open_trade(driver)
    task = d1507.trades[0].tasks[0]
    driver.choose(f"task-{task.id}")
    play_perfectly(driver, driver.top)
    driver.press(pygame.K_RETURN)
    driver.choose("skip")
    assert isinstance(driver.top, TradeScene)
    assert driver.shows("Propre et rapide.")


def test_the_interview_reads_at_200_percent(make_game: MakeGame, d1507: Catalogue) -> None:
    driver = make_game(d1507)
    game = driver.game
    game.save_settings(replace(game.profile.settings, font_scale=200))
    open_trade(driver)
    driver.choose("interview")
    driver.frame()
    save_shot(driver, "story-interview-200")
    scene = driver.top
    assert isinstance(scene, DialogueScene)
    driver.focus("choice-2")  # the last answer is reachable with the keyboard
    save_shot(driver, "story-interview-200-last-answer")
