"""The 14 workplaces (one per ROME grand domaine), drawn on the 160 x 90 logical grid.

Each painter draws the room or the outdoor place: walls or sky, floor, and the furniture
that says which kind of place it is. The trade props and the worker come on top
(:mod:`game.art.props`). Pictures keep the lower band (y 58-90) fairly free for them.
"""

from __future__ import annotations

from collections.abc import Callable

from game.art.pen import WHITE, Color, Pen, darker, lighter

Painter = Callable[[Pen], None]

GRASS: Color = (120, 190, 110)
SKY_TOP: Color = (120, 190, 240)
SKY_LOW: Color = (214, 238, 250)
WOOD: Color = (190, 130, 80)
STEEL: Color = (160, 172, 186)
GLASS: Color = (170, 215, 240)


def _room(pen: Pen, wall: Color, floor: Color, *, tiles: bool = False) -> None:
    pen.gradient(0, 0, 160, 58, lighter(wall, 0.25), wall)
    pen.rect(0, 58, 160, 32, floor, outline=False)
    pen.rect(0, 56, 160, 2.5, darker(wall, 0.3), outline=False)
    if tiles:
        for i in range(0, 160, 12):
            pen.seg((i, 58), (i - 8, 90), darker(floor, 0.12), 0.3)


def _window(pen: Pen, x: float, y: float, w: float, h: float, *, sky: bool = True) -> None:
    pen.rect(x, y, w, h, WHITE, radius=0.8)
    if sky:
        pen.gradient(x + 1, y + 1, w - 2, h - 2, SKY_TOP, SKY_LOW)
    else:
        pen.rect(x + 1, y + 1, w - 2, h - 2, GLASS, outline=False)
    pen.seg((x + w / 2, y), (x + w / 2, y + h), WHITE, 0.8)
    pen.seg((x, y + h / 2), (x + w, y + h / 2), WHITE, 0.8)


def _outdoor(pen: Pen, ground: Color = GRASS) -> None:
    pen.gradient(0, 0, 160, 56, SKY_TOP, SKY_LOW)
    pen.circle(138, 12, 6, (255, 214, 90), outline=False)
    for cx, cy in ((30, 12), (80, 8)):
        for dx, r in ((0, 4), (5, 5), (10, 3.5)):
            pen.circle(cx + dx, cy, r, WHITE, outline=False)
    pen.rect(0, 52, 160, 38, ground, outline=False)


def _shelves(pen: Pen, x: float, y: float, w: float, rows: int, colours: list[Color]) -> None:
    pen.rect(x, y, w, rows * 8 + 2, WOOD)
    for r in range(rows):
        top = y + 1 + r * 8
        for i, c in enumerate(colours * 4):
            bx = x + 1.5 + i * 4.5
            if bx + 3.5 > x + w - 1:
                break
            pen.rect(bx, top + 1.5, 3.5, 5.5, c, radius=0.5)
        pen.rect(x, top + 7, w, 1, darker(WOOD), outline=False)


def farm(pen: Pen) -> None:
    _outdoor(pen)
    pen.poly([(10, 52), (10, 28), (28, 16), (46, 28), (46, 52)], (200, 60, 50))
    pen.rect(22, 36, 12, 16, WHITE)
    pen.seg((22, 36), (34, 52), (200, 60, 50), 0.8)
    pen.seg((34, 36), (22, 52), (200, 60, 50), 0.8)
    for i in range(8):
        pen.rect(60 + i * 12, 46, 1.5, 8, WOOD, outline=False)
    pen.rect(58, 47, 100, 1.4, WOOD, outline=False)
    pen.rect(58, 51, 100, 1.4, WOOD, outline=False)
    for x in (120, 140):
        pen.rect(x - 1, 34, 2, 14, WOOD)
        pen.circle(x, 30, 7, (70, 150, 80))


def workshop(pen: Pen) -> None:
    _room(pen, (236, 214, 180), (200, 170, 130))
    _window(pen, 12, 10, 26, 20)
    pen.rect(50, 8, 60, 28, (120, 96, 70))
    for i, c in enumerate(((80, 80, 90), (200, 60, 50), (0, 114, 178), (230, 159, 0))):
        pen.rect(56 + i * 13, 12, 2, 14, c, outline=False)
        pen.circle(57 + i * 13, 12, 2, c)
    pen.rect(40, 44, 80, 5, WOOD)
    pen.rect(44, 49, 3, 12, darker(WOOD))
    pen.rect(113, 49, 3, 12, darker(WOOD))


