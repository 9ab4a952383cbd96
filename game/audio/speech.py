"""Read aloud: an offline voice (eSpeak NG), synthesised off the main thread, cached per text.

``say(text)`` returns at once: a cached text plays now, a new one is synthesised by a
background job (``submit``) and played by :meth:`Voice.pump`, which the game calls every frame,
unless something newer was asked for meanwhile (moving the focus quickly reads only the last
item). Without the library or a sound device, ``available`` is False and nothing happens.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Protocol

from game.audio.espeak import Espeak, Pcm, SpeechUnavailable
from game.audio.mixer import Mixer

SPEEDS = {"slow": 115, "normal": 150}  # words per minute; eSpeak's own default is 175
VOICES = {"fr": "fr", "en": "en"}
CACHE_SIZE = 64  # ~3 s of speech is ~130 kB: at most ~8 MB

Key = tuple[str, str, int]
Submit = Callable[[Callable[[], Any]], Future[Any]]


class Engine(Protocol):
    def synth(self, text: str, *, voice: str = "fr", words_per_minute: int = 150) -> Pcm: ...


_ENGINE: Espeak | None = None
_ENGINE_ERROR: str | None = None
_ENGINE_LOCK = threading.Lock()


def shared_engine() -> Espeak | None:
    """The process's eSpeak (it has global state), or None when it cannot start here."""
    global _ENGINE, _ENGINE_ERROR
    with _ENGINE_LOCK:
        if _ENGINE is None and _ENGINE_ERROR is None:
            try:
                _ENGINE = Espeak()
            except SpeechUnavailable as exc:
                _ENGINE_ERROR = str(exc)
        return _ENGINE


def clean(text: str) -> str:
    """What is worth saying: no quote marks or ellipsis signs read out, spaces squeezed."""
    for mark in ("«", "»", "…", "·"):
        text = text.replace(mark, " " if mark != "…" else ".")
    return " ".join(text.split())


class Voice:
    """Says texts through the mixer's voice channel."""

    def __init__(self, mixer: Mixer, submit: Submit, engine: Engine | None) -> None:
        self.mixer = mixer
        self.submit = submit
        self.engine = engine
        self.language = "fr"
        self.speed = "normal"
        self._cache: OrderedDict[Key, Any] = OrderedDict()
        self._jobs: dict[Key, Future[Any]] = {}
        self._wanted: Key | None = None
        self.last_said = ""

    @property
    def is_available(self) -> bool:
        return self.engine is not None and self.mixer.available

    def configure(self, language: str, speed: str) -> None:
        self.language = language if language in VOICES else "fr"
        self.speed = speed if speed in SPEEDS else "normal"

    def _key(self, text: str) -> Key:
        return (text, VOICES[self.language], SPEEDS[self.speed])

    def say(self, text: str) -> None:
        """Say ``text`` (cutting what was being said); returns at once."""
        text = clean(text)
        if not text or not self.is_available:
            return
        key = self._key(text)
        self.last_said = text
        if key in self._cache:
            self._cache.move_to_end(key)
            self._wanted = None
            self.mixer.play_voice(self._cache[key])
            return
        self.mixer.stop_voice()
        self._wanted = key
        if key not in self._jobs:
            self._jobs[key] = self.submit(lambda: self._synth(key))

    def _synth(self, key: Key) -> bytes:
        """Worker thread: text -> PCM in the mixer's format (bytes)."""
        from game.audio.mixer import to_mixer_bytes

        assert self.engine is not None
        pcm = self.engine.synth(key[0], voice=key[1], words_per_minute=key[2])
        return to_mixer_bytes(pcm.samples, pcm.rate, self.mixer.frequency, self.mixer.channels)

    def pump(self) -> None:
        """Main thread, every frame: keep finished syntheses, play the one still wanted."""
        import pygame

        for key, job in list(self._jobs.items()):
            if not job.done():
                continue
            del self._jobs[key]
            if job.cancelled() or job.exception() is not None:
                continue
            self._cache[key] = pygame.mixer.Sound(buffer=job.result())
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
            if key == self._wanted:
                self._wanted = None
                self.mixer.play_voice(self._cache[key])

    def stop(self) -> None:
        """Be quiet now, and forget what was waiting to be said."""
        self._wanted = None
        self.mixer.stop_voice()

    @property
    def busy(self) -> bool:
        """Speaking, or about to."""
        return self._wanted is not None or self.mixer.voice_busy
