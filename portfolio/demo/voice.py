"""Demo recordings made by the project: no downloaded or recorded voice in the repository.

A sentence is said by eSpeak NG (the game's read-aloud voice, ``espeakng-loader``) when it is
installed; otherwise a short rising tone stands for it, so `flask demo seed` works on a
server installed without the game's extras.
"""

from __future__ import annotations

import io
import math
import wave
from array import array


def spoken_wav(text: str) -> bytes:
    """``text`` said in French, as a mono 16-bit WAV file."""
    try:
        from game.audio.espeak import Espeak, SpeechUnavailable

        pcm = Espeak().synth(text, voice="fr", words_per_minute=140)
        samples, rate = pcm.samples, pcm.rate
    except (ImportError, SpeechUnavailable, OSError):
        samples, rate = _tones(), 16_000
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return buffer.getvalue()


def _tones(rate: int = 16_000) -> array[int]:
    """Three soft notes, half a second each."""
    samples: array[int] = array("h")
    for freq in (330.0, 392.0, 494.0):
        step = 2 * math.pi * freq / rate
        samples.extend(int(6000 * math.sin(step * i)) for i in range(rate // 2))
    return samples
