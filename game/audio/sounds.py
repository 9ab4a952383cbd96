"""The game's short sounds, synthesised in code at start (nothing recorded or copied).

Soft bell-like tones (a sine with a little octave, a quick attack and a gentle fade), kept
low and short so that they never sound shrill: a click, a right answer (two notes going up), a
wrong answer (two notes going down, lower, not a buzzer), a task done (three notes) and a
level gained (a four-note chord played one note after the other).
"""

from __future__ import annotations

import math
from array import array
from functools import cache

RATE = 22_050
PEAK = 0.32  # of full scale: leaves room when a sound and the voice overlap

# name -> notes (frequency Hz, start s, length s)
Note = tuple[float, float, float]
C5, D5, E5, G4, G5, C6, A4, F4 = 523.25, 587.33, 659.25, 392.0, 783.99, 1046.5, 440.0, 349.23
SCORES: dict[str, tuple[Note, ...]] = {
    "click": ((880.0, 0.0, 0.045),),
    "right": ((C5, 0.0, 0.16), (G5, 0.09, 0.28)),
    "wrong": ((A4, 0.0, 0.18), (F4, 0.12, 0.3)),
    "done": ((C5, 0.0, 0.16), (E5, 0.1, 0.16), (G5, 0.2, 0.35)),
    "level": ((G4, 0.0, 0.2), (C5, 0.1, 0.2), (E5, 0.2, 0.2), (C6, 0.3, 0.55)),
}


def tone(frequency: float, seconds: float, rate: int = RATE) -> list[float]:
    """One soft note: 5 ms attack, exponential fade, sine plus a quiet octave."""
    count = int(seconds * rate)
    attack = max(1, int(0.005 * rate))
    decay = math.exp(-4.5 / seconds / rate)  # per sample
    step = 2 * math.pi * frequency / rate
    sin = math.sin
    out = []
    level = 1.0
    for i in range(count):
        phase = step * i
        out.append(level * min(1.0, i / attack) * (sin(phase) + 0.25 * sin(2 * phase)))
        level *= decay
    return out


def render(notes: tuple[Note, ...], rate: int = RATE) -> array:
    """Mix the notes into signed 16-bit mono samples, peak at PEAK of full scale."""
    length = max(start + seconds for _, start, seconds in notes)
    mix = [0.0] * (int(length * rate) + 1)
    for frequency, start, seconds in notes:
        offset = int(start * rate)
        for i, value in enumerate(tone(frequency, seconds, rate)):
            mix[offset + i] += value
    peak = max(abs(v) for v in mix) or 1.0
    scale = PEAK * 32767 / peak
    return array("h", (int(v * scale) for v in mix))


@cache
def all_sounds(rate: int = RATE) -> dict[str, array]:
    """Every sound of the game, by name (made once per process; do not change the arrays)."""
    return {name: render(notes, rate) for name, notes in SCORES.items()}
