"""The running game: window, fixed-step loop, scene stack, save, sender and settings.

``Game.step()`` runs one frame: read input, run the fixed update steps the clock asks for,
draw. Tests build a ``Game`` on an off-screen surface with a manual clock and call ``step()``
after posting events, so a session replays identically.
"""

from __future__ import annotations

import contextlib
import random
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pygame

from game import __version__
from game.audio.system import Audio
from game.core.clock import STEP, Clock, FixedStep, SystemClock, WallClock, utc_now
from game.core.content import Catalogue, Task, Trade
from game.core.framework import FrameworkView
from game.core.i18n import Translator
from game.core.session import TaskRun
from game.core.statement_rules import SEED_LIMIT
from game.core.statements import build_statement
from game.core.store import Link, Profile, Progress, Settings, Store, StoreError
from game.net.sender import Sender
from game.scenes.base import SceneStack
from game.scenes.theme import BACKGROUND, Theme

WINDOW_SIZE = (1280, 720)
SYNC_REFRESH = 1.0
FADE_TIME = 0.15  # a new scene fades in this fast; input is never held back


@dataclass(frozen=True, slots=True)
class Options:
    """What the command line chose."""

    home: Path
    portfolio: str
    offline: bool = False
    seed: int | None = None
    exit_at_hub: bool = False


