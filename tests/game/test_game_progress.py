"""Interest cards, "Pour vous" rotation, passport, celebrations and animations."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import pygame
import pytest
from game_builders import fixture_catalogue, outcome_for
from game_driver import Driver
from screens import save_screen

from game.core.content import Catalogue, Trade
from game.core.framework import FrameworkView
from game.core.interest_cards import CARDS, Answer
from game.core.riasec import (
    Suggestions,
    check_interests,
    match_strength,
    profile_from_answers,
    suggest,
)
from game.core.statements import EXT, build_statement
from game.scenes.common import level_words
from game.scenes.debrief import DebriefScene
from game.scenes.hub import HubScene
from game.scenes.interests import InterestsScene
from game.scenes.journal import JournalScene, StampWidget
from game.scenes.tasks.route import RouteScene
from game.scenes.tasks.sort import SortScene

MakeGame = Callable[..., Driver]
REFERENCE = Path(__file__).resolve().parents[1] / "reference" / "rome_50_trades.csv"


@pytest.fixture(scope="module")
def catalogue_module(framework: FrameworkView) -> Catalogue:
    return fixture_catalogue(framework)


def answer_keys(letters_liked: set[str]) -> list[int]:
    return [pygame.K_1 if card.letter in letters_liked else pygame.K_2 for card in CARDS]


def test_the_card_deck_is_played_with_the_keyboard_only(
    make_game: MakeGame, catalogue: Catalogue
) -> None:
    driver = make_game(catalogue, interests=())
    driver.press(pygame.K_RETURN)
    assert isinstance(driver.top, InterestsScene)
    assert driver.shows("1 / 20") and driver.shows("Réparer un vélo")
    save_screen(driver, "cards-100")
    keys = answer_keys({"S", "A"})
    for key in keys[:6]:
        driver.press(key)
    assert driver.shows("7 / 20")
    driver.press(pygame.K_BACKSPACE)  # one card back
    assert driver.shows("6 / 20")
    driver.press(keys[5])
    for key in keys[6:-1]:
        driver.press(key)
    # the last card with arrows and Enter: like, dislike, unsure in that order
    assert driver.top.focus_key == "like"
    driver.press(pygame.K_RIGHT)
    assert driver.top.focus_key == "dislike"
    driver.press(pygame.K_RETURN)
    assert driver.shows("Vous aimez surtout :")
    assert driver.shows("Aider, soigner, écouter les gens")
    assert driver.shows("Créer, imaginer, décorer")
    assert driver.game.store.profile().interests == ()  # nothing saved before "keep"
    driver.press(pygame.K_RETURN)  # "C'est bon, je garde" has the focus
    assert isinstance(driver.top, HubScene)
    assert driver.game.store.profile().interests == ("A", "S")  # the last S card was refused


def test_cards_at_200_percent_keep_the_answers_on_screen(
    make_game: MakeGame, catalogue: Catalogue
) -> None:
    driver = make_game(catalogue)
    settings = driver.game.profile.settings
    driver.game.save_settings(replace(settings, font_scale=200))
    driver.game.stack.push(InterestsScene(driver.game))
    driver.frame(30)
    scene = driver.top
    for key in ("like", "dislike", "unsure", "previous"):
        [button] = [w for w in scene.focusables if w.key == key]
        assert button.rect.bottom <= 720 - 40, key
    save_screen(driver, "cards-200")
    driver.press(pygame.K_3)
    assert driver.shows("2 / 20")
    save_screen(driver, "cards-200-second")


# -- the profile from the cards (pure) -----------------------------------------------------


def answers_for(**by_letter: str) -> dict[str, Answer]:
    """Answer every card of a letter the same way; letters not given are "unsure"."""
    return {card.id: cast(Answer, by_letter.get(card.letter, "unsure")) for card in CARDS}


@pytest.mark.parametrize(
    ("answers", "profile"),
    [
        (answers_for(R="like"), ("R",)),
        (answers_for(S="like", A="like"), ("S", "A")),  # S has 4 cards, A 3: S first
        (answers_for(I="like", E="like"), ("I", "E")),  # a tie (3 cards each): RIASEC order
        (answers_for(E="like", I="like"), ("I", "E")),  # the same, whatever the order given
        (answers_for(C="like", R="dislike"), ("C",)),
        ({}, ("R",)),  # nothing answered: the first letter stands alone
        (answers_for(R="dislike", I="dislike", A="dislike", S="dislike", E="dislike"), ("C",)),
        ({"bike": "like", "wood": "like", "garden": "like", "draw": "like"}, ("R",)),  # 6 vs 2
        ({"bike": "like", "wood": "like", "draw": "like"}, ("R", "A")),  # 4 vs 2: half
        ({"bike": "like", "draw": "like"}, ("R", "A")),  # a tie of points: RIASEC order
        ({"draw": "like", "music": "like", "bike": "like", "wood": "dislike"}, ("A",)),
    ],
)
def test_profile_from_card_answers(answers: dict[str, Answer], profile: tuple[str, ...]) -> None:
    assert profile_from_answers(answers) == profile
    check_interests(profile)  # always what the portfolio accepts: 1 or 2 letters


def test_the_deck_has_three_or_four_cards_per_letter_and_a_line_and_picture_each() -> None:
    from game.core.i18n import EN, FR
    from game.scenes.card_art import PAINTERS

    counts = {letter: sum(c.letter == letter for c in CARDS) for letter in "RIASEC"}
    assert all(3 <= n <= 4 for n in counts.values()) and 18 <= len(CARDS) <= 22
    assert all(a.letter != b.letter for a, b in itertools.pairwise(CARDS))
    for card in CARDS:
        assert FR[f"card.{card.id}"] and EN[f"card.{card.id}"] and card.id in PAINTERS


# -- "Pour vous" rotation (pure) -----------------------------------------------------------


@pytest.fixture(scope="module")
def fifty(catalogue_module: Catalogue) -> list[Trade]:
    """The game's 50 trades (ROME facts from the reference list) on one fixture body."""
    base = catalogue_module.trades[0]
    with REFERENCE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        replace(
            base,
            rome=row["code_rome"],
            grand_domaine=row["code_grand_domaine"],
            riasec=tuple(x for x in (row["riasec_majeur"], row["riasec_mineur"]) if x),
        )
        for row in rows
    ]


