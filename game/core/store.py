"""The saved game and the outbox of statements, in one SQLite file.

A finished task changes the save (progress) and adds its statement to the outbox in ONE
transaction: after a crash, either both are there or neither is. The background sender opens
its own :class:`Store` on the same file (SQLite connections are per thread) and moves outbox
rows through their statuses:

``local`` (not linked yet, no actor) -> ``pending`` (waiting to be sent) -> ``acknowledged``
(the portfolio stored it) -> ``confirmed`` / ``discarded`` (the referent decided), or
``rejected`` (the portfolio refused it; the reason is kept and shown in the journal).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from game.core.content import RIASEC
from game.core.riasec import check_interests
from game.core.session import TaskOutcome
from game.core.statements import with_actor
from game.core.tokens import FileVault, TokenVault, VaultError

SCHEMA_VERSION = 1
DB_NAME = "jeu.sqlite3"
Status = Literal["local", "pending", "acknowledged", "confirmed", "discarded", "rejected"]
STATUSES: tuple[Status, ...] = (
    "local",
    "pending",
    "acknowledged",
    "confirmed",
    "discarded",
    "rejected",
)
FONT_SCALES = (100, 125, 150, 175, 200)
LANGUAGES = ("fr", "en")
VOICE_SPEEDS = ("slow", "normal")
AVATARS = ("a1", "a2", "a3", "a4", "a5", "a6")
"""The avatars a player may choose (drawn by game.art.avatars)."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS profile (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS progress (
    rome TEXT NOT NULL,
    task TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    best_score REAL NOT NULL,
    last_level INTEGER NOT NULL,
    last_statement TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (rome, task)
);
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    rome TEXT NOT NULL,
    task TEXT NOT NULL,
    title TEXT NOT NULL,
    level INTEGER NOT NULL,
    score REAL NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    tries INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS outbox_status ON outbox (status, seq);