class Game:
    """Owns everything a scene may need, and runs the loop."""

    def __init__(
        self,
        catalogue: Catalogue,
        framework: FrameworkView,
        store: Store,
        options: Options,
        *,
        surface: pygame.Surface,
        window: bool = False,
        clock: Clock | None = None,
        wall: WallClock = utc_now,
        sender: Sender | None = None,
        new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
        audio: Audio | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.framework = framework
        self.store = store
        self.options = options
        self.surface = surface
        self.window = window
        self.size: tuple[int, int] = surface.get_size()
        self.fixed = FixedStep(clock or SystemClock())
        self.wall = wall
        self.sender = sender
        self.new_id = new_id
        self.rng = random.Random(options.seed)
        self.registration = new_id()
        self.stack = SceneStack()
        self.running = True
        self.frames = 0
        self.profile: Profile = store.profile()
        self.progress: dict[tuple[str, str], Progress] = store.progress()
        self.theme = Theme(self.profile.settings.font_scale)
        self.t = Translator(self.profile.settings.language)
        self.unrecorded: TaskRun | None = None
        self.welcomed = False  # the mentor greets the player once per session
        self.story_seen: set[str] = set()  # trades whose first-day arrival was shown
        self.sync_line: tuple[str, str] = ("clock", "")
        self._sync_timer = 0.0
        self._jobs: ThreadPoolExecutor | None = None
        self.fade = 0.0  # seconds of fade-in left for the top scene
        self._faded_for: object = None
        self.audio = audio if audio is not None else Audio.start(self.submit)
        self.audio.configure(self.profile.settings)
        self._refresh_sync()

    # -- loop ------------------------------------------------------------------------------

    def step(self) -> None:
        """One frame: events, fixed updates, draw (and flip when there is a window)."""
        for event in pygame.event.get():
            self.dispatch(event)
        self._note_scene()
        for _ in range(self.fixed.steps()):
            self.update(STEP)
        self.draw(self.surface)
        if self.window:
            pygame.display.flip()
        self.frames += 1

    def run(self) -> None:
        """Run until the player quits. Renders as often as vsync allows (capped at 120 fps)."""
        limiter = pygame.time.Clock()
        while self.running and len(self.stack):
            self.step()
            limiter.tick(120)

    def dispatch(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.quit()
        elif event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            if self.window:
                self.surface = pygame.display.get_surface() or self.surface
            self.size = self.surface.get_size()
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.save_settings(
                replace(self.profile.settings, fullscreen=not self.profile.settings.fullscreen)
            )
        elif self.stack.top is not None:
            self.stack.top.handle_event(event)

    def _note_scene(self) -> None:
        """A new top scene starts its fade-in (none with "animations calmes")."""
        if self.stack.top is not self._faded_for:
            self._faded_for = self.stack.top
            self.fade = 0.0 if self.profile.settings.reduce_motion else FADE_TIME

    def update(self, dt: float) -> None:
        self.fade = max(0.0, self.fade - dt)
        if self.stack.top is not None:
            self.stack.top.update(dt)
        self.audio.pump()
        self._sync_timer -= dt
        if self._sync_timer <= 0:
            self._refresh_sync()

    def draw(self, surface: pygame.Surface) -> None:
        if self.stack.top is not None:
            self.stack.top.draw(surface)
        if self.fade > 0:
            veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
            veil.fill((*BACKGROUND, round(230 * self.fade / FADE_TIME)))
            surface.blit(veil, (0, 0))

    def quit(self) -> None:
        """Keep a finished but unrated task, then stop the loop."""
        if self.unrecorded is not None:
            with contextlib.suppress(StoreError):
                self.record(self.unrecorded, None)
        self.running = False

    def close(self) -> None:
        """Stop background work and close the save (after the loop ends)."""
        if self.sender is not None:
            self.sender.stop()
        self.audio.close()
        if self._jobs is not None:
            self._jobs.shutdown(wait=False, cancel_futures=True)
        self.store.close()

    # -- background jobs (never block the loop) -------------------------------------------

    def submit(self, job: Callable[[], Any]) -> Future[Any]:
        """Run ``job`` in a worker thread; the caller polls the future in ``update``."""
        if self._jobs is None:
            self._jobs = ThreadPoolExecutor(max_workers=1, thread_name_prefix="e2c-job")
        return self._jobs.submit(job)

    # -- settings, profile, link -----------------------------------------------------------

    def save_settings(self, settings: Settings) -> None:
        settings = settings.checked()
        fullscreen_changed = settings.fullscreen != self.profile.settings.fullscreen
        self.store.save_settings(settings)
        self.profile = self.store.profile()
        self.theme = Theme(settings.font_scale)
        self.t = Translator(settings.language)
        self.audio.configure(self.profile.settings)
        if fullscreen_changed and self.window:
            flags = pygame.FULLSCREEN if settings.fullscreen else pygame.RESIZABLE
            size = (0, 0) if settings.fullscreen else WINDOW_SIZE
            self.surface = pygame.display.set_mode(size, flags)
            self.size = self.surface.get_size()
        self._refresh_sync()

    def save_interests(self, interests: tuple[str, ...]) -> None:
        self.store.save_interests(interests)
        self.profile = self.store.profile()
        if self.sender is not None:
            self.sender.notify()  # linked: the portfolio learns them at once

    def save_link(self, link: Link | None) -> None:
        self.store.save_link(link)
        self.profile = self.store.profile()
        if self.sender is not None:
            self.sender.notify()
        self._refresh_sync()

    @property
    def linked(self) -> bool:
        return self.profile.link is not None

    # -- tasks -----------------------------------------------------------------------------

    def new_run(self, trade: Trade, task: Task) -> TaskRun:
        """A fresh run of ``task`` (attempt number from the save)."""
        attempt = self.store.attempts(trade.rome, task.id) + 1
        return TaskRun(
            trade,
            task,
            attempt=attempt,
            registration=self.registration,
            seed=self.rng.randrange(SEED_LIMIT),
            new_id=self.new_id,
        )

    def record(self, run: TaskRun, self_level: int | None) -> bool:
        """Write the task's statement to the outbox and its progress to the save, together.

        Returns False when the statement was not queued (a replay of the same day that did
        not reach a higher level: the progress is saved, no second evidence is sent).
        """
        outcome = run.finish(self.wall())
        link = self.profile.link
        statement = build_statement(
            outcome,
            run.trade,
            run.task,
            actor=link.actor if link is not None else None,
            content_version=self.catalogue.version,
            game_version=__version__,
            self_level=self_level,
        )
        before = self.progress.get((run.trade.rome, run.task.id))
        queued = self.store.record(outcome, statement, run.task.title)
        self.unrecorded = None
        self.progress = self.store.progress()
        after = self.progress.get((run.trade.rome, run.task.id))
        if after is not None and after.last_level > (before.last_level if before else 0):
            self.audio.play("level")
        if self.sender is not None and queued:
            self.sender.notify()
        self._refresh_sync()
        return queued

    # -- sync status line ------------------------------------------------------------------

    def _refresh_sync(self) -> None:
        self._sync_timer = SYNC_REFRESH
        self.profile = self.store.profile()
        counts = self.store.counts()
        waiting = counts["pending"] + counts["local"]
        if self.options.offline:
            self.sync_line = ("clock", self.t("sync.offline"))
        elif self.profile.relink_needed:
            self.sync_line = ("warning", self.t("sync.relink"))
        elif self.profile.link is None:
            self.sync_line = ("clock", self.t("sync.unlinked"))
        elif self.sender is None:
            self.sync_line = ("clock", self.t("sync.sending", count=waiting))
        else:
            state = self.sender.status().state
            if state == "relink":
                self.sync_line = ("warning", self.t("sync.relink"))
            elif state == "retrying":
                self.sync_line = ("clock", self.t("sync.retrying", count=waiting))
            elif waiting:
                self.sync_line = ("arrow", self.t("sync.sending", count=waiting))
            else:
                self.sync_line = ("check", self.t("sync.idle"))
