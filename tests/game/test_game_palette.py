"""Colour is never the only signal, and the state colours stay visible with colour blindness.

Contrast ratios (WCAG 2) of every state mark against every light surface, in normal vision
and simulated protanopia, deuteranopia and tritanopia; the shapes of the state icons differ
from each other when the colour is taken away.
"""

from __future__ import annotations

import itertools

import pygame
import pytest

from game.core.contrast import contrast, simulate, worst_contrast
from game.scenes import icons
from game.scenes.theme import PANEL, STATE_MARKS, SURFACES

MINIMUM = 3.0  # WCAG 1.4.11, non-text contrast of UI states


@pytest.mark.parametrize(("state", "surface"), itertools.product(STATE_MARKS, SURFACES))
def test_every_state_mark_stands_out_with_every_colour_vision(state: str, surface: str) -> None:
    ratio, vision = worst_contrast(STATE_MARKS[state], SURFACES[surface])
    assert ratio >= MINIMUM, f"{state} on {surface}: {ratio:.2f}:1 with {vision}"


@pytest.mark.parametrize("state", ["right", "wrong"])
def test_the_white_tick_and_cross_stand_out_on_their_badge(state: str) -> None:
    ratio, vision = worst_contrast(PANEL, STATE_MARKS[state])
    assert ratio >= MINIMUM, f"white on {state}: {ratio:.2f}:1 with {vision}"


def test_the_check_can_fail_on_the_bright_orange() -> None:
    """The measure is real: Okabe-Ito's bright orange on the page is too pale (about 2:1)."""
    ratio, vision = worst_contrast((230, 159, 0), SURFACES["background"])
    assert ratio < MINIMUM
    assert vision == "deuteranopia"
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert simulate((255, 0, 0), "protanopia") != (255, 0, 0)


def mask(name: str, size: int = 48) -> set[tuple[int, int]]:
    """The dark pixels of an icon drawn on a white button, colour removed: its shape only."""
    surface = pygame.Surface((size, size))
    surface.fill(PANEL)
    icons.draw_icon(surface, name, pygame.Rect(0, 0, size, size))
    dark = set()
    for x in range(size):
        for y in range(size):
            r, g, b, _ = surface.get_at((x, y))
            if 0.2126 * r + 0.7152 * g + 0.0722 * b < 160:
                dark.add((x, y))
    return dark


STATE_ICONS = (
    "check",
    "cross",
    "dot",
    "radio",
    "radio_on",
    "box",
    "box_checked",
    "hand",
    "warning",
)


@pytest.mark.parametrize(("one", "other"), itertools.combinations(STATE_ICONS, 2))
def test_state_icons_differ_by_shape(display: pygame.Surface, one: str, other: str) -> None:
    """Right, wrong, partly right, chosen, not chosen, carried, warning: told apart in grey."""
    a, b = mask(one), mask(other)
    differing = len(a ^ b) / max(len(a | b), 1)
    assert differing > 0.15, f"{one} and {other} have nearly the same shape ({differing:.0%})"
