"""Benchmark: an attestation of acquired competencies (ACA), built and drawn as a PDF.

Usage: .venv/bin/python bench/attestation_bench.py [--rounds 15]

In one run, on this machine, in one process (no server: the PDF is drawn in the request that
asks for it, so its cost is what a person waits for):

1. builds a temporary SQLite database with a trainee at the end of a full path: every active
   competency of the E2C framework with a referent level citing 5 traces and an observation,
   tutors' levels, 3 internships (a long attestation: the worst case);
2. measures, round after round, ``prepare`` (the statement built from the records) and
   ``render_pdf`` (WeasyPrint, tagged PDF/UA with the fonts embedded), and beside them the
   baseline: the same statement drawn as the HTML verification page (same template macro);
3. measures the cached path beside it: a final attestation's PDF read back from storage
   (``pdf_cache.attestation_pdf``, the local folder here) once its first download drew it;
4. prints median and p95 of each, the ratio PDF / HTML, the PDF's size and page count.
   The first PDF of a process is also printed apart (fonts loaded then).

A script that prints figures, not a test: nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def _world() -> tuple[object, object]:
    from sqlalchemy import insert

    from portfolio.exits.services.exits import ExitInput, record_exit
    from portfolio.extensions import db
    from portfolio.internships import services as internships
    from portfolio.models import Assessment, AssessmentSource, Role, Trace, TraceContext
    from portfolio.models.traces import assessment_trace
    from portfolio.services import accounts
    from portfolio.services.frameworks import framework

    site = accounts.create_site("banc", "E2C Banc d'essai", city="Lille")
    site.director_name = "Hélène Garnier"
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
    today = date.today()
    for n, competency in enumerate(fw.active_competencies):
        traces = []
        for k in range(5):
            trace = Trace(
                trainee_id=trainee.id, title=f"Trace {n}-{k} : une journée au magasin",
                happened_on=today - timedelta(days=30 + k), context=TraceContext.PROJECT,
            )  # fmt: skip
            db.session.add(trace)
            traces.append(trace)
        db.session.flush()
        for source, level in ((AssessmentSource.REFERENT, 1 + n % 4), (AssessmentSource.TUTOR, 2)):
            row = Assessment(
                trainee_id=trainee.id, source=source, author_id=referent.id,
                author_label="Karim Benhamou", framework_id=fw.id, framework_version=fw.version,
                competency_id=competency.id, level=level,
            )  # fmt: skip
            db.session.add(row)
            db.session.flush()
            if source is AssessmentSource.REFERENT:
                db.session.execute(
                    insert(assessment_trace),
                    [{"assessment_id": row.id, "trace_id": t.id} for t in traces],
                )
    for k in range(3):
        internships.create_internship(
            referent, trainee,
            internships.InternshipInput(
                company_name=f"Entreprise {k}", tutor_name="Karim Benhamou",
                tutor_email="karim@example.fr", starts_on=today - timedelta(days=90 - 20 * k),
                ends_on=today - timedelta(days=80 - 20 * k), rome_code="D1507",
            ),
        )  # fmt: skip
    record_exit(referent, trainee, ExitInput(left_on=today, outcome="cdi"))
    db.session.commit()
    return referent, trainee


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    from flask import render_template
    from pypdf import PdfReader

    from portfolio import create_app
    from portfolio.exits.services import attestations as aca
    from portfolio.exits.services import pdf_cache
    from portfolio.exits.services.pdf import render_pdf
    from portfolio.extensions import db
    from portfolio.models import Base

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                "SECRET_KEY": "bench",
                "UPLOAD_FOLDER": f"{folder}/uploads",
                "STORAGE_URL": "",
            }
        )
        with app.app_context(), app.test_request_context("/"):
            Base.metadata.create_all(db.engine)
            referent, trainee = _world()
            attestation = aca.prepare(referent, trainee)  # type: ignore[arg-type]
            aca.review(trainee, attestation, agreed=True, comment="")  # type: ignore[arg-type]
            aca.finalize(referent, attestation)  # type: ignore[arg-type]
            db.session.commit()
            url = "https://portfolio.example/attestation/" + attestation.public_id
            started = time.perf_counter()
            first = render_pdf(attestation, url)
            first_ms = (time.perf_counter() - started) * 1000
            pdf_cache.attestation_pdf(attestation, url)  # the first download draws and keeps it
            db.session.commit()
            prepare_ms, pdf_ms, html_ms, cached_ms = [], [], [], []
            for _ in range(args.rounds):
                started = time.perf_counter()
                aca.prepare(referent, trainee)  # type: ignore[arg-type]
                db.session.flush()
                prepare_ms.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                pdf = render_pdf(attestation, url)
                pdf_ms.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                render_template("exits/verify.html", item=attestation, newer=None)
                html_ms.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                cached = pdf_cache.attestation_pdf(attestation, url)
                cached_ms.append((time.perf_counter() - started) * 1000)
            assert cached == pdf_cache.attestation_pdf(attestation, url)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            competencies = len(attestation.content["competencies"])
    print(f"attestation: {competencies} competencies × 5 traces, 3 internships; {pages} pages, "
          f"{len(pdf) / 1024:.0f} KiB (first PDF of the process: {len(first) / 1024:.0f} KiB, "
          f"{first_ms:.0f} ms)")  # fmt: skip
    for name, values in (("prepare (statement)", prepare_ms), ("PDF (WeasyPrint)", pdf_ms),
                         ("PDF kept (storage)", cached_ms),
                         ("HTML page (baseline)", html_ms)):  # fmt: skip
        print(f"{name:<22} median {statistics.median(values):7.1f} ms   p95 {_p95(values):7.1f} ms")
    ratio = statistics.median(pdf_ms) / statistics.median(html_ms)
    print(f"PDF / HTML page (medians): {ratio:.0f}×")
    kept = statistics.median(pdf_ms) / statistics.median(cached_ms)
    print(f"PDF drawn / PDF kept (medians): {kept:.0f}×")


if __name__ == "__main__":
    main()
