"""Save what a scene shows to test-output/screenshots/game/ (for people to look at)."""

from __future__ import annotations

from pathlib import Path

import pygame

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots" / "game"


def save_screen(driver: object, name: str) -> Path:
    """Draw the game as the player sees it (fade included) and save it as ``name``.png."""
    game = driver.game  # type: ignore[attr-defined]
    surface = pygame.Surface(game.size)
    game.draw(surface)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    pygame.image.save(surface, path)
    return path
