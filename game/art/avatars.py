"""The avatars the player can choose (diverse, drawn in code) and their sprites."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pygame

from game.art.pen import Color, Pen
from game.core.store import AVATARS


@dataclass(frozen=True, slots=True)
class Look:
    skin: Color
    hair: Color
    shirt: Color
    trousers: Color
    style: int
    alt: str


LOOKS: dict[str, Look] = {
    "a1": Look(
        (141, 85, 36),
        (20, 20, 24),
        (230, 159, 0),
        (50, 60, 100),
        2,
        "Un jeune homme à la peau foncée, cheveux frisés, sweat jaune",
    ),
    "a2": Look(
        (255, 219, 172),
        (176, 110, 50),
        (0, 158, 115),
        (60, 66, 96),
        1,
        "Une jeune femme à la peau claire, cheveux roux longs, robe verte",
    ),
    "a3": Look(
        (224, 172, 105),
        (40, 30, 25),
        (0, 114, 178),
        (40, 40, 50),
        4,
        "Un jeune homme à la peau mate, casquette et t-shirt bleu",
    ),
    "a4": Look(
        (96, 60, 32),
        (20, 20, 24),
        (204, 121, 167),
        (70, 50, 90),
        3,
        "Une jeune femme à la peau noire, cheveux longs, veste rose",
    ),
    "a5": Look(
        (241, 194, 125),
        (60, 40, 35),
        (213, 94, 0),
        (60, 66, 96),
        0,
        "Une personne aux cheveux courts bruns, pull orange",
    ),
    "a6": Look(
        (198, 134, 66),
        (40, 30, 25),
        (120, 90, 200),
        (50, 50, 60),
        3,
        "Une jeune femme à la peau brune, cheveux longs, pull violet",
    ),
}
"""Avatar id -> look and French alt text; the ids are :data:`game.core.store.AVATARS`."""

assert tuple(LOOKS) == AVATARS


def avatar_alt(key: str) -> str:
    return LOOKS.get(key, LOOKS[AVATARS[0]]).alt + "."


@lru_cache(maxsize=64)
def avatar(key: str, height: int, step: int = 0) -> pygame.Surface:
    """The avatar ``key`` standing, ``height`` pixels tall (transparent background).

    ``step`` 1 or 2 moves the legs a little (walking frames).
    """
    look = LOOKS.get(key, LOOKS[AVATARS[0]])
    width = max(4, round(height * 0.6))
    surface = pygame.Surface((width, height), pygame.SRCALPHA)
    pen = Pen(surface, (12, 20))
    pen.person(
        6 + (0.25 if step == 1 else -0.25 if step == 2 else 0),
        19.6,
        19,
        skin=look.skin,
        shirt=look.shirt,
        hair=look.hair,
        style=look.style,
        trousers=look.trousers,
    )
    return surface