@pytest.mark.parametrize("interests", [("R",), ("S", "A"), ("C", "E"), ("I",), ("A",)])
def test_pour_vous_never_leads_with_the_same_domain_twice_over_14_turns(
    fifty: list[Trade], interests: tuple[str, ...]
) -> None:
    played: set[str] = set()
    previous: Suggestions | None = None
    for turn in range(14):
        found = suggest(fifty, interests, played=played, turn=turn)
        domains = [t.grand_domaine for t in found.matching]
        assert found.matching and len(set(domains)) == len(domains)  # one per domain
        assert all(match_strength(t, interests) > 0 for t in found.matching)
        assert found.outside is not None and not set(found.outside.riasec) & set(interests)
        if previous is not None:
            assert domains[0] != previous.matching[0].grand_domaine, turn
            assert found.outside.grand_domaine != previous.outside.grand_domaine, turn  # type: ignore[union-attr]
        played.add(found.matching[0].rome)  # the player plays the first suggestion
        previous = found


# -- passport ------------------------------------------------------------------------------


def test_the_passport_shows_what_the_statements_sent_say(
    make_game: MakeGame, catalogue: Catalogue
) -> None:
    driver = make_game(catalogue, start="hub")
    store = driver.game.store
    ids = []
    for rome, task in (("N1103", "ranger-colis"), ("N1103", "bon-livraison"), ("G1602", None)):
        task_id = task or catalogue.trade(rome).tasks[0].id
        run, outcome = outcome_for(catalogue, rome, task_id, datetime(2026, 11, 27, tzinfo=UTC))
        statement = build_statement(
            outcome, run.trade, run.task, actor={"a": 1}, content_version="v", game_version="0"
        )
        store.record(outcome, statement, run.task.title)
        ids.append(outcome.statement_id)
    store.mark_rejected({ids[2]: "Refusé."})  # never evidence: no stamp for G1602
    sent: dict[str, int] = {}
    for row in store.journal():
        if row.status == "rejected":
            continue
        for entry in row.body["context"]["extensions"][EXT + "competencies"]:
            sent[entry["id"]] = max(sent.get(entry["id"], 0), entry["level"])
    driver.choose("journal")
    scene = driver.top
    assert isinstance(scene, JournalScene)
    assert dict(scene.passport.competencies) == sent and sent
    assert [s.rome for s in scene.passport.stamps] == ["N1103"]
    assert scene.passport.stamps[0].missions == 2
    framework = driver.game.framework
    for competency, level in sent.items():
        words = level_words(driver.game, level)
        assert driver.shows(f"{framework.plain(competency)} : {words}")
    assert driver.shows(catalogue.trade("N1103").label)
    stamps = [w.label for w in scene.widgets[1].children() if isinstance(w, StampWidget)]
    assert stamps == [catalogue.trade("N1103").label]  # G1602's evidence was refused
    driver.frame(12)
    save_screen(driver, "passport")