"""


_SELECT_OUTBOX = (
    "SELECT seq, id, rome, task, title, level, score, body, status, reason, tries, created_at "
    "FROM outbox"
)


class StoreError(RuntimeError):
    """The save file cannot be read or written; the message is French, for the player."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Player settings: text size (100-200 %), language, full screen, calm animations, sound
    and voice.

    ``read_aloud`` is None until the player answered the first-start question.
    """

    font_scale: int = 100
    language: str = "fr"
    fullscreen: bool = False
    reduce_motion: bool = False
    volume: int = 80
    muted: bool = False
    read_aloud: bool | None = None
    voice_speed: str = "normal"
    avatar: str = ""  # one of AVATARS, or "" before the player chose

    def checked(self) -> Settings:
        """A copy with every value brought back into its allowed range."""
        scale = min(FONT_SCALES, key=lambda s: abs(s - int(self.font_scale)))
        language = self.language if self.language in LANGUAGES else "fr"
        volume = max(0, min(100, round(int(self.volume) / 10) * 10))
        return Settings(
            scale,
            language,
            bool(self.fullscreen),
            volume=volume,
            muted=bool(self.muted),
            read_aloud=None if self.read_aloud is None else bool(self.read_aloud),
            voice_speed=self.voice_speed if self.voice_speed in VOICE_SPEEDS else "normal",
            reduce_motion=bool(self.reduce_motion),
            avatar=self.avatar if self.avatar in AVATARS else "",
        )


@dataclass(frozen=True, slots=True)
class Link:
    """The portfolio this game is linked to, and the scoped token it got."""

    base_url: str
    token: str
    token_id: str
    expires_at: str
    actor: Mapping[str, Any]
    display_name: str


@dataclass(frozen=True, slots=True)
class Profile:
    """Everything saved about the player except progress and evidence."""

    interests: tuple[str, ...] = ()
    settings: Settings = field(default_factory=Settings)
    link: Link | None = None
    relink_needed: bool = False


@dataclass(frozen=True, slots=True)
class Progress:
    """Progress on one task."""

    attempts: int
    best_score: float
    last_level: int


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """One statement in the outbox, with what the journal shows about it."""

    seq: int
    id: str
    rome: str
    task: str
    title: str
    level: int
    score: float
    body: dict[str, Any]
    status: Status
    reason: str
    tries: int
    created_at: str


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Store:
    """The save file. One instance per thread; every write is a transaction.

    The link's token is never written in the file: it goes to ``vault`` (the OS keyring or
    a 0600 file beside the save), and a clear token left by an older version is moved there.
    """

    def __init__(self, path: Path, vault: TokenVault | None = None) -> None:
        self.path = path
        self.vault: TokenVault = vault if vault is not None else FileVault(path.parent)
        self._token: tuple[str, str] | None = None  # (token_id, token) read from the vault
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=10, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA secure_delete=ON")  # a moved token leaves no trace
            with self._transaction():
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                row = self._db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
                if row is None:
                    self._db.execute(
                        "INSERT INTO meta (key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
                    )
                elif int(row[0]) > SCHEMA_VERSION:
                    raise StoreError("Cette sauvegarde vient d'une version plus récente du jeu.")
            self._move_clear_token()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"Sauvegarde illisible ({path}) : {exc}") from exc

    def _move_clear_token(self) -> None:
        """A save from before the vault holds the token in clear: move it to the vault and
        wipe it from the file (secure delete, and the write-ahead log emptied)."""
        raw = self._get("link")
        if not isinstance(raw, dict) or "token" not in raw:
            return
        token = str(raw.pop("token") or "")
        try:
            if token:
                self.vault.set(token)
        except VaultError:
            return  # keep it where it is rather than lose the link; tried again next start
        with self._transaction():
            self._put("link", raw)
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        """Close the connection (the file stays)."""
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- profile ---------------------------------------------------------------------------

    def _get(self, key: str) -> Any:
        row = self._db.execute("SELECT value FROM profile WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row is not None else None

    def _put(self, key: str, value: Any) -> None:
        self._db.execute(
            "INSERT INTO profile (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, ensure_ascii=False)),
        )

    def profile(self) -> Profile:
        """Read the profile; unknown or damaged values fall back to defaults."""
        raw_interests = self._get("interests")
        interests = (
            [x for x in raw_interests if isinstance(x, str) and x in RIASEC]
            if isinstance(raw_interests, list)
            else []
        )
        raw_settings = self._get("settings") or {}
        try:
            settings = Settings(**raw_settings).checked()
        except (TypeError, ValueError):
            settings = Settings()
        raw_link = self._get("link")
        link = None
        if isinstance(raw_link, dict):
            raw_link.pop("token", None)
            try:
                link = Link(**raw_link, token=self._read_token(str(raw_link.get("token_id"))))
            except TypeError:
                link = None
        return Profile(
            interests=tuple(dict.fromkeys(interests))[:2],
            settings=settings,
            link=link,
            relink_needed=bool(self._get("relink_needed")),
        )

    def _read_token(self, token_id: str) -> str:
        """The token of the link ``token_id`` from the vault (read once, then remembered).

        An empty token (the vault lost it) makes the portfolio answer 401: the player
        links again."""
        if self._token is None or self._token[0] != token_id:
            try:
                token = self.vault.get() or ""
            except VaultError:
                token = ""
            self._token = (token_id, token)
        return self._token[1]

    def save_interests(self, interests: Iterable[str]) -> None:
        """Keep 1 or 2 RIASEC letters; anything else raises ValueError and changes nothing.

        The portfolio learns them at the sender's next round (see :meth:`interests_to_send`).
        """
        letters = check_interests(list(interests))
        with self._transaction():
            self._put("interests", list(letters))

    def interests_to_send(self) -> tuple[str, ...] | None:
        """The interests the linked portfolio has not acknowledged yet (None: nothing to send).

        Chosen before linking, they are sent once linked: linking forgets what was sent.
        """
        if self._get("link") is None:
            return None
        interests = self.profile().interests
        sent = self._get("interests_sent")
        if not interests or (isinstance(sent, list) and tuple(sent) == interests):
            return None
        return interests

    def mark_interests_sent(self, interests: tuple[str, ...]) -> bool:
        """The portfolio has ``interests`` (or refused them for good). False, and nothing
        changes, when the player chose others meanwhile: those are sent at the next round."""
        with self._transaction():
            if tuple(self._get("interests") or ()) != interests:
                return False
            self._put("interests_sent", list(interests))
        return True

    def save_settings(self, settings: Settings) -> None:
        with self._transaction():
            self._put("settings", asdict(settings.checked()))

    def save_link(self, link: Link | None) -> int:
        """Store (or forget) the link. Linking binds the actor to every ``local`` statement.

        Returns how many statements became ``pending``. Both happen in one transaction.
        """
        bound = 0
        if link is None:
            self.vault.delete()
            self._token = None
        else:
            try:
                self.vault.set(link.token)
            except VaultError as exc:
                raise StoreError(
                    "Impossible de garder le lien au portfolio sur cet ordinateur. Réessayez."
                ) from exc
            self._token = (link.token_id, link.token)
        saved = None
        if link is not None:
            saved = asdict(link)
            del saved["token"]  # the token lives in the vault, never in the save file
        with self._transaction():
            self._put("link", saved)
            self._put("relink_needed", False)
            self._put("interests_sent", None)  # a new link: the portfolio learns them again
            if link is not None:
                rows = self._db.execute(
                    "SELECT seq, body FROM outbox WHERE status = 'local' ORDER BY seq"
                ).fetchall()
                for seq, body in rows:
                    statement = with_actor(json.loads(body), link.actor)
                    self._db.execute(
                        "UPDATE outbox SET body = ?, status = 'pending', updated_at = ? "
                        "WHERE seq = ?",
                        (json.dumps(statement, ensure_ascii=False), _now(), seq),
                    )
                    bound += 1
        return bound

    def set_relink_needed(self, needed: bool) -> None:
        """Remember that the portfolio refused the token (401/403): the player must relink."""
        with self._transaction():
            self._put("relink_needed", needed)

    # -- progress and evidence ---------------------------------------------------------------

    def progress(self) -> dict[tuple[str, str], Progress]:
        """Progress by (ROME code, task id)."""
        rows = self._db.execute("SELECT rome, task, attempts, best_score, last_level FROM progress")
        return {(r, t): Progress(a, s, lv) for r, t, a, s, lv in rows}

    def attempts(self, rome: str, task_id: str) -> int:
        row = self._db.execute(
            "SELECT attempts FROM progress WHERE rome = ? AND task = ?", (rome, task_id)
        ).fetchone()
        return int(row[0]) if row else 0

    def record(self, outcome: TaskOutcome, statement: Mapping[str, Any], title: str) -> bool:
        """Save the task's progress AND queue its statement, in one transaction.

        A replay of a task already queued the same day (UTC, by the statements' timestamps)
        at the same level or higher saves the progress but queues nothing: the referent gets
        one piece of evidence per task and day, unless the level rose. Returns True when the
        statement was queued. Raises :class:`StoreError` (and changes nothing) when the
        statement id is already in the outbox or the file cannot be written.
        """
        if statement.get("id") != outcome.statement_id:
            raise ValueError("the statement does not belong to this outcome")
        now = _now()
        status: Status = "pending" if "actor" in statement else "local"
        try:
            with self._transaction() as db:
                if db.execute(
                    "SELECT 1 FROM outbox WHERE id = ?", (outcome.statement_id,)
                ).fetchone():
                    raise StoreError("Cette preuve est déjà enregistrée.")
                db.execute(
                    "INSERT INTO progress (rome, task, attempts, best_score, last_level, "
                    "last_statement, updated_at) VALUES (?, ?, 1, ?, ?, ?, ?) "
                    "ON CONFLICT (rome, task) DO UPDATE SET attempts = attempts + 1, "
                    "best_score = max(best_score, excluded.best_score), "
                    "last_level = excluded.last_level, "
                    "last_statement = excluded.last_statement, updated_at = excluded.updated_at",
                    (
                        outcome.rome,
                        outcome.task_id,
                        outcome.result.score,
                        outcome.level,
                        outcome.statement_id,
                        now,
                    ),
                )
                if self._same_day_level(outcome) >= outcome.level:
                    return False
                db.execute(
                    "INSERT INTO outbox (id, rome, task, title, level, score, body, status, "
                    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        outcome.statement_id,
                        outcome.rome,
                        outcome.task_id,
                        title,
                        outcome.level,
                        outcome.result.score,
                        json.dumps(statement, ensure_ascii=False),
                        status,
                        now,
                        now,
                    ),
                )
        except sqlite3.IntegrityError as exc:
            raise StoreError("Cette preuve est déjà enregistrée.") from exc
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"Impossible d'écrire la sauvegarde : {exc}") from exc
        return True

    def _same_day_level(self, outcome: TaskOutcome) -> int:
        """Highest level queued for this task on the outcome's day (-1: none).

        A statement the portfolio refused does not count: it was never evidence.
        """
        day = outcome.finished_at.astimezone(UTC).strftime("%Y-%m-%d")
        row = self._db.execute(
            "SELECT max(level) FROM outbox WHERE rome = ? AND task = ? AND status != 'rejected' "
            "AND substr(json_extract(body, '$.timestamp'), 1, 10) = ?",
            (outcome.rome, outcome.task_id, day),
        ).fetchone()
        return -1 if row is None or row[0] is None else int(row[0])

    # -- outbox (used by the sender) ---------------------------------------------------------

    def _rows(self, where: str, params: tuple[Any, ...] = ()) -> list[OutboxRow]:
        # ``where`` is always a literal written in this module; values go through ``params``.
        query = f"{_SELECT_OUTBOX} {where}"
        return [
            OutboxRow(s, i, r, t, ti, lv, sc, json.loads(b), st, re, tr, c)
            for s, i, r, t, ti, lv, sc, b, st, re, tr, c in self._db.execute(query, params)
        ]

    def pending(self, limit: int = 100) -> list[OutboxRow]:
        """The oldest statements waiting to be sent (they all have an actor)."""
        return self._rows("WHERE status = 'pending' ORDER BY seq LIMIT ?", (limit,))

    def note_try(self, ids: Iterable[str]) -> None:
        """Count one more sending try for these statements."""
        with self._transaction() as db:
            db.executemany(
                "UPDATE outbox SET tries = tries + 1, updated_at = ? WHERE id = ?",
                [(_now(), i) for i in ids],
            )

    def mark_acknowledged(self, ids: Iterable[str]) -> int:
        """The portfolio stored these (or already had them). Returns rows changed."""
        return self._set_status(((i, "acknowledged", "") for i in ids), only_from=("pending",))

    def mark_rejected(self, reasons: Mapping[str, str]) -> int:
        """The portfolio refused these, with a reason in French. Returns rows changed."""
        return self._set_status(
            ((i, "rejected", r) for i, r in reasons.items()), only_from=("pending",)
        )

    def apply_remote(self, statuses: Mapping[str, str]) -> int:
        """Apply the referent's decisions read from the journal.

        Only statements the portfolio already acknowledged move; a ``pending`` row waits for
        its own POST answer, which is the only thing that checks its content.
        """
        mapped: list[tuple[str, Status, str]] = []
        for statement_id, remote in statuses.items():
            if remote == "confirmed":
                mapped.append((statement_id, "confirmed", ""))
            elif remote == "discarded":
                mapped.append((statement_id, "discarded", ""))
            elif remote == "pending":
                mapped.append((statement_id, "acknowledged", ""))
        return self._set_status(mapped, only_from=("acknowledged", "confirmed", "discarded"))

    def _set_status(
        self, changes: Iterable[tuple[str, Status, str]], *, only_from: tuple[Status, ...]
    ) -> int:
        marks = ",".join("?" * len(only_from))
        changed = 0
        with self._transaction() as db:
            for statement_id, status, reason in changes:
                cursor = db.execute(
                    f"UPDATE outbox SET status = ?, reason = ?, updated_at = ? "  # noqa: S608
                    f"WHERE id = ? AND status IN ({marks})",
                    (status, reason, _now(), statement_id, *only_from),
                )
                changed += cursor.rowcount
        return changed

    def journal(self, limit: int = 500) -> list[OutboxRow]:
        """Every statement, newest first, for the journal scene."""
        return self._rows("ORDER BY seq DESC LIMIT ?", (limit,))

    def counts(self) -> dict[Status, int]:
        """How many statements are in each status."""
        found = dict(self._db.execute("SELECT status, count(*) FROM outbox GROUP BY status"))
        return {status: int(found.get(status, 0)) for status in STATUSES}


def open_store(home: Path, vault: TokenVault | None = None) -> Store:
    """Open (or create) the save file in the game's home folder.

    ``vault`` keeps the portfolio token (default: the 0600 file in ``home``; the game passes
    :func:`game.net.vault.system_vault` to use the OS keyring when there is one)."""
    return Store(home / DB_NAME, vault)
