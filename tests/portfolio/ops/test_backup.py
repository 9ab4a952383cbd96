"""``flask ops backup|restore``: a backup brings back every row and file; a bad one changes nothing.

Runs on the suite's database (SQLite, or PostgreSQL in the PostgreSQL pass: pg_dump of the
worker's schema) and store (folder, or the S3 prefix with TEST_STORAGE_URL).
The whole cycle with a wipe in between is ``scripts/restore_drill.py`` (run by .ci/run).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from builders_traces import counts, make_trace, photo_files
from sqlalchemy import select

from builders import make_user
from portfolio.extensions import db
from portfolio.models import Role, Trace
from portfolio.ops.backup import file_hashes
from portfolio.trainee.services import photo_storage


def run(app: Any, *args: str) -> Any:
    db.session.remove()
    return app.test_cli_runner().invoke(args=["ops", *args])


def _portfolio(photos: int = 2) -> Trace:
    trainee = make_user(Role.TRAINEE)
    return make_trace(trainee, title="Atelier boulangerie", photos=photos)


def _lose_everything(app: Any) -> None:
    """What an accident does: the traces deleted, every file gone."""
    storage = photo_storage()
    for key in list(storage.keys()):
        storage.delete(key)
    for trace in db.session.scalars(select(Trace)):
        db.session.delete(trace)
    db.session.commit()


def test_a_backup_restores_every_row_and_every_file(app, tmp_path):
    _portfolio()
    rows, files = counts(), file_hashes(photo_storage())
    backup = tmp_path / "sauvegarde"

    made = run(app, "backup", str(backup))
    assert made.exit_code == 0, made.output
    assert "Sauvegarde faite" in made.output and "4 fichiers" in made.output
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["files"] == files
    assert manifest["rows"]["trace"] == 1

    _lose_everything(app)
    assert counts()["Trace"] == 0 and photo_files(app) == []

    restored = run(app, "restore", str(backup), "--oui")
    assert restored.exit_code == 0, restored.output
    assert "Restauration faite" in restored.output
    assert counts() == rows
    assert file_hashes(photo_storage()) == files


def test_a_damaged_backup_is_refused_and_changes_nothing(app, tmp_path):
    _portfolio(photos=1)
    backup = tmp_path / "sauvegarde"
    assert run(app, "backup", str(backup)).exit_code == 0
    make_trace(db.session.merge(make_user(Role.TRAINEE)), title="Après la sauvegarde")
    rows = counts()
    damaged = next(p for p in (backup / "files").rglob("*") if p.is_file())
    damaged.write_bytes(damaged.read_bytes()[:-10])

    result = run(app, "restore", str(backup), "--oui")

    assert result.exit_code == 1
    assert "manque ou a changé : rien n'est restauré." in result.output
    assert counts() == rows


def test_a_restore_without_the_confirmation_does_nothing(app, tmp_path):
    _portfolio(photos=0)
    backup = tmp_path / "sauvegarde"
    assert run(app, "backup", str(backup)).exit_code == 0
    make_trace(make_user(Role.TRAINEE), title="Après la sauvegarde")
    rows = counts()

    result = run(app, "restore", str(backup))

    assert result.exit_code == 2
    assert "Arrêtez le service, puis relancez avec --oui." in result.output
    assert counts() == rows


def test_a_backup_never_writes_into_a_folder_that_holds_something(app, tmp_path):
    folder = tmp_path / "ancienne"
    folder.mkdir()
    (folder / "manifest.json").write_text("{}")

    result = run(app, "backup", str(folder))

    assert result.exit_code == 1
    assert "n'est pas vide : choisissez un nouveau dossier." in result.output
    assert (folder / "manifest.json").read_text() == "{}"


def test_a_folder_that_is_not_a_backup_is_said_so(app, tmp_path: Path):
    result = run(app, "restore", str(tmp_path), "--oui")
    assert result.exit_code == 1
    assert "ce n'est pas une sauvegarde" in result.output
