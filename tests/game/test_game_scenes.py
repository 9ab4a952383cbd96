"""Scripted keyboard play through the real scenes, frame by frame, on SDL's dummy driver."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pygame
import pytest
from fake_portfolio import FakePortfolio
from game_builders import catalogue_of, task_dict, trade_dict
from game_driver import Driver

from game.core.content import ENGINES, Catalogue
from game.core.engines import format_number
from game.core.engines.route import shortest_route
from game.core.framework import FrameworkView
from game.core.statements import EXT
from game.scenes.common import ConfirmScene
from game.scenes.debrief import DebriefScene, ReflectionScene
from game.scenes.hub import DistrictScene, HubScene
from game.scenes.interests import InterestsScene
from game.scenes.journal import JournalScene
from game.scenes.start import StartScene
from game.scenes.tasks import TaskScene
from game.scenes.tasks.order import OrderScene
from game.scenes.trade import TradeScene

MakeGame = Callable[..., Driver]


def one_trade(tmp_path: Path, framework: FrameworkView, engine: str) -> Catalogue:
    other = "quiz" if engine != "quiz" else "sort"
    trade = trade_dict("D1507", tasks=[task_dict(engine), task_dict(other)])
    return catalogue_of(tmp_path / "trades", framework, trade)


def open_task(driver: Driver, engine: str) -> TaskScene[Any]:
    """From the start screen to the task, with the keyboard only."""
    driver.press(pygame.K_RETURN)  # "Jouer" has the focus first
    assert isinstance(driver.top, HubScene)
    driver.choose("district-D")
    assert isinstance(driver.top, DistrictScene)
    driver.choose("trade-D1507")
    assert isinstance(driver.top, TradeScene)
    assert driver.top.title() == "Une journée comme D1507"
    driver.choose(f"task-tache-{engine}")
    assert isinstance(driver.top, TaskScene)
    return driver.top


def play_perfectly(driver: Driver, scene: TaskScene[Any]) -> None:
    """Keyboard script that plays each engine without a mistake."""
    engine = scene.engine
    kind = engine.kind
    if kind == "sort":
        for _ in engine.items:
            driver.choose(f"cat-{engine.right_category(engine.current)}")
    elif kind == "order":
        for target in range(len(engine.order)):
            position = engine.order.index(target)
            if position != target:
                driver.choose(f"step-{target}")  # pick the step up
                for _ in range(position - target):
                    driver.press(pygame.K_UP)
                driver.press(pygame.K_RETURN)  # put it down
        assert engine.order == sorted(engine.order)
    elif kind == "measure":
        for i, question in enumerate(engine.questions):
            driver.focus(f"answer-{i}")
            driver.type(format_number(question.answer))
    elif kind == "dialogue":
        while not engine.finished:
            scores = [c.score for c in engine.choices]
            driver.choose(f"choice-{scores.index(max(scores))}")
            assert driver.shows("Très bien")
            driver.choose("continue")
        return
    elif kind == "hazard":
        for i, spot in enumerate(engine.spots):
            if spot.hazard:
                driver.choose(f"spot-{i}")
    elif kind == "route":
        for place in shortest_route(engine.data):
            driver.choose(f"go-{place}")
    elif kind == "form":
        for i in range(len(engine.data.fields)):
            driver.choose(f"field-{i}-{engine.right_option(i)}")
    elif kind == "quiz":
        while not engine.finished:
            driver.choose(f"option-{engine.right_option}")
            assert driver.shows("Bonne réponse")
            driver.choose("continue")
        return
    driver.choose("confirm")


@pytest.mark.parametrize("engine", ENGINES)
def test_play_one_task_of_each_engine_from_the_hub_to_the_debrief(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView, engine: str
) -> None:
    driver = make_game(one_trade(tmp_path, framework, engine))
    scene = open_task(driver, engine)
    play_perfectly(driver, scene)

    debrief = driver.top
    assert isinstance(debrief, DebriefScene)
    result = debrief.outcome.result
    assert result.score == 1.0
    assert driver.shows(
        f"Résultat : {format_number(result.raw)} sur {format_number(result.maximum)}"
    )
    competency = task_dict(engine)["competencies"][0]["id"]
    # no reason step in these tasks: a perfect play shows "Je fais", never "J'explique"
    assert driver.shows(f"{framework.label(competency)} : {framework.levels[1].label}")
    assert driver.game.store.journal() == []  # nothing written before the reflection

    driver.press(pygame.K_RETURN)  # "Continuer"
    assert isinstance(driver.top, ReflectionScene)
    driver.choose("self-2")
    assert isinstance(driver.top, TradeScene)
    assert driver.shows("Preuve gardée sur cet ordinateur.")
    [row] = driver.game.store.journal()
    assert row.status == "local" and row.level == 1
    extensions = row.body["context"]["extensions"]
    assert extensions[EXT + "self-level"] == 2 and extensions[EXT + "attempt"] == 1
    assert row.body["object"]["id"] == f"urn:e2c-jeu:task:D1507:tache-{engine}"
    assert driver.game.progress[("D1507", f"tache-{engine}")].last_level == 1
    assert driver.shows("déjà faite (niveau : Je fais)")


def test_wrong_answers_show_not_seen_yet_and_are_kept_too(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView
) -> None:
    driver = make_game(one_trade(tmp_path, framework, "quiz"))
    scene = open_task(driver, "quiz")
    while not scene.engine.finished:
        wrong = (scene.engine.right_option + 1) % len(scene.engine.options)
        driver.choose(f"option-{wrong}")
        assert driver.shows("Pas tout à fait")
        driver.choose("continue")
    assert isinstance(driver.top, DebriefScene)
    assert driver.shows("Résultat : 0 sur 3")
    assert driver.shows("pas encore vu")
    driver.press(pygame.K_ESCAPE)  # Escape in the debrief goes on, nothing is lost
    driver.press(pygame.K_ESCAPE)  # Escape in the reflection skips the rating
    [row] = driver.game.store.journal()
    assert row.body["result"]["success"] is False
    assert EXT + "self-level" not in row.body["context"]["extensions"]


def test_hints_are_shown_and_recorded(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView
) -> None:
    driver = make_game(one_trade(tmp_path, framework, "form"))
    scene = open_task(driver, "form")
    driver.choose("hint")
    assert driver.shows("Indice : Prenez votre temps.")
    assert "hint" not in [w.key for w in scene.focusables]  # no hint left
    play_perfectly(driver, scene)
    assert driver.shows("Indices utilisés : 1")


def test_validate_too_early_says_what_is_missing(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView
) -> None:
    driver = make_game(one_trade(tmp_path, framework, "form"))
    open_task(driver, "form")
    driver.choose("confirm")
    assert isinstance(driver.top, TaskScene)
    assert driver.shows("Répondez à tout avant de valider.")


def test_escape_in_a_task_asks_before_leaving(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView
) -> None:
    driver = make_game(one_trade(tmp_path, framework, "hazard"))
    scene = open_task(driver, "hazard")
    driver.choose("spot-0")
    driver.press(pygame.K_ESCAPE)
    assert isinstance(driver.top, ConfirmScene)
    assert driver.top.focus_key == "stay"  # staying is the default
    driver.press(pygame.K_RETURN)
    assert driver.top is scene and scene.engine.marked[0]  # nothing lost
    driver.press(pygame.K_ESCAPE)
    driver.choose("leave")
    assert isinstance(driver.top, TradeScene)
    assert driver.game.store.journal() == [] and driver.game.progress == {}


def test_quitting_at_the_debrief_still_keeps_the_evidence(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView
) -> None:
    driver = make_game(one_trade(tmp_path, framework, "form"))
    play_perfectly(driver, open_task(driver, "form"))
    assert isinstance(driver.top, DebriefScene)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    driver.frame()
    assert not driver.game.running
    [row] = driver.game.store.journal()
    assert row.level == 1


def test_first_start_asks_for_interests_with_picture_cards(
    make_game: MakeGame, catalogue: Catalogue
) -> None:
    from game.core.interest_cards import CARDS

    driver = make_game(catalogue, interests=())
    driver.press(pygame.K_RETURN)
    assert isinstance(driver.top, InterestsScene)
    for card in CARDS:
        driver.press(pygame.K_1 if card.letter in "RS" else pygame.K_3)
    driver.choose("confirm")
    assert isinstance(driver.top, HubScene)
    assert driver.game.store.profile().interests == ("R", "S")
    assert driver.shows("Pour vous") and driver.shows("Et pourquoi pas ?")


def test_the_hub_suggests_one_trade_outside_the_interests(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView
) -> None:
    catalogue = catalogue_of(
        tmp_path / "town",
        framework,
        trade_dict("D1507", riasec=["C", "R"]),
        trade_dict("K1302", riasec=["S"]),
    )
    driver = make_game(catalogue, interests=("R",), start="hub")
    keys = [w.key for w in driver.top.focusables]
    assert "suggest-D1507" in keys and "outside-K1302" in keys
    driver.choose("outside-K1302")
    assert isinstance(driver.top, TradeScene) and driver.top.trade.rome == "K1302"


def test_settings_change_text_size_and_language_at_once(
    make_game: MakeGame, catalogue: Catalogue
) -> None:
    driver = make_game(catalogue)
    driver.choose("settings")
    driver.choose("bigger")
    driver.choose("bigger")
    assert driver.game.theme.scale == 150
    assert driver.game.store.profile().settings.font_scale == 150
    assert driver.shows("Taille du texte : 150 %")
    driver.choose("lang-en")
    assert driver.shows("Text size: 150 %")
    driver.press(pygame.K_ESCAPE)
    assert isinstance(driver.top, StartScene) and driver.shows("Play")
    assert not driver.shows("Play offline")  # not linked: no portfolio to reach
    driver.press(pygame.K_F11)
    assert driver.game.store.profile().settings.fullscreen is True


def test_big_text_keeps_the_focus_on_screen(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView
) -> None:
    trades = [
        trade_dict(rome)
        for rome in (
            "A1208",
            "D1507",
            "F1703",
            "G1602",
            "H2102",
            "I1203",
            "J1301",
            "K1302",
            "M1602",
            "N1103",
        )
    ]
    driver = make_game(catalogue_of(tmp_path / "many", framework, *trades), start="hub")
    from game.core.store import Settings

    driver.game.save_settings(Settings(font_scale=200))
    driver.frame()
    scene = driver.top
    _, content, _ = scene._areas()
    for _ in range(len(scene.focusables) + 2):
        driver.press(pygame.K_TAB)
        focused = scene.focused
        assert focused is not None
        assert content.top - 20 <= focused.rect.top and focused.rect.bottom <= content.bottom + 20


def test_the_mouse_works_too(make_game: MakeGame, catalogue: Catalogue) -> None:
    driver = make_game(catalogue)
    settings = next(w for w in driver.top.focusables if w.key == "settings")
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=settings.rect.center)
    )
    driver.frame()
    assert driver.shows("Taille du texte : 100 %")


def test_draw_never_changes_the_state(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView
) -> None:
    driver = make_game(one_trade(tmp_path, framework, "order"))
    scene = open_task(driver, "order")
    assert isinstance(scene, OrderScene)
    driver.choose(f"step-{scene.engine.order[1]}")  # carry a step

    def state() -> tuple[Any, ...]:
        return (
            list(scene.engine.order),
            scene.carried,
            scene.focus_key,
            scene.scroll,
            driver.game.stack.scenes,
            scene.run.elapsed,
            [w.rect.copy() for w in scene.focusables],
        )

    before = state()
    first = pygame.Surface((1280, 720))
    second = pygame.Surface((1280, 720))
    scene.draw(first)
    scene.draw(second)
    assert state() == before
    assert pygame.image.tobytes(first, "RGB") == pygame.image.tobytes(second, "RGB")


def test_no_time_pressure_the_clock_only_measures(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView
) -> None:
    driver = make_game(one_trade(tmp_path, framework, "quiz"))
    scene = open_task(driver, "quiz")
    driver.frame(60 * 30)  # half a minute without touching anything
    assert driver.top is scene and not scene.engine.finished
    assert scene.run.elapsed == pytest.approx(30, abs=1)


def test_linking_with_a_code_binds_the_evidence_kept_offline(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView, portfolio: FakePortfolio
) -> None:
    driver = make_game(one_trade(tmp_path, framework, "form"), portfolio_url=portfolio.base_url)
    play_perfectly(driver, open_task(driver, "form"))
    driver.press(pygame.K_RETURN)
    driver.choose("self-1")
    assert driver.game.store.counts()["local"] == 1
    while not isinstance(driver.top, StartScene):
        driver.press(pygame.K_ESCAPE)
    driver.choose("link")
    driver.focus("code")
    driver.type("aaaa bbbb")
    driver.choose("send")
    assert wait_frames(driver, lambda: driver.shows("Ce code ne marche pas"))
    driver.focus("code")
    for _ in range(9):
        driver.press(pygame.K_BACKSPACE)
    driver.type("k7qf93td")
    assert driver.shows("K7QF-93TD")
    driver.press(pygame.K_RETURN)  # Enter in the field sends the code
    assert wait_frames(driver, lambda: driver.shows("C'est fait ! Bonjour Inès."))
    assert driver.game.linked
    [row] = driver.game.store.pending()
    assert row.body["actor"] == portfolio.actor
    driver.press(pygame.K_RETURN)
    assert isinstance(driver.top, StartScene) and driver.shows("Relié au portfolio de Inès.")
    assert "Jouer" in driver.texts() and "Jouer hors ligne" not in driver.texts()


def wait_frames(driver: Driver, check: Callable[[], bool], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        driver.frame()
        if check():
            return True
        time.sleep(0.01)
    return False


def test_the_journal_shows_each_status_in_words(make_game: MakeGame, catalogue: Catalogue) -> None:
    from datetime import UTC, datetime

    from game_builders import outcome_for

    from game.core.statements import build_statement

    driver = make_game(catalogue, start="hub")
    store = driver.game.store
    ids = []
    for task in ("ranger-colis", "tournee-allees", "bon-livraison"):
        run, outcome = outcome_for(catalogue, "N1103", task, datetime(2026, 11, 27, tzinfo=UTC))
        statement = build_statement(
            outcome, run.trade, run.task, actor={"a": 1}, content_version="v", game_version="0"
        )
        store.record(outcome, statement, run.task.title)
        ids.append(outcome.statement_id)
    store.mark_acknowledged([ids[0]])
    store.mark_rejected({ids[1]: "Compétence inconnue."})
    driver.choose("journal")
    assert isinstance(driver.top, JournalScene)
    assert driver.shows("envoyé · Niveau vu : Je fais")
    assert driver.shows("refusé · Niveau vu : Je fais · Raison : Compétence inconnue.")
    assert driver.shows("en attente d'envoi")
    store.apply_remote({ids[0]: "confirmed"})
    driver.frame(130)  # the journal reloads by itself
    assert driver.shows("confirmé")


def test_offline_mode_says_nothing_is_sent(make_game: MakeGame, catalogue: Catalogue) -> None:
    driver = make_game(catalogue, offline=True)
    assert driver.shows("Mode hors ligne : rien n'est envoyé.")
    assert "link" not in [w.key for w in driver.top.focusables]
    assert driver.game.sync_line[1] == "Mode hors ligne"


def test_unlinking_from_the_settings_revokes_the_token(
    make_game: MakeGame, catalogue: Catalogue, portfolio: FakePortfolio
) -> None:
    from fake_portfolio import TOKEN

    from game.core.store import Link

    driver = make_game(catalogue, portfolio_url=portfolio.base_url)
    driver.game.save_link(Link(portfolio.base_url, TOKEN, "t1", "", portfolio.actor, "Inès"))
    driver.choose("settings")
    driver.choose("unlink")
    assert driver.shows("Portfolio délié.")
    assert not driver.game.linked and driver.game.store.profile().link is None
    assert wait_frames(driver, lambda: portfolio.revoked)


def test_the_header_asks_to_link_again_when_the_token_is_refused(
    make_game: MakeGame, catalogue: Catalogue
) -> None:
    from game.core.store import Link

    driver = make_game(catalogue, start="hub")
    driver.game.save_link(
        Link("http://127.0.0.1:9", "t", "t1", "", {"objectType": "Agent"}, "Inès")
    )
    driver.game.store.set_relink_needed(True)
    driver.frame(70)  # the status line refreshes every second
    assert driver.game.sync_line == ("warning", "Reliez de nouveau votre portfolio")


def test_the_wheel_scrolls_and_the_keyboard_brings_the_focus_back(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView
) -> None:
    trades = [
        trade_dict(rome)
        for rome in (
            "A1208",
            "D1507",
            "F1703",
            "G1602",
            "H2102",
            "I1203",
            "J1301",
            "K1302",
            "M1602",
            "N1103",
        )
    ]
    driver = make_game(catalogue_of(tmp_path / "many", framework, *trades), start="hub")
    scene = driver.top
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-10, flipped=False))
    driver.frame()
    assert scene.scroll > 0  # the page moved, even though the focus is at the top
    driver.press(pygame.K_TAB)
    assert scene.scroll == 0  # moving the focus brings it back into view


def test_the_scene_stack_calls_enter_and_exit(make_game: MakeGame, catalogue: Catalogue) -> None:
    from game.scenes.base import Scene, SceneStack

    calls: list[str] = []

    class Probe(Scene):
        def __init__(self, name: str) -> None:
            self.name = name

        def enter(self) -> None:
            calls.append(f"enter {self.name}")

        def exit(self) -> None:
            calls.append(f"exit {self.name}")

    class Other(Probe):
        pass

    stack = SceneStack()
    stack.push(Probe("a"))
    stack.push(Other("b"))
    stack.push(Probe("c"))
    assert stack.pop_to(Other) is stack.top and len(stack) == 2
    stack.replace(Probe("d"))
    assert stack.pop_to(type("Missing", (Scene,), {})) is None and len(stack) == 1
    assert calls == [
        "enter a",
        "exit a",
        "enter b",
        "exit b",
        "enter c",
        "exit c",
        "enter b",
        "exit b",
        "enter d",
        "exit d",
        "enter a",
    ]


def test_a_poor_answer_shows_the_reaction_and_the_debrief_lists_the_path_taken(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView
) -> None:
    driver = make_game(one_trade(tmp_path, framework, "dialogue"))
    scene = open_task(driver, "dialogue")
    engine = scene.engine
    picks = [min, max, max]  # a poor first answer, then the recovery and the end
    while not engine.finished:
        scores = [c.score for c in engine.choices]
        driver.choose(f"choice-{scores.index(picks.pop(0)(scores))}")
        driver.choose("continue")
        if not engine.finished and engine.node.id == "relance":
            assert driver.shows("Il y a une longue file !")  # the customer reacts
    assert isinstance(driver.top, DebriefScene)
    assert driver.shows("Résultat : 4 sur 6")
    texts = driver.texts()
    feedbacks = ["La cliente reste seule.", "Vous rattrapez bien.", "Poli et clair."]
    assert [text for text in texts if text in feedbacks] == feedbacks  # in the order played
