"""Start the game: ``python -m game`` or the ``e2c-jeu`` command.

The competency framework and the content (trade files) are validated before the window opens;
any error stops the game with the file and line (exit code 2).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game import __version__
from game.core.errors import ContentError
from game.core.i18n import Translator
from game.core.paths import ASSETS_ENV, assets_dir, default_home

if TYPE_CHECKING:
    from game.core.content import Catalogue
    from game.core.framework import FrameworkView

EXIT_CONTENT = 2
EXIT_OTHER = 1
PORTFOLIO_ENV = "E2C_PORTFOLIO_URL"
FR = Translator("fr")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="e2c-jeu",
        description="Jeu des métiers des E2C : découvrir des métiers et envoyer ses preuves au portfolio.",
    )
    parser.add_argument(
        "--portfolio",
        metavar="URL",
        default=os.environ.get(PORTFOLIO_ENV, "http://127.0.0.1:5000"),
        help="adresse du portfolio (défaut : $E2C_PORTFOLIO_URL ou http://127.0.0.1:5000)",
    )
    parser.add_argument(
        "--offline", action="store_true", help="jouer sans rien envoyer au portfolio"
    )
    parser.add_argument(
        "--home",
        metavar="PATH",
        type=Path,
        default=None,
        help="dossier de la sauvegarde (défaut : $E2C_GAME_HOME ou le dossier de données de l'utilisateur)",
    )
    # Hidden options for tests and the benchmark.
    parser.add_argument("--assets", metavar="PATH", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--exit-at-hub", action="store_true", help=argparse.SUPPRESS)
    # Fixture trades cannot cover all 35 competencies: this skips only that check.
    parser.add_argument("--partial-content", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"e2c-jeu {__version__}")
    return parser.parse_args(argv)


def load_content(partial: bool) -> tuple[Catalogue, FrameworkView]:
    """The framework and the validated catalogue; raises ContentError or ReferentielError."""
    from game.core.framework import load_framework_view
    from game.core.loader import load_catalogue, load_version

    framework = load_framework_view()
    assets = assets_dir()
    stories = assets / "story"
    catalogue = load_catalogue(
        assets / "trades",
        framework,
        version=load_version(assets / "content.yaml"),
        assets_root=assets,
        check_coverage=not partial,
        # Every trade has its first day; fixture content (partial) may have none.
        stories_dir=stories if not partial or stories.is_dir() else None,
    )
    return catalogue, framework


def open_window(fullscreen: bool) -> Any:
    """The game window: 1280x720 and resizable, or full screen; vsync when the driver has it."""
    import pygame

    from game.app import WINDOW_SIZE

    flags = pygame.FULLSCREEN if fullscreen else pygame.RESIZABLE
    size = (0, 0) if fullscreen else WINDOW_SIZE
    if pygame.display.get_driver() not in ("dummy", "offscreen"):
        try:
            return pygame.display.set_mode(size, flags, vsync=1)
        except pygame.error:
            pass  # no vsync here: the loop caps the frame rate itself
    return pygame.display.set_mode(size, flags)


def fail(code: int, *lines: object) -> int:
    for line in lines:
        print(line, file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Validate everything, open the window and play. Returns the exit code."""
    args = parse_args(argv)
    if args.assets is not None:
        os.environ[ASSETS_ENV] = str(args.assets)
    from game.net.client import check_base_url
    from referentiel import ReferentielError

    try:
        catalogue, framework = load_content(args.partial_content)
    except ContentError as error:
        return fail(EXIT_CONTENT, FR("error.content"), error)
    except (ReferentielError, KeyError) as error:
        return fail(EXIT_CONTENT, FR("error.referentiel"), error)
    try:
        portfolio = check_base_url(args.portfolio)
    except ValueError as error:
        return fail(EXIT_OTHER, error)

    from game.core.store import StoreError, open_store
    from game.net.vault import system_vault

    home = args.home or default_home()
    vault = system_vault(home)
    try:
        store = open_store(home, vault)
    except StoreError as error:
        return fail(EXIT_OTHER, FR("error.save"), error)

    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from game.app import Game, Options
    from game.net.sender import Sender
    from game.scenes.hub import HubScene
    from game.scenes.start import StartScene
    from game.scenes.voice_question import VoiceQuestionScene, should_ask

    try:
        pygame.display.init()
        pygame.font.init()
        surface = open_window(store.profile().settings.fullscreen)
    except pygame.error as error:
        store.close()
        return fail(EXIT_OTHER, f"Impossible d'ouvrir la fenêtre du jeu : {error}")
    pygame.display.set_caption(FR("app.title"))
    pygame.key.set_repeat(400, 60)
    pygame.key.start_text_input()

    options = Options(home, portfolio, args.offline, args.seed, args.exit_at_hub)
    sender = None if args.offline else Sender(lambda: open_store(home, vault))
    game = Game(catalogue, framework, store, options, surface=surface, window=True, sender=sender)
    game.stack.push(StartScene(game))
    if should_ask(game) and not args.exit_at_hub:
        game.stack.push(VoiceQuestionScene(game))
    if args.exit_at_hub:  # benchmark: measure the cold start up to the first hub frame
        if not store.profile().interests:
            game.save_interests(("R",))
        game.stack.push(HubScene(game))
    if sender is not None:
        sender.start()
    try:
        if args.exit_at_hub:
            game.step()
        else:
            game.run()
    finally:
        game.close()
        pygame.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
