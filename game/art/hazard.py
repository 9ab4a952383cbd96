"""Small vignettes for the spots of a "spot the danger" picture, chosen from label keywords.

A vignette is a 40 x 30 logical drawing of the spot's situation (a knife, a puddle, a
cable ...); a label with no known keyword gets a generic magnifying-glass marker.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache

import pygame

from game.art.pen import CLOTHES, SKINS, WHITE, Color, Pen
from game.art.props import PROPS

Vignette = Callable[[Pen], None]
WATER: Color = (86, 180, 233)


def _prop(name: str, scale: float = 0.9) -> Vignette:
    return lambda pen: PROPS[name][0](pen, 20, 28, scale)


def puddle(pen: Pen) -> None:
    pen.ellipse(6, 19, 28, 9, WATER)
    pen.ellipse(11, 21, 8, 2.5, (200, 235, 250), outline=False)
    pen.poly([(30, 6), (36, 18), (24, 18)], (240, 228, 66))
    pen.rect(29.4, 10, 1.2, 4, (46, 50, 70), outline=False)


def door(pen: Pen) -> None:
    pen.rect(12, 3, 16, 25, (150, 110, 80))
    pen.poly([(28, 3), (36, 6), (36, 30), (28, 28)], (190, 140, 100))
    pen.circle(33, 17, 1, (240, 228, 66))


def glove(pen: Pen) -> None:
    pen.rect(12, 12, 14, 15, (230, 159, 0), radius=3)
    for i in range(4):
        pen.rect(12 + i * 3.5, 4 + (i % 2), 3.2, 10, (230, 159, 0), radius=1.5)
    pen.rect(25, 14, 6, 3.2, (230, 159, 0), radius=1.5)


def flame(pen: Pen) -> None:
    pen.poly([(20, 3), (30, 18), (26, 28), (14, 28), (10, 18)], (213, 94, 0))
    pen.poly([(20, 12), (25, 21), (22, 27), (18, 27), (15, 21)], (240, 228, 66), outline=False)


def bottle(pen: Pen) -> None:
    pen.rect(14, 10, 12, 18, (204, 121, 167), radius=2)
    pen.rect(17, 4, 6, 6, (46, 50, 70))
    pen.rect(15.5, 15, 9, 6, WHITE, outline=False)
    pen.poly([(20, 15.5), (23, 20.5), (17, 20.5)], (213, 94, 0), outline=False)


def pills(pen: Pen) -> None:
    for i, (x, y) in enumerate(((10, 20), (18, 24), (26, 19), (15, 13), (28, 26))):
        pen.rect(x, y, 7, 3.2, CLOTHES[i % 5], radius=1.6)


def syringe(pen: Pen) -> None:
    pen.rect(8, 14, 18, 5, (220, 236, 250))
    pen.rect(26, 15.7, 8, 1.6, (160, 172, 186), outline=False)
    pen.rect(4, 13, 4, 7, (46, 50, 70))


def person(pen: Pen) -> None:
    pen.person(20, 29, 26, skin=SKINS[2], shirt=CLOTHES[0], hair=(40, 30, 25), style=0)


def thermometer(pen: Pen) -> None:
    pen.rect(17, 3, 6, 20, WHITE, radius=3)
    pen.rect(19, 10, 2, 13, (213, 94, 0), outline=False)
    pen.circle(20, 24, 4, (213, 94, 0))


def wind(pen: Pen) -> None:
    for i, y in enumerate((8, 15, 22)):
        pen.seg((5 + i * 3, y), (30, y), WATER, 1.2)
        pen.arc(27, y - 4, 8, 8, -1.6, 1.6, 1)


def magnifier(pen: Pen) -> None:
    pen.circle(17, 13, 8, (220, 236, 250))
    pen.seg((23, 19), (32, 28), (46, 50, 70), 2.4)


def animal(pen: Pen) -> None:
    PROPS["cow"][0](pen, 20, 28, 0.85)


KEYWORDS: tuple[tuple[tuple[str, ...], Vignette], ...] = (
    (("couteau", "lame", "desosse"), _prop("knife", 0.9)),
    (("seringue", "aiguille"), syringe),
    (("medicament",), pills),
    (("thermometre",), thermometer),
    (("meteo", "vent"), wind),
    (("vache", "taureau", "animal"), animal),
    (("gant", "chaussure", "casque", "harnais", "masque", "ceinture", "gilet", "tenue"), glove),
    (("flaque", "mouille", "eau", "huile", "glissant", "evier"), puddle),
    (("fil", "cable", "rallonge", "prise", "batterie", "lampe", "lumiere"), _prop("bulb", 0.85)),
    (("plaque", "feu", "gaz", "soudure", "fumee", "extincteur", "casserole"), flame),
    (("javel", "produit", "bouteille", "flacon", "couleur", "detartrant", "savon"), bottle),
    (("echelle", "echafaudage", "escalier", "bord", "toit", "tranchee"), _prop("ladder", 0.75)),
    (("tuile",), _prop("tiles", 1.0)),
    (("porte", "sortie", "fenetre", "barriere", "placard"), door),
    (("voiture", "pneu", "moteur", "pont", "phare"), _prop("car", 0.8)),
    (("chariot", "cariste", "palette", "fourche", "pieton", "allee"), _prop("forklift", 0.75)),
    (("carton", "caisse", "sac", "parpaing", "colis", "canette"), _prop("boxes", 1.0)),
    (("brancard", "lit"), _prop("bed", 0.8)),
    (("chaise", "fauteuil"), _prop("chair", 0.9)),
    (("tapis", "bille", "jouet"), _prop("toys", 0.9)),
    (("frigo", "paille", "cle", "outil"), _prop("boxes", 0.9)),
    (("collegue", "cliente", "mme", "vous"), person),
)


def plain(text: str) -> str:
    """Lower case without accents, for keyword matching."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def vignette_for(label: str) -> Vignette:
    words = plain(label).replace("'", " ").split()
    for keys, painter in KEYWORDS:
        if any(word.startswith(key) for word in words for key in keys):
            return painter
    return magnifier


@lru_cache(maxsize=256)
def vignette(label: str, size: tuple[int, int]) -> pygame.Surface:
    """The drawing for a spot's ``label`` at ``size`` (transparent, cached, do not draw on it)."""
    surface = pygame.Surface(size, pygame.SRCALPHA)
    vignette_for(label)(Pen(surface, (40, 30)))
    return surface