# -- celebration and animations ------------------------------------------------------------


def play_sort_task(driver: Driver, *, wrong: bool = False) -> SortScene:
    driver.choose("district-N")
    driver.choose("trade-N1103")
    driver.choose("task-ranger-colis")
    scene = driver.top
    assert isinstance(scene, SortScene)
    return scene


def test_sorted_items_fly_to_their_bin_and_stop(make_game: MakeGame, catalogue: Catalogue) -> None:
    driver = make_game(catalogue, start="hub")
    scene = play_sort_task(driver)
    engine = scene.engine
    driver.choose(f"cat-{engine.right_category(engine.current)}")
    assert scene.flight is not None
    label, start, end = scene.flight
    assert label == engine.items[0].label and start.center != end.center
    driver.frame(10)  # 1/6 s: still flying
    assert scene.flight is not None and 0 < scene.flown < 0.3
    driver.frame(10)
    assert scene.flight is None  # done within 0.3 s and a frame or two
    driver.game.save_settings(replace(driver.game.profile.settings, reduce_motion=True))
    driver.choose(f"cat-{engine.right_category(engine.current)}")
    assert scene.flight is None  # calm animations: no flight at all


def test_the_celebration_runs_in_fixed_steps_and_ends(
    make_game: MakeGame, catalogue: Catalogue
) -> None:
    driver = make_game(catalogue, start="hub")
    scene = play_sort_task(driver)
    engine = scene.engine
    for _ in engine.items:
        driver.choose(f"cat-{engine.right_category(engine.current)}")
    driver.choose("confirm")
    debrief = driver.top
    assert isinstance(debrief, DebriefScene)
    assert debrief.celebration.running and debrief.gained
    assert driver.shows("Mission finie, bravo !") and driver.shows("Nouveau niveau !")
    driver.frame(20)
    save_screen(driver, "celebration")
    before = [(p.x, p.y) for p in debrief.celebration.particles]
    surface = pygame.Surface((1280, 720))
    debrief.draw(surface)  # drawing changes nothing
    assert [(p.x, p.y) for p in debrief.celebration.particles] == before
    driver.frame(90)
    assert not debrief.celebration.running and not debrief.celebration.particles
    driver.choose("continue")  # input was never held


def test_calm_animations_show_no_confetti_but_keep_the_badges(
    make_game: MakeGame, catalogue: Catalogue
) -> None:
    driver = make_game(catalogue, start="hub")
    driver.choose("settings")
    driver.choose("motion")
    assert driver.shows("Animations calmes : oui")
    assert driver.game.store.profile().settings.reduce_motion is True
    driver.press(pygame.K_ESCAPE)
    assert isinstance(driver.top, HubScene)
    assert driver.game.fade == 0.0  # no fade either
    scene = play_sort_task(driver)
    engine = scene.engine
    for _ in engine.items:
        driver.choose(f"cat-{engine.right_category(engine.current)}")
    driver.choose("confirm")
    assert not driver.top.celebration.running
    assert driver.shows("Mission finie, bravo !")


def test_scenes_fade_in_briefly_without_holding_input(
    make_game: MakeGame, catalogue: Catalogue
) -> None:
    driver = make_game(catalogue)
    driver.press(pygame.K_RETURN)
    assert isinstance(driver.top, HubScene)
    assert 0 < driver.game.fade <= 0.15
    driver.choose("settings")  # keys work during the fade
    driver.frame(12)
    assert driver.game.fade == 0.0


def test_the_route_walker_walks_the_chosen_route(make_game: MakeGame, catalogue: Catalogue) -> None:
    driver = make_game(catalogue, start="hub")
    driver.choose("district-N")
    driver.choose("trade-N1103")
    driver.choose("task-tournee-allees")
    scene = driver.top
    assert isinstance(scene, RouteScene)
    assert scene.walked == 0.0
    first = scene.engine.remaining[0]
    driver.choose(f"go-{first}")
    assert 0 < scene.walked < 1  # on the way
    driver.frame(30)
    assert scene.walked == 1.0  # arrived, and stops there
    driver.choose("undo")
    driver.frame()
    assert scene.walked == 0.0  # back at the start with the trip undone
