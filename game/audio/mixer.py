"""pygame.mixer behind one small object: start it (or note that it cannot), volume and mute.

The game asks SDL for 22 050 Hz, signed 16-bit, mono, and lets SDL convert for the device
(``allowedchanges=0``), so the voice (eSpeak's own rate) and the synthesised sounds need no
conversion. :func:`to_mixer_bytes` still converts when the mixer ended up in another format.
On a computer without a sound device ``start`` fails quietly: ``available`` is False and every
call does nothing.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from typing import Any

import pygame

FREQUENCY = 22_050
CHANNELS = 1
VOICE_CHANNEL = 0  # reserved: effects never cut the voice
VOLUME_STEP = 10

Init = Callable[..., Any]


def _default_init(**kwargs: Any) -> None:
    pygame.mixer.init(**kwargs)


class Mixer:
    """Volume 0-100 % and mute for everything the game plays."""

    def __init__(self) -> None:
        self.available = False
        self.volume = 80
        self.muted = False
        self.frequency = FREQUENCY
        self.channels = CHANNELS

    def start(self, init: Init = _default_init) -> bool:
        """Open the sound device; False (and no exception) when there is none."""
        try:
            init(frequency=FREQUENCY, size=-16, channels=CHANNELS, buffer=512, allowedchanges=0)
            got = pygame.mixer.get_init()
            if got is None or got[1] != -16:
                raise pygame.error(f"unusable mixer format {got}")
            self.frequency, _size, self.channels = got
            pygame.mixer.set_num_channels(8)
            pygame.mixer.set_reserved(1)
        except (pygame.error, OSError, NotImplementedError):
            self.available = False
            return False
        self.available = True
        self._apply()
        return True

    @property
    def level(self) -> float:
        """What every sound is multiplied by: 0 when muted."""
        return 0.0 if self.muted else self.volume / 100

    def set_level(self, volume: int, muted: bool) -> None:
        self.volume = max(0, min(100, int(volume)))
        self.muted = bool(muted)
        self._apply()

    def _apply(self) -> None:
        if self.available:
            pygame.mixer.Channel(VOICE_CHANNEL).set_volume(self.level)

    def sound(self, samples: array, rate: int) -> pygame.mixer.Sound | None:
        """A Sound from mono 16-bit samples, converted to the mixer's format."""
        if not self.available:
            return None
        data = to_mixer_bytes(samples, rate, self.frequency, self.channels)
        return pygame.mixer.Sound(buffer=data)

    def play_effect(self, sound: pygame.mixer.Sound | None) -> None:
        if sound is None or not self.available or self.level <= 0:
            return
        sound.set_volume(self.level)
        channel = pygame.mixer.find_channel(True)
        if channel is not None:
            channel.play(sound)

    def play_voice(self, sound: pygame.mixer.Sound | None) -> None:
        """Play on the voice channel, cutting what it was saying."""
        if sound is None or not self.available or self.level <= 0:
            return
        channel = pygame.mixer.Channel(VOICE_CHANNEL)
        channel.set_volume(self.level)
        channel.play(sound)

    def stop_voice(self) -> None:
        if self.available:
            pygame.mixer.Channel(VOICE_CHANNEL).stop()

    @property
    def voice_busy(self) -> bool:
        return self.available and bool(pygame.mixer.Channel(VOICE_CHANNEL).get_busy())


def to_mixer_bytes(samples: array, rate: int, to_rate: int, channels: int) -> bytes:
    """Mono 16-bit ``samples`` at ``rate`` as 16-bit bytes at ``to_rate`` with ``channels``.

    Linear interpolation: plenty for speech and soft tones, and pure Python (no numpy).
    """
    if rate != to_rate and len(samples) > 1:
        count = max(1, round(len(samples) * to_rate / rate))
        step = (len(samples) - 1) / max(1, count - 1)
        last = len(samples) - 1
        out = array("h", bytes(2 * count))
        for i in range(count):
            position = i * step
            j = int(position)
            k = j + 1 if j < last else last
            frac = position - j
            out[i] = int(samples[j] + (samples[k] - samples[j]) * frac)
        samples = out
    if channels > 1:
        wide = array("h", bytes(2 * len(samples) * channels))
        for c in range(channels):
            wide[c::channels] = samples
        samples = wide
    return samples.tobytes()
