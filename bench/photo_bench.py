"""Benchmark: process_photo() against a plain Pillow full decode of the same 12 MP JPEG.

Usage: .venv/bin/python bench/photo_bench.py [--runs 15] [--quality 90] [--size 4000x3000] [--heic]

Makes a 4000x3000 JPEG (or --size) with gradients, shapes and sensor-like noise (so it weighs what a
phone photo weighs, a few MB), then, in the same run:

* time: the operations interleaved N times (so machine load hits all alike), median
  and 95th percentile, and the ratio process_photo / full decode. Two reference rows
  help read it: "draft decode 1/2" (Pillow's public `draft`, decode alone, at 1/2 scale)
  and "naive pipeline" (full decode + exif_transpose + Lanczos resize + save, no draft);
* quality: how far the display is from the full decode shrunk with Lanczos to the same
  size (mean absolute difference per channel, 0-255), beside the same figure for the
  previous method (draft at 1/2, then bilinear);
* --heic: the same picture saved as HEIC (as iPhones do), beside pillow-heif's full
  decode (libheif has no reduced-scale decode, so only that reference applies);
* memory: each operation once in a fresh subprocess, reporting the growth of the peak
  resident set (VmHWM, which sees Pillow's C buffers) and the tracemalloc peak
  (Python objects only: input copies, output bytes).

A script that prints figures, not a test: nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import PIL  # noqa: E402
import pillow_heif  # noqa: E402
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps, ImageStat  # noqa: E402

from portfolio.services.photos import process_photo  # noqa: E402


def make_photo(quality: int, size: tuple[int, int] = (4000, 3000)) -> bytes:
    """A JPEG (12 MP by default) that compresses like a real photo: smooth areas, edges, noise."""
    rng = random.Random(12)
    width, height = size
    base = Image.merge(
        "RGB",
        (
            Image.linear_gradient("L").resize(size),
            Image.radial_gradient("L").resize(size),
            Image.linear_gradient("L").rotate(90).resize(size),
        ),
    )
    draw = ImageDraw.Draw(base)
    for _ in range(300):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(20, 400)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    base = base.filter(ImageFilter.GaussianBlur(3))
    noise = Image.effect_noise(size, 40)
    photo = Image.merge("RGB", [Image.blend(band, noise, 0.25) for band in base.split()])
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def full_decode(data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as image:
        image.load()


def run_process(data: bytes) -> None:
    process_photo(data)


def draft_decode(data: bytes) -> None:
    """Pillow's public draft: libjpeg scales by 1/2 while decoding."""
    with Image.open(io.BytesIO(data)) as image:
        image.draft(None, (1600, 1200))
        image.load()


def naive_pipeline(data: bytes) -> None:
    """What one would write without draft: full decode, rotate, Lanczos, save."""
    with Image.open(io.BytesIO(data)) as image:
        upright = ImageOps.exif_transpose(image)
        display = upright.resize((1600, 1200), Image.Resampling.LANCZOS)
        display.save(io.BytesIO(), "JPEG", quality=85)
        display.resize((320, 240), Image.Resampling.LANCZOS).save(io.BytesIO(), "JPEG")


def heic_decode(data: bytes) -> None:
    pillow_heif.open_heif(io.BytesIO(data)).to_pillow()


OPERATIONS: dict[str, Callable[[bytes], None]] = {
    "process_photo": run_process,
    "full decode": full_decode,
    "draft decode 1/2": draft_decode,
    "naive pipeline": naive_pipeline,
}
HEIC_OPERATIONS: dict[str, Callable[[bytes], None]] = {
    "process_photo": run_process,
    "full decode": heic_decode,
}


def print_quality(data: bytes, display: bytes) -> None:
    """Distance to full decode + Lanczos of the display, and of draft 1/2 + bilinear.

    Both are compared after the same JPEG encoding (quality 85, as the display).
    """
    shown = Image.open(io.BytesIO(display))
    with Image.open(io.BytesIO(data)) as image:
        reference = image.resize(shown.size, Image.Resampling.LANCZOS)
    with Image.open(io.BytesIO(data)) as image:
        image.draft(None, shown.size)
        buffer = io.BytesIO()
        image.resize(shown.size, Image.Resampling.BILINEAR).save(buffer, "JPEG", quality=85)
    previous = Image.open(buffer)
    print(
        f"Quality, mean difference to full decode + Lanczos at {shown.width}x{shown.height} "
        f"(0-255, lower is closer): display {_distance(shown, reference):.2f}, "
        f"draft 1/2 + bilinear {_distance(previous, reference):.2f}"
    )