def bank(pen: Pen) -> None:
    _room(pen, (222, 230, 240), (190, 196, 210), tiles=True)
    for x in (10, 40, 120, 146):
        pen.rect(x, 8, 6, 48, (240, 240, 245))
    pen.rect(56, 10, 50, 24, (30, 46, 74), radius=1)
    pen.circle(81, 22, 7, (230, 159, 0))
    pen.rect(30, 42, 100, 14, (150, 110, 80))


def shop(pen: Pen) -> None:
    _room(pen, (250, 236, 210), (226, 214, 196), tiles=True)
    for i in range(8):
        pen.poly(
            [(i * 20, 0), (i * 20 + 20, 0), (i * 20 + 20, 6), (i * 20 + 10, 9), (i * 20, 6)],
            (213, 94, 0) if i % 2 else WHITE,
        )
    _shelves(pen, 6, 16, 40, 4, [(0, 158, 115), (230, 159, 0), (204, 121, 167)])
    _shelves(pen, 114, 16, 40, 4, [(86, 180, 233), (213, 94, 0), (240, 228, 66)])
    pen.rect(56, 40, 48, 16, (0, 114, 178), radius=1.5)


def studio(pen: Pen) -> None:
    _room(pen, (60, 56, 90), (90, 86, 120))
    for i, c in enumerate(((204, 121, 167), (86, 180, 233), (240, 228, 66))):
        pen.poly(
            [(30 + i * 50, 0), (36 + i * 50, 0), (52 + i * 50, 56), (20 + i * 50, 56)],
            lighter(c, 0.6),
            outline=False,
        )
    pen.rect(20, 12, 40, 26, (24, 26, 34), radius=2)
    pen.rect(23, 15, 34, 20, (86, 180, 233), outline=False)
    pen.circle(124, 24, 9, (24, 26, 34))
    pen.circle(124, 24, 5, (120, 130, 150))
    pen.seg((124, 33), (124, 56), (24, 26, 34), 1.2)


def site(pen: Pen) -> None:
    _outdoor(pen, (196, 170, 130))
    pen.rect(100, 6, 3, 46, (230, 159, 0))
    pen.rect(70, 6, 80, 3, (230, 159, 0))
    pen.seg((150, 9), (150, 22), (46, 50, 70), 0.4)
    pen.rect(146, 22, 8, 4, (120, 120, 130))
    pen.rect(12, 20, 54, 32, (230, 200, 170))
    for i in range(3):
        pen.rect(14 + i * 18, 24, 12, 10, GLASS)
    for y in (20, 36):
        pen.rect(10, y, 58, 1.5, STEEL)
    for x in (10, 38, 66):
        pen.rect(x, 18, 1.5, 34, STEEL)


