"""Erasing a trainee leaves nothing of them in any table (found from the foreign keys to
user_account, not from a list) nor in storage, keeps what verification and reports need, and
touches nobody else."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from builders_traces import photo_files
from conftest_privacy import person_keys, rows_naming
from sqlalchemy import func, select

from portfolio.exits.services import badges
from portfolio.extensions import db
from portfolio.models import AnonymousExit, AuditEvent, Base, ErasedRecord, User
from portfolio.privacy.services import erasure
from portfolio.privacy.services.retention import sweep_orphan_files
from portfolio.privacy.services.rules import FILE_COLUMNS, NOT_FILES


def test_every_storage_key_column_is_known_to_the_erasure():
    named = {
        (table.name, column.name)
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if column.name.endswith("_key")
    }
    listed = {(t, c) for t, columns in FILE_COLUMNS.items() for c in columns}
    assert named == listed | NOT_FILES


def test_erasure_leaves_no_row_naming_the_person_and_none_of_their_files(world, app):
    trainee_id, other_id = world.trainee.id, world.other.id
    keys = person_keys(trainee_id)
    assert {k.split("/")[0] for k in keys} >= {"photos", "audio", "messages"}
    assert set(keys) <= set(photo_files(app))
    others = rows_naming(other_id)
    referent_rows = rows_naming(world.referent.id)

    login_name = world.trainee.login
    assert db.session.scalar(select(func.count()).where(AuditEvent.detail.contains(login_name)))
    done = erasure.erase_and_commit(world.trainee, actor=None, cause="retention")

    assert done.counts()["trace"] == 2 and done.counts()["attestation"] == 1
    assert done.counts()["rectification_request"] == 1
    left = {name: n for name, n in rows_naming(trainee_id).items() if n}
    assert left == {}
    assert db.session.get(User, trainee_id) is None
    details = db.session.scalars(select(AuditEvent.detail)).all()
    assert not [d for d in details if login_name in d] and "[effacé]" in " ".join(details)
    assert not set(keys) & set(photo_files(app))
    assert rows_naming(other_id) == others  # the other trainee keeps everything
    assert len([k for k in photo_files(app) if k.startswith("photos/")]) == 2  # their photo
    # the referent's own rows that named only the erased trainee went with them, and no more
    assert all(rows_naming(world.referent.id)[t] <= n for t, n in referent_rows.items())


def test_what_is_kept_is_anonymous_and_verification_says_withdrawn(world, client):
    attestation = world.attestation
    public_id, number = attestation.public_id, attestation.number
    badge_bits = [b.status_index for b in badges.badges_of(world.trainee)]
    site = world.trainee.site
    erasure.erase_and_commit(world.trainee, actor=world.admin, cause="admin")

    exits = db.session.scalars(select(AnonymousExit)).all()
    assert [(e.outcome.value, e.rome_code) for e in exits] == [("cdi", "D1106")]
    page = client.get(f"/attestation/{public_id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Attestation retirée" in text and number in text
    assert "Jade" not in text and world.trainee.last_name not in text
    encoded = badges.encoded_status_list(site)
    assert badge_bits and all(badges.is_revoked_in(encoded, i) for i in badge_bits)
    kept = db.session.scalar(select(func.count(ErasedRecord.id)))
    assert kept == 1 + len(badge_bits)


def test_only_trainees_are_erased(world):
    with pytest.raises(erasure.NotErasable):
        erasure.erase_and_commit(world.referent, actor=None, cause="retention")
    assert db.session.get(User, world.referent.id) is not None


def test_a_failure_before_the_commit_erases_nothing(world, app, monkeypatch):
    before = rows_naming(world.trainee.id)
    files = photo_files(app)

    def broken(_erasure: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(erasure, "_forget_deleted", broken)
    with pytest.raises(RuntimeError):
        erasure.erase_and_commit(world.trainee, actor=None, cause="retention")
    assert rows_naming(world.trainee.id) == before
    assert photo_files(app) == files


def test_files_left_by_a_crash_after_the_commit_are_swept(world, app, monkeypatch):
    keys = person_keys(world.trainee.id)
    monkeypatch.setattr(erasure, "delete_files", lambda keys: 0)  # the process died here
    erasure.erase_and_commit(world.trainee, actor=None, cause="retention")
    assert set(keys) <= set(photo_files(app))
    swept = sweep_orphan_files(timedelta(0))
    assert swept >= len(keys)
    assert not set(keys) & set(photo_files(app))
    assert len([k for k in photo_files(app) if k.startswith("photos/")]) == 2
