"""Benchmark: importing back a large portfolio ZIP (/mon-suivi/import).

Usage: .venv/bin/python bench/import_bench.py [--traces 300] [--photos 60] [--rounds 3]

Builds the portfolio of ``bench/export_bench.py`` (``--traces`` traces, ``--photos`` camera
photos stored as 1600 px JPEGs, levels), exports it once (``export_file``, the baseline:
measured in the same run), then, round after round, previews and imports the ZIP into a new
trainee of another site (every photo goes through the photo pipeline again) and rolls back.
Prints median and max times and peak Python memory. A script, not a test: nothing asserted.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--traces", type=int, default=300)
    parser.add_argument("--photos", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from export_bench import _world

    from portfolio import create_app
    from portfolio.extensions import db
    from portfolio.models import Base, Role
    from portfolio.services import accounts
    from portfolio.trainee.services import zip_import
    from portfolio.trainee.services.export_zip import export_file

    timings: dict[str, list[float]] = {"export (baseline)": [], "preview": [], "import": []}
    peak = 0
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite", "SECRET_KEY": "bench",
            "UPLOAD_FOLDER": f"{folder}/uploads", "STORAGE_QUOTA_BYTES": 10**10,
        })  # fmt: skip
        with app.app_context(), app.test_request_context("/"):
            Base.metadata.create_all(db.engine)
            trainee = _world(args.traces, args.photos)
            export_file(trainee).close()  # warm-up (WeasyPrint, fonts)
            other = accounts.create_site("ailleurs", "E2C Ailleurs", city="Marseille")
            for n in range(args.rounds):
                started = time.perf_counter()
                spool = export_file(trainee)
                timings["export (baseline)"].append(time.perf_counter() - started)
                raw = spool.read()
                spool.close()
                newcomer = accounts.create_user(
                    login=f"arrivee{n}", password="piano-rivage-28-banc", first_name="Jade",
                    last_name="Lambert", role=Role.TRAINEE, site=other,
                )  # fmt: skip
                db.session.commit()
                tracemalloc.start()
                started = time.perf_counter()
                seen = zip_import.preview(newcomer, io.BytesIO(raw))
                timings["preview"].append(time.perf_counter() - started)
                started = time.perf_counter()
                result = zip_import.import_portfolio(newcomer, io.BytesIO(raw), seen.content.digest)
                timings["import"].append(time.perf_counter() - started)
                peak = max(peak, tracemalloc.get_traced_memory()[1])
                tracemalloc.stop()
                assert result.record.photos == args.photos
                db.session.rollback()  # the files written go with it (the photo journal)
    mib = 1024 * 1024
    print(f"portfolio: {args.traces} traces, {args.photos} photos, ZIP {len(raw) / mib:.1f} MiB;"
          f" {args.rounds} rounds")  # fmt: skip
    for name, times in timings.items():
        print(f"{name:<18} median {statistics.median(times):6.2f} s   max {max(times):6.2f} s")
    print(f"import peak Python memory {peak / mib:.1f} MiB; import / export (medians) "
          f"{statistics.median(timings['import']) / statistics.median(timings['export (baseline)']):.1f}×")  # fmt: skip


if __name__ == "__main__":
    main()
