"""The save file and the outbox: one transaction for both, statuses, link binding."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from game_builders import outcome_for

from game.core.content import Catalogue
from game.core.session import TaskOutcome, TaskRun
from game.core.statements import build_statement
from game.core.store import DB_NAME, Link, Settings, Store, StoreError, open_store

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
ACTOR = {"objectType": "Agent", "account": {"homePage": "http://p", "name": "a1"}}
LINK = Link("http://p", "tok", "t1", "2027-01-01T00:00:00Z", ACTOR, "Inès")


def statement_for(run: TaskRun, outcome: TaskOutcome, actor: Any = ACTOR) -> dict[str, Any]:
    return build_statement(
        outcome, run.trade, run.task, actor=actor, content_version="v", game_version="0.1.0"
    )


def record(
    store: Store, catalogue: Catalogue, task: str = "ranger-colis", actor: Any = ACTOR
) -> TaskOutcome:
    run, outcome = outcome_for(catalogue, "N1103", task, NOW)
    store.record(outcome, statement_for(run, outcome, actor), run.task.title)
    return outcome


def test_a_finished_task_saves_progress_and_queues_its_statement(
    store: Store, catalogue: Catalogue
) -> None:
    outcome = record(store, catalogue)
    assert store.progress()[("N1103", "ranger-colis")].attempts == 1
    assert store.attempts("N1103", "ranger-colis") == 1
    [row] = store.pending()
    assert row.id == outcome.statement_id and row.status == "pending"
    assert row.body["id"] == outcome.statement_id and row.title == "Ranger les colis"
    record(store, catalogue)
    progress = store.progress()[("N1103", "ranger-colis")]
    assert progress.attempts == 2 and progress.best_score == 1.0 and progress.last_level == 1


def test_save_and_statement_are_one_transaction(store: Store, catalogue: Catalogue) -> None:
    run, outcome = outcome_for(catalogue, "N1103", "ranger-colis", NOW)
    statement = statement_for(run, outcome)
    store.record(outcome, statement, run.task.title)
    # The same statement again: the progress update succeeds, then the outbox insert fails;
    # the whole transaction is rolled back, so the attempt is not counted twice.
    with pytest.raises(StoreError):
        store.record(outcome, statement, run.task.title)
    assert store.attempts("N1103", "ranger-colis") == 1
    assert store.counts()["pending"] == 1


def test_a_statement_of_another_outcome_is_refused(store: Store, catalogue: Catalogue) -> None:
    run, outcome = outcome_for(catalogue, "N1103", "ranger-colis", NOW)
    _, other = outcome_for(catalogue, "N1103", "ranger-colis", NOW)
    with pytest.raises(ValueError):
        store.record(outcome, statement_for(run, other), "x")
    assert store.progress() == {}


def test_the_record_survives_a_reopen(tmp_path: Path, catalogue: Catalogue) -> None:
    first = open_store(tmp_path)
    outcome = record(first, catalogue)
    first.close()
    again = open_store(tmp_path)
    assert [r.id for r in again.pending()] == [outcome.statement_id]
    again.close()


def test_offline_statements_wait_for_a_link_then_get_the_actor(
    store: Store, catalogue: Catalogue
) -> None:
    record(store, catalogue, actor=None)
    record(store, catalogue, "bon-livraison", actor=None)
    assert store.pending() == []
    assert store.counts()["local"] == 2
    assert store.save_link(LINK) == 2
    rows = store.pending()
    assert [r.status for r in rows] == ["pending", "pending"]
    assert all(r.body["actor"] == ACTOR for r in rows)
    assert store.profile().link == LINK
    store.save_link(None)
    assert store.profile().link is None
    assert store.counts()["pending"] == 2  # unlinking loses nothing


def test_statuses_move_only_forward(store: Store, catalogue: Catalogue) -> None:
    a = record(store, catalogue).statement_id
    b = record(store, catalogue, "bon-livraison").statement_id
    c = record(store, catalogue, "tournee-allees").statement_id
    assert store.mark_acknowledged([a, "inconnu"]) == 1
    assert store.mark_rejected({b: "Compétence inconnue."}) == 1
    assert store.mark_rejected({a: "trop tard"}) == 0  # already acknowledged
    # The journal moves only what the portfolio acknowledged: a pending statement waits
    # for the answer to its own POST, which is what checks its content.
    assert store.apply_remote({a: "confirmed", c: "discarded"}) == 1
    assert {r.id: r.status for r in store.journal()}[c] == "pending"
    store.mark_acknowledged([c])
    assert store.apply_remote({c: "discarded", b: "confirmed"}) == 1
    by_id = {r.id: r for r in store.journal()}
    assert by_id[a].status == "confirmed"
    assert by_id[b].status == "rejected" and by_id[b].reason == "Compétence inconnue."
    assert by_id[c].status == "discarded"
    assert [r.id for r in store.journal()] == [c, b, a]  # newest first
    store.note_try([b])
    assert {r.id: r.tries for r in store.journal()}[b] == 1


def test_settings_are_kept_in_range(store: Store) -> None:
    store.save_settings(Settings(font_scale=330, language="de", fullscreen=True))
    assert store.profile().settings == Settings(200, "fr", True)
    store.save_settings(Settings(font_scale=140))
    assert store.profile().settings.font_scale == 150


def test_a_damaged_profile_falls_back_to_defaults(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.save_interests(["R"])
    db = sqlite3.connect(tmp_path / DB_NAME)
    db.execute(
        'UPDATE profile SET value = \'{"font_scale": "gros", "bad": 1}\' WHERE key = \'interests\''
    )
    db.execute("INSERT INTO profile VALUES ('settings', '{\"nope\": 3}')")
    db.execute("INSERT INTO profile VALUES ('link', '{\"token\": 1}')")
    db.commit()
    db.close()
    profile = store.profile()
    assert profile.settings == Settings() and profile.link is None and profile.interests == ()
    store.close()


def test_an_unreadable_or_newer_save_gives_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"ceci n'est pas une base" * 100)
    with pytest.raises(StoreError, match="Sauvegarde illisible"):
        open_store(tmp_path)
    newer = tmp_path / "newer"
    store = open_store(newer)
    store.close()
    db = sqlite3.connect(newer / DB_NAME)
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="plus récente"):
        open_store(newer)
