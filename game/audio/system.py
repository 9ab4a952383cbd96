"""Everything audible, as the game sees it: effects, the voice, and the player's settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.audio.mixer import Init, Mixer, _default_init
from game.audio.sounds import RATE, all_sounds
from game.audio.speech import Engine, Submit, Voice, shared_engine

if TYPE_CHECKING:
    from game.core.store import Settings


class Audio:
    """Owned by the Game. Every method is safe to call when there is no sound at all."""

    def __init__(self, mixer: Mixer, voice: Voice) -> None:
        self.mixer = mixer
        self.voice = voice
        self.read_aloud = False
        self._effects: dict[str, Any] = {}
        if mixer.available:
            self._effects = {
                name: mixer.sound(samples, RATE) for name, samples in all_sounds().items()
            }

    @classmethod
    def start(
        cls, submit: Submit, *, init: Init = _default_init, engine: Engine | None = None
    ) -> Audio:
        """Open the device (if any), synthesise the effects, load the voice (if it can)."""
        mixer = Mixer()
        mixer.start(init)
        voice = Voice(mixer, submit, engine if engine is not None else shared_engine())
        return cls(mixer, voice)

    def configure(self, settings: Settings) -> None:
        """Apply volume, mute, read-aloud and voice speed from the saved settings."""
        self.mixer.set_level(settings.volume, settings.muted)
        self.voice.configure(settings.language, settings.voice_speed)
        self.read_aloud = bool(settings.read_aloud) and self.voice.is_available
        if not self.read_aloud:
            self.voice.stop()

    def play(self, name: str) -> None:
        """A short sound: click, right, wrong, done, level."""
        self.mixer.play_effect(self._effects.get(name))

    def say(self, text: str) -> None:
        """Read aloud because the player asked (the "Écouter" action)."""
        self.voice.say(text)

    def narrate(self, text: str) -> None:
        """Read aloud by itself (focus moved, task opened): only when read-aloud is on."""
        if self.read_aloud:
            self.voice.say(text)

    def pump(self) -> None:
        self.voice.pump()

    def close(self) -> None:
        self.voice.stop()