def _distance(image: Image.Image, reference: Image.Image) -> float:
    return statistics.fmean(ImageStat.Stat(ImageChops.difference(image, reference)).mean)


def peak_rss_kib() -> int:
    """Peak resident set of this process, in KiB.

    /proc's VmHWM belongs to the current address space; ru_maxrss is only a fallback
    because Linux carries the parent's peak over fork+exec into it.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(operation: str, path: str) -> None:
    """Run one operation once; print 'rss_delta_kib tracemalloc_peak_kib'."""
    data = Path(path).read_bytes()
    func = (HEIC_OPERATIONS if path.endswith(".heic") else OPERATIONS)[operation]
    before = peak_rss_kib()
    tracemalloc.start()
    func(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(peak_rss_kib() - before, peak // 1024)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--quality", type=int, default=90, help="JPEG quality of the sample")
    parser.add_argument(
        "--size", default="4000x3000", help="sample size, WIDTHxHEIGHT (a phone photo by default)"
    )
    parser.add_argument("--heic", action="store_true", help="the same photo saved as HEIC")
    parser.add_argument("--child", nargs=2, metavar=("OPERATION", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    width, height = (int(side) for side in args.size.lower().split("x"))
    data = make_photo(args.quality, (width, height))
    operations = OPERATIONS
    if args.heic:
        with Image.open(io.BytesIO(data)) as image:
            buffer = io.BytesIO()
            pillow_heif.from_pillow(image).save(buffer, quality=args.quality)
        data, operations = buffer.getvalue(), HEIC_OPERATIONS
    result = process_photo(data)
    print(
        f"Sample: {width}x{height} {'HEIC' if args.heic else 'JPEG'}, {len(data) / 1e6:.1f} MB -> display "
        f"{result.width}x{result.height} ({len(result.display) / 1e3:.0f} kB), "
        f"thumbnail {result.thumb_width}x{result.thumb_height} "
        f"({len(result.thumbnail) / 1e3:.1f} kB)"
    )

    if not args.heic:
        print_quality(data, result.display)

    timings: dict[str, list[float]] = {name: [] for name in operations}
    for func in operations.values():  # warm-up
        func(data)
    for _ in range(args.runs):
        for name, func in operations.items():
            start = time.perf_counter()
            func(data)
            timings[name].append((time.perf_counter() - start) * 1000)

    memory: dict[str, tuple[int, int]] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("photo.heic" if args.heic else "photo.jpg")
        path.write_bytes(data)
        for name in operations:
            output = subprocess.run(
                [sys.executable, __file__, "--child", name, str(path)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.split()
            memory[name] = (int(output[0]), int(output[1]))

    print(
        f"\n{args.runs} interleaved runs, Pillow {PIL.__version__}, Python {sys.version.split()[0]}"
    )
    header = f"{'operation':<18}{'median ms':>11}{'p95 ms':>9}{'peak RSS +MiB':>15}{'tracemalloc MiB':>17}"
    print(header)
    print("-" * len(header))
    for name in operations:
        rss, traced = memory[name]
        print(
            f"{name:<18}{statistics.median(timings[name]):>11.1f}"
            f"{percentile(timings[name], 0.95):>9.1f}{rss / 1024:>15.1f}{traced / 1024:>17.1f}"
        )
    median = {name: statistics.median(values) for name, values in timings.items()}
    print(
        f"\nprocess_photo / full decode (median): {median['process_photo'] / median['full decode']:.2f}"
    )
    if "naive pipeline" in median:
        print(
            f"process_photo / naive pipeline (median): "
            f"{median['process_photo'] / median['naive pipeline']:.2f}"
        )


if __name__ == "__main__":
    main()
