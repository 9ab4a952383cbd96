"""Restore drill: seed, back up, wipe, restore, and check that nothing is missing.

    python scripts/restore_drill.py                       # SQLite + local folder (temporary)
    python scripts/restore_drill.py --database postgresql://postgres@127.0.0.1:5432/test \\
        --storage s3://e2c-test/drill                      # + S3_ENDPOINT_URL, AWS_* variables

It never touches existing data: on PostgreSQL it works in a schema of its own, on S3 under
a prefix of its own, both removed at the end; SQLite and the local folder live in a
temporary folder. Steps: migrations, the demo site (``flask demo seed``) and three more
photos; rows per table and SHA-256 of every file; ``ops backup``; the database and the files
wiped (and checked empty); ``ops restore``; rows and hashes compared. Exits 0 when they are
equal, else 1 with what differs. Prints the time of each step.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

T = TypeVar("T")


class DrillFailed(RuntimeError):
    pass


def _step(name: str, action: Callable[[], T]) -> T:
    started = time.monotonic()
    result = action()
    print(f"  {name:<34} {time.monotonic() - started:6.2f} s", flush=True)
    return result


@contextmanager
def _postgres_schema(base: str) -> Iterator[str]:
    """A schema of the drill's own in ``base``: its address, then the schema is dropped."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"restore_drill_{uuid.uuid4().hex[:12]}"
    url = make_url(base.replace("postgresql://", "postgresql+psycopg://", 1))
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def _photo(seed: int) -> bytes:
    from PIL import Image

    image = Image.new("RGB", (320, 240), (40 * seed % 255, 90, 160))
    for x in range(0, 320, 8):
        image.putpixel((x, (x * seed) % 240), (255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _seed() -> None:
    from flask_migrate import upgrade
    from sqlalchemy import select

    from portfolio.demo import seed_demo
    from portfolio.extensions import db
    from portfolio.models import Role, Trace, User
    from portfolio.trainee.services import add_photo

    upgrade()
    seed_demo()
    db.session.commit()
    trainee = db.session.scalars(select(User).where(User.role == Role.TRAINEE)).first()
    trace = db.session.scalars(select(Trace).where(Trace.trainee_id == trainee.id)).first()
    if trainee is None or trace is None:
        raise DrillFailed("the demo seed made no trainee with a trace")
    for seed in (1, 2, 3):
        add_photo(trainee, trace, _photo(seed), caption=f"Photo de l'exercice {seed}")
    db.session.commit()


def _wipe(config: dict[str, Any]) -> None:
    from sqlalchemy import text

    from portfolio.extensions import db
    from portfolio.storage import open_storage

    db.session.remove()
    engine = db.engine
    if engine.dialect.name == "postgresql":
        schema = str(engine.url.query["options"]).removeprefix("-csearch_path=")
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine.dispose()
    else:
        engine.dispose()
        database = Path(str(engine.url.database))
        for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
            path.unlink(missing_ok=True)
    storage = open_storage(config)
    for key in list(storage.keys()):
        storage.delete(key)


def _state(config: dict[str, Any]) -> tuple[dict[str, int], dict[str, str]]:
    from portfolio.extensions import db
    from portfolio.ops.backup import file_hashes, row_counts
    from portfolio.storage import open_storage

    db.session.remove()
    return row_counts(db.engine), file_hashes(open_storage(config))


def _differences(before: Any, after: Any) -> list[str]:
    rows_before, files_before = before
    rows_after, files_after = after
    problems = [
        f"table {name}: {rows_before.get(name)} rows before, {rows_after.get(name)} after"
        for name in sorted(set(rows_before) | set(rows_after))
        if rows_before.get(name) != rows_after.get(name)
    ]
    problems += [
        f"file {key}: {'missing' if key not in files_after else 'different'} after the restore"
        for key in sorted(files_before)
        if files_after.get(key) != files_before[key]
    ]
    problems += [f"file {key}: not in the backup" for key in set(files_after) - set(files_before)]
    return problems


def drill(database: str | None, storage: str | None, work: Path) -> list[str]:
    from portfolio import create_app
    from portfolio.extensions import db
    from portfolio.ops.backup import backup, restore

    config: dict[str, Any] = {
        "SECRET_KEY": "restore-drill",
        "SQLALCHEMY_DATABASE_URI": database or f"sqlite:///{work / 'portfolio.sqlite'}",
        "UPLOAD_FOLDER": str(work / "uploads"),
        "STORAGE_URL": f"{storage.rstrip('/')}/drill{uuid.uuid4().hex[:12]}" if storage else "",
        "LOG_LEVEL": "WARNING",
    }
    os.environ["E2C_INSTANCE_PATH"] = str(work / "instance")
    app = create_app(config)
    config = dict(app.config)
    with app.app_context():
        try:
            _step("migrations + demo seed + photos", _seed)
            before = _step("rows and file hashes", lambda: _state(config))
            rows, files = before
            if not files or not rows.get("trace"):
                return ["the seeded data set has no file or no trace: nothing was proven"]
            print(
                f"  data set: {sum(rows.values())} rows in {len(rows)} tables, {len(files)} files"
            )
            folder = work / "backup"
            _step("backup", lambda: backup(config, db.engine, folder))
            _step("wipe", lambda: _wipe(config))
            wiped = _state(config)
            if any(wiped[0].values()) or wiped[1]:
                return ["the wipe left data behind: the drill would prove nothing"]
            _step("restore", lambda: restore(config, db.engine, folder))
            after = _step("rows and file hashes again", lambda: _state(config))
            return _differences(before, after)
        finally:
            db.session.remove()
            if config["STORAGE_URL"]:
                from portfolio.storage import open_storage

                store = open_storage(config)
                for key in list(store.keys()):
                    store.delete(key)
            db.engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", help="PostgreSQL address (default: a temporary SQLite)")
    parser.add_argument("--storage", help="s3://bucket/prefix (default: a temporary folder)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    kind = f"{'PostgreSQL' if args.database else 'SQLite'} + {'S3' if args.storage else 'folder'}"
    print(f"Restore drill ({kind})")
    with tempfile.TemporaryDirectory(prefix="restore-drill-") as tmp:
        try:
            if args.database:
                with _postgres_schema(args.database) as url:
                    problems = drill(url, args.storage, Path(tmp))
            else:
                problems = drill(None, args.storage, Path(tmp))
        except Exception as err:  # any failure is the drill failing, said in one line
            problems = [f"{type(err).__name__}: {err}"]
    if problems:
        print("RESTORE DRILL FAILED:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    print(f"Restore drill passed in {time.monotonic() - started:.1f} s: same rows, same files.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
