"""Pictures drawn in code, the city map with its avatar, the "spot the danger" picture.

Screenshots go to test-output/screenshots/game/ (look at them after a visual change).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pygame
import pytest
from game_builders import catalogue_of, task_dict, trade_dict
from game_driver import Driver

from game.art import city
from game.art.avatars import LOOKS, avatar, avatar_alt
from game.art.hazard import magnifier, vignette, vignette_for
from game.art.pictures import TRADE_PROPS, trade_alt, trade_picture, workplace, workplace_alt
from game.core.content import DOMAIN_LABELS
from game.core.framework import FrameworkView
from game.core.store import AVATARS
from game.scenes.avatar import AvatarScene
from game.scenes.hub import DistrictScene, HubScene
from game.scenes.tasks.hazard import HazardScene
from game.scenes.trade import TradeScene

MakeGame = Callable[..., Driver]
ROOT = Path(__file__).resolve().parents[2]
TRADE_ROMES = sorted(path.stem for path in (ROOT / "assets" / "game" / "trades").glob("*.yaml"))
SHOTS = ROOT / "test-output" / "screenshots" / "game"
ONE_PER_DOMAIN = {
    "A": "A1403", "B": "B1101", "C": "C1201", "D": "D1102", "E": "E1101", "F": "F1703",
    "G": "G1602", "H": "H2913", "I": "I1604", "J": "J1301", "K": "K1303", "L": "L1101",
    "M": "M1855", "N": "N1103",
}  # fmt: skip


def save(surface: pygame.Surface, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pygame.image.save(surface, str(SHOTS / f"{name}.png"))


def shot(driver: Driver, name: str) -> pygame.Surface:
    surface = pygame.Surface(driver.game.size)
    driver.top.draw(surface)
    save(surface, name)
    return surface


def town(tmp_path: Path, framework: FrameworkView, *romes: str) -> object:
    trades = [trade_dict(rome, tasks=[task_dict("hazard"), task_dict("quiz")]) for rome in romes]
    return catalogue_of(tmp_path / "town", framework, *trades)


# -- the art package ---------------------------------------------------------------------


@pytest.mark.usefixtures("display")
def test_every_domain_and_trade_has_a_picture_of_the_asked_size_drawn_the_same_way() -> None:
    assert set(TRADE_PROPS) == set(TRADE_ROMES)
    for letter in DOMAIN_LABELS:
        picture = workplace(letter, (160, 90))
        assert picture.get_size() == (160, 90)
        assert workplace_alt(letter).endswith(".") and len(workplace_alt(letter)) > 20
    for rome in TRADE_ROMES:
        picture = trade_picture(rome, rome[0], (192, 108))
        assert picture.get_size() == (192, 108)
        alt = trade_alt(rome, rome[0])
        assert "Au premier plan" in alt
    again = trade_picture.__wrapped__("D1102", "D", (192, 108))
    first = trade_picture("D1102", "D", (192, 108))
    assert pygame.image.tobytes(again, "RGB") == pygame.image.tobytes(first, "RGB")
    other = trade_picture.__wrapped__("D1101", "D", (192, 108))
    assert pygame.image.tobytes(again, "RGB") != pygame.image.tobytes(other, "RGB")
    assert "four" in trade_alt("D1102", "D") and "chariot élévateur" in trade_alt("N1101", "N")


@pytest.mark.usefixtures("display")
def test_avatars_and_vignettes() -> None:
    assert tuple(LOOKS) == AVATARS and len(AVATARS) >= 4
    assert len({look.skin for look in LOOKS.values()}) >= 4  # diverse
    assert all(avatar_alt(key) for key in AVATARS)
    assert avatar("a2", 50).get_size() == (30, 50)
    assert vignette_for("Un couteau caché au fond de l'évier") is not magnifier
    assert vignette_for("Le câble de la bétonnière traîne") is not magnifier
    assert vignette_for("Quelque chose d'inconnu") is magnifier
    assert vignette("Une flaque d'huile", (40, 30)).get_size() == (40, 30)


# -- the city ----------------------------------------------------------------------------


def test_the_city_walk_reaches_a_door_and_opens_it_with_keys_only(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView
) -> None:
    driver = make_game(town(tmp_path, framework, "D1102", "F1703"), start="hub")
    scene = driver.top
    assert isinstance(scene, HubScene) and scene.at_door() == "D"
    shot(driver, "city-100")
    driver.hold(pygame.K_UP, 30)  # walls stop the avatar: it stays on the street
    assert not scene.walker.blocked(scene.walker.x, scene.walker.y)
    driver.hold(pygame.K_DOWN, 12)
    assert scene.at_door() is None and scene.focus_key == "district-D"
    x_before = scene.walker.x
    driver.hold(pygame.K_d, 10)
    assert scene.walker.x > x_before  # WASD walks too
    driver.hold(pygame.K_RIGHT, 160)  # D is slot 3, F is slot 6: the next row; go around
    # Walk to F's door: down the last vertical street, then left along F's street.
    fx, fy = city.door("F")
    while scene.walker.y < fy - 0.5:
        driver.hold(pygame.K_DOWN, 5)
    while scene.at_door() != "F":
        driver.hold(pygame.K_LEFT, 3)
        assert scene.walker.x > fx - 10, "walked past the door"
    assert scene.focus_key == "district-F"
    assert driver.shows("Le chantier") and driver.shows("Entrée : entrer")
    driver.press(pygame.K_RETURN)
    assert isinstance(driver.top, DistrictScene) and driver.top.letter == "F"


def test_tab_jumps_from_door_to_door_and_enter_opens(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView
) -> None:
    driver = make_game(town(tmp_path, framework, "A1403", "N1103", "J1301"), start="hub")
    scene = driver.top
    doors = [w.key for w in scene.focusables if w.key.startswith("district-")]
    assert doors == ["district-A", "district-J", "district-N"]
    driver.press(pygame.K_TAB)
    assert scene.focus_key == "district-J" and scene.at_door() == "J"
    driver.press(pygame.K_TAB, pygame.KMOD_SHIFT)
    assert scene.at_door() == "A"
    driver.focus("district-N")
    assert scene.at_door() == "N"
    driver.press(pygame.K_RETURN)
    assert isinstance(driver.top, DistrictScene) and driver.top.letter == "N"
    driver.press(pygame.K_ESCAPE)
    driver.focus("suggest-N1103")  # the suggestions stay reachable
    driver.press(pygame.K_RETURN)
    assert isinstance(driver.top, TradeScene)


def test_a_click_on_a_building_walks_there(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView
) -> None:
    driver = make_game(town(tmp_path, framework, "A1403", "N1103"), start="hub")
    scene = driver.top
    door = next(w for w in scene.focusables if w.key == "district-N")
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=door.rect.center))
    driver.frame(600)
    assert scene.at_door() == "N"
    assert isinstance(driver.top, HubScene)  # walking there does not open it
    driver.press(pygame.K_RETURN)
    assert isinstance(driver.top, DistrictScene)


def test_at_200_percent_the_map_and_the_panel_fit(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView
) -> None:
    from game.core.store import Settings

    driver = make_game(town(tmp_path, framework, "D1102", "K1303"), start="hub")
    driver.game.save_settings(Settings(font_scale=200, avatar="a4"))
    driver.frame()
    scene = driver.top
    _, content, _ = scene._areas()
    citymap = scene.widgets[0]
    assert content.contains(citymap.rect)
    assert citymap.rect.width >= 600 and citymap.rect.height >= 400
    for widget in scene.widgets[1:]:
        assert widget.rect.left >= citymap.rect.right and widget.rect.right <= content.right
    assert driver.shows("Les magasins")
    shot(driver, "city-200")


def test_the_avatar_is_chosen_once_and_saved(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView
) -> None:
    driver = make_game(town(tmp_path, framework, "D1102"), avatar="")
    driver.press(pygame.K_RETURN)  # "Jouer"
    assert isinstance(driver.top, AvatarScene)
    assert driver.shows("Awa") and driver.shows(avatar_alt("a4"))
    shot(driver, "avatar-choice")
    driver.choose("avatar-a4")
    assert driver.game.store.profile().settings.avatar == "a4"
    assert isinstance(driver.top, HubScene) and driver.top.widgets[0].avatar_key == "a4"
    driver.press(pygame.K_ESCAPE)
    driver.press(pygame.K_RETURN)
    assert isinstance(driver.top, HubScene)  # not asked again


# -- trade scenes and the hazard picture -------------------------------------------------


def test_a_trade_scene_per_domain(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView
) -> None:
    catalogue = town(tmp_path, framework, *ONE_PER_DOMAIN.values())
    driver = make_game(catalogue, start="hub")
    for letter, rome in ONE_PER_DOMAIN.items():
        trade = next(t for t in catalogue.trades if t.rome == rome)  # type: ignore[attr-defined]
        driver.game.stack.push(TradeScene(driver.game, trade))
        driver.frame()
        assert driver.shows(trade_alt(rome, letter))
        shot(driver, f"trade-{letter}")
        driver.game.stack.pop()


def test_the_hazard_picture_is_played_with_the_keyboard_only(
    make_game: MakeGame, tmp_path: Path, framework: FrameworkView
) -> None:
    driver = make_game(town(tmp_path, framework, "I1604"), start="hub")
    driver.choose("district-I")
    driver.choose("trade-I1604")
    driver.choose("task-tache-hazard")
    scene = driver.top
    assert isinstance(scene, HazardScene) and scene.focus_key == "spot-0"
    spots = scene.engine.spots
    assert driver.shows(f"Endroit 1 : {spots[0].label}")
    driver.press(pygame.K_RIGHT)
    assert scene.focus_key == "spot-1" and driver.shows(f"Endroit 2 : {spots[1].label}")
    for i, spot in enumerate(spots):
        driver.focus(f"spot-{i}")
        if spot.hazard:
            driver.press(pygame.K_RETURN)
    assert scene.engine.marked == [spot.hazard for spot in spots]
    driver.focus(f"spot-{next(i for i, s in enumerate(spots) if s.hazard)}")
    assert driver.shows("marqué comme danger")
    zones = [w for w in scene.focusables if w.key.startswith("spot-")]
    assert len({(z.rect.x, z.rect.y) for z in zones}) == len(spots)  # no two zones overlap
    shot(driver, "hazard-focus")
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=zones[0].rect.center)
    )
    driver.frame()
    assert scene.engine.marked[0] is (not spots[0].hazard)  # the mouse works too
    driver.press(pygame.K_RETURN)  # unmark again with the keyboard
    driver.choose("confirm")
    assert scene.engine.finished
