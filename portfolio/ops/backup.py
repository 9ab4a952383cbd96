"""Backups that restore: the database and every stored file, with a manifest of hashes.

``flask --app portfolio ops backup DOSSIER`` writes into a new folder:

- ``database.dump``: PostgreSQL through ``pg_dump -Fc`` (a consistent snapshot, restored by
  ``pg_restore``), only the application's schema when its address names one
  (``options=-csearch_path=…``); or ``database.sqlite``: SQLite through its online backup API
  (``sqlite3.Connection.backup``), safe while the service writes;
- ``files/<key>``: every object of the photo store (local folder or S3 bucket, read through
  the same storage interface as the application), copied after the database: a photo added
  during the backup may be missing from it (its row too, or the row without the file: the
  restore says so), one deleted during it may remain as a file without a row (the nightly
  ``photos cleanup`` removes it). Run it at a quiet hour;
- ``manifest.json``: the SHA-256 of the database file and of every file, and the rows per
  table at the time of the backup.

``flask --app portfolio ops restore DOSSIER --oui`` checks every hash first (a damaged
backup changes nothing), then replaces the database and puts the files back. Run it with the
service stopped. ``scripts/restore_drill.py`` proves the whole cycle (backup, wipe, restore,
same rows and same files); ``.ci/run`` runs it on SQLite + folder and PostgreSQL + S3.

The database programs are taken from ``PATH`` (``pg_dump``/``pg_restore`` of a version at
least the server's); the password goes through the environment, never the command line.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import URL, Connection, Engine

from portfolio.storage import Storage, open_storage, validate_key

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(RuntimeError):
    """The backup or the restore cannot be done; the message says why, in French."""


@dataclass(frozen=True, slots=True)
class Summary:
    """What a backup or a restore handled, for the operator's one-line report."""

    folder: Path
    tables: int
    rows: int
    files: int
    bytes: int


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows per table of the application (the tables the models declare), in one connection."""
    with engine.connect() as conn:
        return _count_rows(conn)


def _count_rows(conn: Connection) -> dict[str, int]:
    from portfolio.models import Base

    present = set(inspect(conn).get_table_names())
    return {
        table.name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
        for table in Base.metadata.sorted_tables
        if table.name in present
    }


def file_hashes(storage: Storage) -> dict[str, str]:
    return {key: hashlib.sha256(storage.get(key)).hexdigest() for key in sorted(storage.keys())}


# --------------------------------------------------------------------------- PostgreSQL


def _pg_env(url: URL) -> tuple[dict[str, str], str | None]:
    """libpq's variables for ``url`` (password included) and the schema it is pinned to."""
    env = dict(os.environ)
    for name, value in (
        ("PGHOST", url.host),
        ("PGPORT", url.port),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value is not None:
            env[name] = str(value)
    options = str(url.query.get("options", ""))
    schema = None
    if options.startswith("-csearch_path="):
        schema = options.removeprefix("-csearch_path=").split(",")[0].strip()
        env["PGOPTIONS"] = options
    return env, schema


def _run(command: list[str], env: Mapping[str, str], what: str) -> None:
    try:
        result = subprocess.run(command, env=dict(env), capture_output=True, text=True, check=False)
    except FileNotFoundError as err:
        raise BackupError(
            f"{command[0]} est introuvable : installez les outils clients de PostgreSQL."
        ) from err
    if result.returncode != 0:
        raise BackupError(f"{what} a échoué : {result.stderr.strip()[-800:]}")


def _dump_postgresql(engine: Engine, target: Path) -> dict[str, int]:
    """Dump and count rows in one snapshot: the manifest says exactly what the dump holds."""
    env, schema = _pg_env(engine.url)
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            counts = _count_rows(conn)
            command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                       f"--snapshot={snapshot}", f"--file={target}"]  # fmt: skip
            if schema:
                command.append(f"--schema={schema}")
            _run(command, env, "pg_dump")
    return counts


