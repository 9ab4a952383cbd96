"""Interest cards, "Pour vous" rotation, passport, celebrations and animations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pygame
import pytest
from game_driver import Driver
from screens import save_screen

from game.core.content import Catalogue
from game.core.interest_cards import CARDS
from game.scenes.hub import HubScene
from game.scenes.interests import InterestsScene

MakeGame = Callable[..., Driver]


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
