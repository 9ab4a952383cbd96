"""Benchmark of the game's voice: synthesis time of typical task instructions.

Run: ``.venv/bin/python bench/voice_bench.py``. Prints figures; asserts nothing.

- synthesis: eSpeak NG (``game.audio.espeak``) text -> PCM plus the conversion to the mixer's
  bytes (what the worker thread does for one uncached text), median and max of 20 runs, for a
  short label and a typical instruction, at both speeds; beside the length of the speech made
  (the player waits the synthesis time, then listens for the speech time);
- the sound effects synthesised at start (pure Python), median of 5;
- the size of the espeakng-loader package installed (library and voice data).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.audio.espeak import Espeak  # noqa: E402
from game.audio.mixer import to_mixer_bytes  # noqa: E402
from game.audio.sounds import all_sounds  # noqa: E402
from game.audio.speech import SPEEDS  # noqa: E402

TEXTS = {
    "label": "Relier mon portfolio.",
    "instruction": (
        "Un client entre dans la boutique. Écoutez sa demande, puis choisissez la réponse "
        "la plus polie et la plus utile. Vous pouvez demander un indice."
    ),
}
RUNS = 20


def timed(call: object, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    start = time.perf_counter()
    engine = Espeak()
    print(f"eSpeak NG start: {(time.perf_counter() - start) * 1000:.1f} ms")
    for name, text in TEXTS.items():
        for speed, wpm in SPEEDS.items():
            pcm = engine.synth(text, voice="fr", words_per_minute=wpm)

            def job(text: str = text, wpm: int = wpm) -> None:
                made = engine.synth(text, voice="fr", words_per_minute=wpm)
                to_mixer_bytes(made.samples, made.rate, 22_050, 1)

            times = timed(job, RUNS)
            print(
                f"{name:12} {speed:6}: median {statistics.median(times):6.1f} ms, "
                f"max {max(times):6.1f} ms for {pcm.seconds:4.1f} s of speech "
                f"({len(text.split())} words)"
            )
    effects = timed(all_sounds.__wrapped__, 5)
    print(f"effects synthesised at start: median {statistics.median(effects):.1f} ms")
    import espeakng_loader

    folder = Path(espeakng_loader.__file__).parent
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    print(f"espeakng-loader installed: {size / 1e6:.1f} MB ({folder})")


if __name__ == "__main__":
    main()
