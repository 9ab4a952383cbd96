"""Save what a scene shows to test-output/screenshots/game/ (for people to look at)."""

from __future__ import annotations

from pathlib import Path

import pygame

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots" / "game"


def save_screen(driver: object, name: str) -> Path:
    """Draw the game as the player sees it once the screen has settled (a fade-in finished, a
    second of frames at most) and save it as ``name``.png."""
    game = driver.game  # type: ignore[attr-defined]
    for _ in range(60):
        if getattr(game, "fade", 0.0) <= 0:
            break
        driver.frame()  # type: ignore[attr-defined]
    surface = pygame.Surface(game.size)
    game.draw(surface)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    pygame.image.save(surface, path)
    return path
