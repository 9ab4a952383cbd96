"""Benchmark: the portfolio the trainee keeps (/mon-suivi/export.zip) for a large portfolio.

Usage: .venv/bin/python bench/export_bench.py [--traces 300] [--photos 60] [--rounds 3]

In one process (the ZIP is built in the request that asks for it, so its cost is what the
trainee waits for), on a temporary SQLite database and upload folder:

1. builds a trainee with ``--traces`` traces (two competencies each), ``--photos`` photos
   (camera-sized photos, stored through ``add_photo``: 1600 px display JPEGs), a referent level
   and a self level on every active competency;
2. measures, round after round, the ZIP (``export_file``: site, data, xAPI, photos, the
   WeasyPrint PDF) and beside it the baseline, the JSON export (``trainee_export`` dumped),
   each with its peak Python memory (``tracemalloc``);
3. prints median and max time, the ZIP's size and the peak memory of each, and the ratios.

A script that prints figures, not a test: nothing here asserts a timing (target: < 10 s).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _camera_jpeg(seed: int) -> bytes:
    """A 2400×1800 photo with noise (does not compress to nothing, like a real one)."""
    from PIL import Image

    rng = random.Random(seed)
    small = Image.frombytes("RGB", (240, 180), rng.randbytes(240 * 180 * 3))
    buffer = io.BytesIO()
    small.resize((2400, 1800), Image.Resampling.BILINEAR).save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def _world(n_traces: int, n_photos: int) -> Any:
    from portfolio.extensions import db
    from portfolio.models import (
        Assessment,
        AssessmentSource,
        Role,
        Trace,
        TraceCompetency,
        TraceContext,
    )
    from portfolio.services import accounts
    from portfolio.services.frameworks import framework
    from portfolio.trainee import services as traces

    site = accounts.create_site("banc", "E2C Banc d'essai", city="Lille")
    referent = accounts.create_user(
        login="ref", password="piano-rivage-28-banc", first_name="Claire", last_name="Morel",
        role=Role.REFERENT, site=site,
    )  # fmt: skip
    trainee = accounts.create_user(
        login="jade", password="piano-rivage-28-banc", first_name="Jade", last_name="Lambert",
        role=Role.TRAINEE, site=site,
    )  # fmt: skip
    accounts.assign_referent(trainee, referent)
    fw = framework()
    active = list(fw.active_competencies)
    made = []
    for n in range(n_traces):
        trace = Trace(
            trainee_id=trainee.id, title=f"Trace {n} : une journée au magasin",
            body="J'ai rangé la réserve, accueilli les clients et tenu la caisse. " * 4,
            happened_on=date.today() - timedelta(days=n), context=TraceContext.PROJECT,
        )  # fmt: skip
        for c in active[n % len(active) : n % len(active) + 2]:
            trace.competencies.append(
                TraceCompetency(
                    framework_id=fw.id,
                    framework_version=fw.version,
                    competency_id=c.id,
                    indicator_ids=[],
                )
            )
        db.session.add(trace)
        made.append(trace)
    db.session.flush()
    for k in range(n_photos):
        traces.add_photo(
            trainee, made[k * n_traces // max(n_photos, 1)], _camera_jpeg(k), f"Photo {k}"
        )
    for c in active:
        for source, author in (
            (AssessmentSource.REFERENT, referent),
            (AssessmentSource.SELF, trainee),
        ):
            db.session.add(Assessment(
                trainee_id=trainee.id, source=source, author_id=author.id, framework_id=fw.id,
                framework_version=fw.version, competency_id=c.id, level=2,
            ))  # fmt: skip
    db.session.commit()
    return trainee


def _measure(work: Callable[[], int], rounds: int) -> tuple[list[float], int, int]:
    times, size, peak = [], 0, 0
    for _ in range(rounds):
        tracemalloc.start()
        started = time.perf_counter()
        size = work()
        times.append(time.perf_counter() - started)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return times, size, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--traces", type=int, default=300)
    parser.add_argument("--photos", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from portfolio import create_app
    from portfolio.extensions import db
    from portfolio.models import Base
    from portfolio.referent.services.export import trainee_export
    from portfolio.trainee.services.export_zip import export_file

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite", "SECRET_KEY": "bench",
            "UPLOAD_FOLDER": f"{folder}/uploads", "STORAGE_QUOTA_BYTES": 10**10,
        })  # fmt: skip
        with app.app_context(), app.test_request_context("/"):
            Base.metadata.create_all(db.engine)
            trainee = _world(args.traces, args.photos)

            def as_zip() -> int:
                spool = export_file(trainee)
                size = spool.seek(0, io.SEEK_END)
                spool.close()
                return size

            def as_json() -> int:
                return len(json.dumps(trainee_export(trainee), ensure_ascii=False, indent=2))

            export_file(trainee).close()  # warm-up: WeasyPrint and fonts load once per process
            zip_s, zip_size, zip_peak = _measure(as_zip, args.rounds)
            json_s, json_size, json_peak = _measure(as_json, args.rounds)
    mib = 1024 * 1024
    print(f"portfolio: {args.traces} traces, {args.photos} photos; {args.rounds} rounds")
    for name, times, size, peak in (("ZIP export", zip_s, zip_size, zip_peak),
                                    ("JSON export (baseline)", json_s, json_size, json_peak)):  # fmt: skip
        print(f"{name:<24} median {statistics.median(times):6.2f} s   max {max(times):6.2f} s   "
              f"size {size / mib:6.1f} MiB   peak memory {peak / mib:6.1f} MiB")  # fmt: skip
    print(f"ZIP / JSON (medians): time {statistics.median(zip_s) / statistics.median(json_s):.0f}×, "
          f"peak memory {zip_peak / json_peak:.1f}×")  # fmt: skip


if __name__ == "__main__":
    main()