def _restore_postgresql(url: URL, dump: Path) -> None:
    env, _schema = _pg_env(url)
    command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
               "--single-transaction", "--exit-on-error", f"--dbname={env.get('PGDATABASE', '')}",
               str(dump)]  # fmt: skip
    _run(command, env, "pg_restore")


# --------------------------------------------------------------------------- SQLite


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("Une base SQLite en mémoire ne se sauvegarde pas.")
    return Path(url.database)


def _copy_sqlite(source: Path, target: Path) -> None:
    """The online backup API: a consistent copy, even while another process writes."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        dst.close()
        src.close()


# --------------------------------------------------------------------------- backup


def backup(config: Mapping[str, Any], engine: Engine, folder: Path) -> Summary:
    """Write the database, the files and the manifest into the new folder ``folder``."""
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"Le dossier {folder} n'est pas vide : choisissez un nouveau dossier.")
    folder.mkdir(parents=True, exist_ok=True)
    url = engine.url
    if url.get_backend_name() == "postgresql":
        database = folder / "database.dump"
        counts = _dump_postgresql(engine, database)
        kind = "postgresql"
    elif url.get_backend_name() == "sqlite":
        database = folder / "database.sqlite"
        _copy_sqlite(_sqlite_path(url), database)
        kind = "sqlite"
        counts = row_counts_of_sqlite_file(database)  # exactly what the copy holds
    else:
        raise BackupError(f"Base {url.get_backend_name()} non prise en charge.")
    storage = open_storage(config)
    files: dict[str, str] = {}
    size = 0
    for key in sorted(storage.keys()):
        data = storage.get(key)
        target = folder / "files" / key
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        files[key] = hashlib.sha256(data).hexdigest()
        size += len(data)
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": {"kind": kind, "file": database.name, "sha256": sha256_file(database)},
        "rows": counts,
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return Summary(folder, len(counts), sum(counts.values()), len(files), size)


def row_counts_of_sqlite_file(path: Path) -> dict[str, int]:
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    try:
        return row_counts(engine)
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- restore


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest, once every hash it lists matches its file; BackupError otherwise."""
    path = folder / MANIFEST
    try:
        manifest: dict[str, Any] = json.loads(path.read_text())
    except (OSError, ValueError) as err:
        raise BackupError(f"{path} est absent ou illisible : ce n'est pas une sauvegarde.") from err
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format de sauvegarde inconnu : {manifest.get('format')!r}.")
    database = folder / str(manifest["database"]["file"])
    if not database.is_file() or sha256_file(database) != manifest["database"]["sha256"]:
        raise BackupError(f"{database} manque ou a changé depuis la sauvegarde : rien n'est fait.")
    for key, digest in manifest["files"].items():
        file = folder / "files" / validate_key(key)
        if not file.is_file() or sha256_file(file) != digest:
            raise BackupError(f"Le fichier {key} manque ou a changé : rien n'est restauré.")
    return manifest


def restore(config: Mapping[str, Any], engine: Engine, folder: Path) -> Summary:
    """Replace the database with the backup's and put its files back (service stopped)."""
    manifest = read_manifest(folder)
    kind = manifest["database"]["kind"]
    url = engine.url
    if kind != url.get_backend_name():
        raise BackupError(
            f"Cette sauvegarde est une base {kind}, la base configurée est "
            f"{url.get_backend_name()} : rien n'est fait."
        )
    database = folder / str(manifest["database"]["file"])
    engine.dispose()  # no connection of ours may hold the old database
    if kind == "postgresql":
        _restore_postgresql(url, database)
    else:
        target = _sqlite_path(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        _copy_sqlite(database, target)
    storage = open_storage(config)
    size = 0
    for key in manifest["files"]:
        data = (folder / "files" / key).read_bytes()
        storage.put(key, data)
        size += len(data)
    counts: dict[str, int] = manifest["rows"]
    return Summary(folder, len(counts), sum(counts.values()), len(manifest["files"]), size)