def restaurant(pen: Pen) -> None:
    _room(pen, (250, 226, 196), (200, 150, 110))
    for x in range(0, 160, 10):
        pen.rect(
            x, 32, 10, 24, (230, 240, 246) if (x // 10) % 2 else (210, 230, 240), outline=False
        )
    pen.rect(10, 8, 140, 4, STEEL)
    for i in range(6):
        pen.seg((20 + i * 22, 12), (20 + i * 22, 18), (46, 50, 70), 0.4)
        pen.circle(20 + i * 22, 20, 2.2, (150, 150, 160))
    pen.rect(8, 44, 144, 12, STEEL)


def factory(pen: Pen) -> None:
    _room(pen, (200, 210, 220), (150, 160, 170))
    for i in range(5):
        pen.poly([(i * 32, 12), (i * 32 + 16, 2), (i * 32 + 32, 12)], (170, 180, 190))
        pen.rect(i * 32 + 10, 5, 6, 6, GLASS, outline=False)
    pen.rect(0, 12, 160, 2, (100, 110, 120), outline=False)
    pen.rect(0, 44, 160, 6, (80, 80, 90))
    for x in range(4, 160, 8):
        pen.circle(x, 50, 1.4, STEEL)
    pen.rect(0, 50, 160, 2, (230, 159, 0), outline=False)


def garage(pen: Pen) -> None:
    _room(pen, (190, 200, 210), (120, 124, 134))
    pen.rect(4, 8, 48, 40, (230, 159, 0))
    for y in range(10, 48, 5):
        pen.seg((4, y), (52, y), darker((230, 159, 0)), 0.4)
    pen.rect(120, 10, 34, 26, (210, 60, 50), radius=1)
    for i in range(5):
        pen.rect(123 + i * 6, 14, 4, 1.2, (46, 50, 70), outline=False)
        pen.rect(123 + i * 6, 22, 1.2, 8, (46, 50, 70), outline=False)


def hospital(pen: Pen) -> None:
    _room(pen, (214, 236, 236), (200, 220, 214), tiles=True)
    _window(pen, 10, 8, 30, 22)
    pen.rect(120, 8, 20, 20, WHITE, radius=2)
    pen.rect(127, 11, 6, 14, (0, 158, 115), outline=False)
    pen.rect(123, 15, 14, 6, (0, 158, 115), outline=False)
    pen.rect(60, 10, 2, 38, STEEL)
    pen.rect(56, 10, 10, 8, (200, 230, 250))


def home(pen: Pen) -> None:
    _room(pen, (244, 218, 190), (176, 128, 90))
    for x in range(0, 160, 8):
        pen.rect(x, 0, 4, 56, lighter((244, 218, 190), 0.3), outline=False)
    _window(pen, 64, 8, 32, 24)
    pen.rect(60, 8, 5, 28, (204, 121, 167), outline=False)
    pen.rect(95, 8, 5, 28, (204, 121, 167), outline=False)
    pen.rect(10, 14, 18, 14, (250, 245, 230))
    pen.circle(19, 21, 4, (86, 180, 233))
    pen.rect(112, 30, 40, 18, (0, 114, 178), radius=3)
    pen.rect(112, 26, 40, 8, lighter((0, 114, 178)), radius=3)


def stage(pen: Pen) -> None:
    pen.rect(0, 0, 160, 90, (40, 20, 40), outline=False)
    pen.rect(0, 0, 160, 8, (170, 30, 50), outline=False)
    for side in (0, 1):
        x = 0 if side == 0 else 130
        pen.rect(x, 0, 30, 60, (190, 40, 60), outline=False)
        for i in range(5):
            pen.seg((x + 3 + i * 6, 8), (x + 3 + i * 6, 60), (150, 25, 45), 0.8)
    pen.poly([(80, 0), (56, 60), (104, 60)], (255, 240, 180), outline=False)
    pen.rect(0, 56, 160, 34, (150, 100, 60), outline=False)
    pen.rect(0, 56, 160, 2, (110, 70, 40), outline=False)


def office(pen: Pen) -> None:
    _room(pen, (226, 232, 244), (176, 186, 204))
    _window(pen, 8, 8, 40, 28, sky=True)
    pen.rect(64, 10, 36, 24, WHITE)
    for i, (h, c) in enumerate(((8, (0, 114, 178)), (14, (0, 158, 115)), (18, (230, 159, 0)))):
        pen.rect(70 + i * 9, 32 - h, 6, h, c, outline=False)
    pen.rect(118, 18, 10, 30, (70, 150, 80), radius=4)
    pen.rect(116, 44, 14, 10, (200, 120, 80))
    pen.rect(20, 44, 70, 4, WOOD)


def warehouse(pen: Pen) -> None:
    _room(pen, (214, 206, 190), (170, 170, 170))
    for x in (6, 58, 110):
        pen.rect(x, 6, 44, 48, (0, 114, 178), outline=False)
        for y in (6, 22, 38):
            pen.rect(x, y + 14, 44, 2, (230, 159, 0))
            for i in range(3):
                pen.rect(x + 2 + i * 14, y + 4, 12, 10, (200, 160, 110), radius=0.5)
    pen.rect(0, 70, 160, 1.5, (240, 228, 66), outline=False)


WORKPLACES: dict[str, tuple[Painter, str]] = {
    "A": (farm, "Une ferme avec une grange rouge, un pré et des arbres"),
    "B": (workshop, "Un atelier d'artisan avec un établi et des outils au mur"),
    "C": (bank, "Une agence de banque avec un comptoir et des colonnes"),
    "D": (shop, "Un magasin avec des rayons pleins de produits"),
    "E": (studio, "Un studio avec un grand écran et des projecteurs"),
    "F": (site, "Un chantier avec une grue et une maison en construction"),
    "G": (restaurant, "Une cuisine de restaurant avec un grand plan de travail"),
    "H": (factory, "Une usine avec une chaîne de production"),
    "I": (garage, "Un atelier de réparation avec des outils au mur"),
    "J": (hospital, "Une chambre d'hôpital claire"),
    "K": (home, "Un salon chaleureux avec un canapé"),
    "L": (stage, "Une scène de spectacle avec des rideaux rouges"),
    "M": (office, "Un bureau avec une fenêtre et un tableau"),
    "N": (warehouse, "Un entrepôt avec de grandes étagères de cartons"),
}
"""Domain letter -> (painter, French description)."""
