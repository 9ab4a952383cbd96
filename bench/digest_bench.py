"""Benchmark: the daily e-mail digest for N people, beside the home's own news query.

Usage: .venv/bin/python bench/digest_bench.py [--people 200] [--notes 3]

1. builds a temporary SQLite database: one site, one referent, N trainees with an address,
   each with ``--notes`` notes shared by the referent (through the service, as the app does);
2. baseline: ``news_for`` for every trainee (what each home page pays for "Nouveau pour vous");
3. ``write_digests`` (the same news plus the mail rendered in text and HTML, and the mark),
   then ``send_pending`` through a real SMTP server (aiosmtpd, in this process);
4. prints the time per person of each step, the ratio to the baseline, and the SQL queries
   per person (they must not grow with the number of notes).

A script that prints figures, not a test: nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from aiosmtpd.controller import Controller  # noqa: E402
from sqlalchemy import create_engine, event, select  # noqa: E402


class Counter:
    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.received += 1
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--notes", type=int, default=3)
    args = parser.parse_args()

    import os

    os.environ.setdefault("PASSWORD_HASHING", "insecure-fast-for-tests")
    from portfolio import create_app
    from portfolio.extensions import db
    from portfolio.main.services.news import news_for
    from portfolio.models import Base, Role, User
    from portfolio.notifications.services.digest import write_digests
    from portfolio.notifications.services.outbox import send_pending
    from portfolio.referent.services import notes as svc
    from portfolio.services import accounts

    tmp = Path(tempfile.mkdtemp(prefix="digest-bench-"))
    url = f"sqlite:///{tmp / 'bench.sqlite'}"
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    handler, port = Counter(), _free_port()
    smtp = Controller(handler, hostname="127.0.0.1", port=port)
    smtp.start()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "digest-bench",
            "UPLOAD_FOLDER": str(tmp / "uploads"),
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": port,
            "MAIL_USE_TLS": False,
        }
    )
    with app.app_context():
        site = accounts.create_site("bench", "E2C Bench")
        referent = accounts.create_user(
            login="ref.bench",
            password="piano-rivage-28-bench",
            first_name="Claire",
            role=Role.REFERENT,
            site=site,
        )
        for n in range(args.people):
            trainee = accounts.create_user(
                login=f"stagiaire{n}",
                password="piano-rivage-28-bench",
                first_name=f"P{n}",
                role=Role.TRAINEE,
                site=site,
                email=f"p{n}@example.org",
            )
            accounts.assign_referent(trainee, referent)
            for k in range(args.notes):
                svc.create_note(
                    referent,
                    trainee,
                    svc.NoteInput(
                        observed_on=date.today(),
                        situation_kind="workshop",
                        situation=f"Atelier {k}.",
                        observed="Il a aidé un camarade.",
                        trainee_words="",
                        next_step="",
                        visibility="shared",
                        competencies=(),
                    ),
                )
        db.session.commit()
        trainees = list(db.session.scalars(select(User).where(User.role == Role.TRAINEE)))

        queries: list[str] = []
        event.listen(db.engine, "before_cursor_execute", lambda *a: queries.append(a[2]))
        started = time.perf_counter()
        for trainee in trainees:
            news_for(trainee)
        baseline = time.perf_counter() - started
        base_queries = len(queries)
        queries.clear()
        started = time.perf_counter()
        report = write_digests()
        db.session.commit()
        written = time.perf_counter() - started
        digest_queries = len(queries)
        started = time.perf_counter()
        sent, failed = send_pending(after_each=db.session.commit)
        sending = time.perf_counter() - started
    smtp.stop()

    n = len(trainees)
    print(
        f"{n} people, {args.notes} shared notes each; {report.mails} digests, {sent} sent,"
        f" {failed} failed, {handler.received} received by the SMTP server"
    )
    print(
        f"baseline news_for:  {1000 * baseline / n:7.2f} ms/person  {base_queries / n:5.1f} queries/person"
    )
    print(
        f"write_digests:      {1000 * written / n:7.2f} ms/person  {digest_queries / n:5.1f} queries/person"
        f"  (x{written / baseline:.1f} the baseline)"
    )
    print(f"send_pending (SMTP): {1000 * sending / n:6.2f} ms/person")


if __name__ == "__main__":
    main()
