"""Workplace pictures (one per grand domaine) and trade scenes (one per trade), with alt texts.

Pictures are drawn deterministically (a seed per trade from its ROME code) and cached per
size; callers must not draw on the surfaces they get.
"""

from __future__ import annotations

import random
import zlib
from functools import lru_cache

import pygame

from game.art.pen import CLOTHES, HAIRS, SKINS, Pen
from game.art.places import WORKPLACES
from game.art.props import PROPS

DOMAIN_PROPS: dict[str, tuple[str, ...]] = {
    "A": ("tractor", "hay"),
    "B": ("planks", "paint"),
    "C": ("desk", "computer"),
    "D": ("till", "groceries"),
    "E": ("computer", "phone"),
    "F": ("bricks", "barrow"),
    "G": ("pot", "tray"),
    "H": ("conveyor", "boxes"),
    "I": ("car", "pipes"),
    "J": ("bed", "wheelchair"),
    "K": ("toys", "iron"),
    "L": ("games", "bulb"),
    "M": ("desk", "computer"),
    "N": ("truck", "boxes"),
}
"""Props of a trade that has no row in :data:`TRADE_PROPS` (the domain's usual objects)."""

TRADE_PROPS: dict[str, tuple[str, ...]] = {
    "A1208": ("flowers", "barrow", "tree"),
    "A1402": ("tractor", "veggies"),
    "A1403": ("cow", "hay"),
    "D1101": ("knife", "boxes"),
    "D1102": ("oven", "bread"),
    "D1202": ("chair", "mirror", "scissors"),
    "D1214": ("clothes", "mirror"),
    "D1408": ("headset", "phone"),
    "D1505": ("till", "groceries"),
    "D1507": ("groceries", "boxes"),
    "E1101": ("phone", "computer"),
    "F1602": ("bulb", "ladder"),
    "F1603": ("pipes", "mop"),
    "F1604": ("plaster", "ladder"),
    "F1606": ("paint", "ladder"),
    "F1619": ("tiles", "ladder"),
    "F1703": ("bricks", "barrow"),
    "F1704": ("barrow", "bricks", "boxes"),
    "G1203": ("games", "toys"),
    "G1501": ("bed", "linen"),
    "G1602": ("veggies", "pot"),
    "G1603": ("burger", "till"),
    "G1609": ("pot", "veggies"),
    "G1703": ("bell", "computer"),
    "G1803": ("tray", "bell"),
    "H2102": ("conveyor", "boxes"),
    "H2206": ("planks", "boxes"),
    "H2913": ("welding", "boxes"),
    "H3302": ("conveyor", "boxes"),
    "I1203": ("mop", "ladder", "bulb"),
    "I1401": ("computer", "phone"),
    "I1604": ("car", "pipes"),
    "I1606": ("car", "spray"),
    "J1301": ("bed", "mop"),
    "J1305": ("ambulance", "wheelchair"),
    "J1501": ("bed", "wheelchair"),
    "K1302": ("wheelchair", "pot"),
    "K1303": ("toys", "games"),
    "K1304": ("iron", "mop"),
    "K2205": ("mop", "bins"),
    "K2304": ("bins", "boxes"),
    "K2503": ("guard", "bulb"),
    "M1601": ("bell", "phone"),
    "M1602": ("desk", "computer"),
    "M1855": ("computer", "phone"),
    "N1101": ("forklift", "boxes"),
    "N1103": ("boxes", "groceries"),
    "N1110": ("boxes", "forklift"),
    "N4101": ("truck", "boxes"),
    "N4105": ("truck", "boxes"),
}
"""ROME code -> the props that say which trade it is (first prop is the biggest)."""

SLOTS = ((124.0, 1.45), (36.0, 1.25), (58.0, 0.9))
"""Where props stand (x on the 160 grid, size factor); the worker stands at x = 88."""


def seed_of(key: str) -> int:
    """A stable seed for a trade or a domain (the same on every machine)."""
    return zlib.crc32(key.encode("utf-8"))


def workplace_alt(letter: str) -> str:
    """French alt text of a domain's workplace."""
    return WORKPLACES[letter][1] + "."


@lru_cache(maxsize=64)
def workplace(letter: str, size: tuple[int, int]) -> pygame.Surface:
    """The workplace of grand domaine ``letter`` at ``size`` (cached, do not draw on it)."""
    surface = pygame.Surface(size)
    WORKPLACES[letter][0](Pen(surface))
    return surface


def props_of(rome: str, letter: str) -> tuple[str, ...]:
    return TRADE_PROPS.get(rome) or DOMAIN_PROPS[letter]


def trade_alt(rome: str, letter: str) -> str:
    """French alt text of a trade's scene: the place, its objects, the worker."""
    names = [PROPS[name][1] for name in props_of(rome, letter)]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]
    return f"{WORKPLACES[letter][1]}. Au premier plan : {listed}. Une personne y travaille."


@lru_cache(maxsize=64)
def trade_picture(rome: str, letter: str, size: tuple[int, int]) -> pygame.Surface:
    """The scene of trade ``rome`` (domain ``letter``) at ``size`` (cached, do not draw)."""
    rng = random.Random(seed_of(rome))
    surface = workplace(letter, size).copy()
    pen = Pen(surface)
    props = props_of(rome, letter)
    for name, (x, scale) in reversed(list(zip(props, SLOTS, strict=False))):
        PROPS[name][0](pen, x + rng.uniform(-3, 3), 84 - (1 - scale) * 14, scale)
    pen.person(
        88 + rng.uniform(-3, 3),
        86,
        46,
        skin=rng.choice(SKINS),
        shirt=rng.choice(CLOTHES),
        hair=rng.choice(HAIRS),
        style=rng.randrange(5),
    )
    return surface
