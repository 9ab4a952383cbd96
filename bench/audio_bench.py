"""Benchmark: process_audio() (decode + re-encode to Ogg/Opus) against a plain decode of the
same 3-minute recording.

Usage: .venv/bin/python bench/audio_bench.py [--runs 9] [--seconds 180]

Makes a recording like those phones send (WebM/Opus from Chromium and Android, MP4/AAC from
iPhones) of ``--seconds`` of a speech-like signal (a voice pitch gliding, syllables every
200 ms, pauses), then times, interleaved N times so machine load hits both alike:

* "decode": PyAV decodes every frame of the file (the least any check by decoding costs);
* "process_audio": sniff, polyglot scan, decode with the limit, resample, Opus encode.

CPU seconds (``time.process_time``: this process only, whatever the other processes do),
median and 95th percentile, and the ratio process / decode. Issue 14 asks for under 1 s of
CPU for 3 minutes. A script that prints figures, not a test: nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import io
import math
import statistics
import sys
import time
from array import array
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import av  # noqa: E402

from portfolio.services.audio import process_audio  # noqa: E402

RATE = 48_000


def speech_like(seconds: float) -> bytes:
    """Mono s16: a gliding pitch with harmonics, syllables of 200 ms, a pause every 2 s."""
    n = int(seconds * RATE)
    out = array("h", bytes(2 * n))
    phase = 0.0
    for i in range(n):
        t = i / RATE
        if t % 2.0 > 1.6:
            continue  # a pause between phrases
        pitch = 120 + 40 * math.sin(2 * math.pi * 0.7 * t)
        phase += 2 * math.pi * pitch / RATE
        envelope = math.sin(math.pi * (t % 0.2) / 0.2) ** 2
        value = math.sin(phase) + 0.5 * math.sin(2 * phase) + 0.25 * math.sin(3 * phase)
        out[i] = int(7000 * envelope * value)
    return out.tobytes()


def encode(raw: bytes, container: str, codec: str) -> bytes:
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container) as out:
        stream = out.add_stream(codec, rate=RATE, layout="mono")
        resampler = av.AudioResampler(
            format=stream.codec_context.format.name, layout="mono", rate=RATE
        )
        total = len(raw) // 2
        for start in range(0, total, 4800):
            part = raw[2 * start : 2 * min(total, start + 4800)]
            frame = av.AudioFrame(format="s16", layout="mono", samples=len(part) // 2)
            frame.planes[0].update(part)
            frame.sample_rate = RATE
            frame.pts = start
            for chunk in resampler.resample(frame):
                out.mux(stream.encode(chunk))
        for chunk in resampler.resample(None):
            out.mux(stream.encode(chunk))
        out.mux(stream.encode(None))
    return buffer.getvalue()


def plain_decode(data: bytes) -> int:
    with av.open(io.BytesIO(data)) as container:
        return sum(frame.samples for frame in container.decode(audio=0))


def cpu(func: Callable[[], object]) -> float:
    started = time.process_time()
    func()
    return time.process_time() - started


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--seconds", type=float, default=180.0)
    args = parser.parse_args()
    raw = speech_like(args.seconds)
    files = {
        "WebM/Opus (Chromium, Android)": encode(raw, "webm", "libopus"),
        "MP4/AAC (iPhone)": encode(raw, "mp4", "aac"),
    }
    print(f"{args.seconds:.0f} s recording, {args.runs} runs each, CPU seconds (this process)")
    for name, data in files.items():
        result = process_audio(data, max_seconds=int(args.seconds) + 1)
        decode_times: list[float] = []
        process_times: list[float] = []
        for _ in range(args.runs):
            decode_times.append(cpu(lambda data=data: plain_decode(data)))
            process_times.append(
                cpu(lambda data=data: process_audio(data, max_seconds=int(args.seconds) + 1))
            )
        d_med, p_med = statistics.median(decode_times), statistics.median(process_times)
        print(f"\n{name}: {len(data) / 1024:.0f} kB in, {len(result.data) / 1024:.0f} kB out")
        print(f"  {'':14} {'median':>8} {'p95':>8}")
        print(f"  {'decode':14} {d_med:8.3f} {p95(decode_times):8.3f}")
        print(f"  {'process_audio':14} {p_med:8.3f} {p95(process_times):8.3f}")
        print(f"  ratio process/decode (medians): {p_med / d_med:.1f}")


if __name__ == "__main__":
    main()
