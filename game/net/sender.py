"""The background sender: moves statements from the outbox to the portfolio.

It runs in its own thread with its own connection to the save file. Each round it sends the
oldest pending statements (at most 100) and applies the answer:

- 200: the ``stored`` and ``duplicates`` ids are acknowledged (a resend after a crash comes back
  as a duplicate, so nothing is lost and nothing is stored twice);
- 400 ``invalid_statements``: the listed statements are rejected with their reason, the others
  are sent again at once;
- 409 ``conflict``: the listed statements are rejected;
- 400/413 without a usable list: the batch is retried one statement at a time;
- 401/403: sending stops and the player is asked to link again;
- the player's interests (RIASEC letters) go first, once per choice and per link, with
  ``PUT /api/v1/game/interests``; failing to send them never holds the statements back;
- no answer, 429 or 5xx: wait with exponential backoff and jitter (capped), then retry.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from game.core.store import Link, OutboxRow, Store
from game.net.client import ApiResponse, NetworkError, PortfolioClient

log = logging.getLogger(__name__)

State = Literal["starting", "unlinked", "idle", "sending", "retrying", "relink", "stopped"]
BATCH = 100
REASON_CONFLICT = "Une autre preuve porte déjà ce numéro. Elle n'a pas été gardée."
REASON_REFUSED = "Le portfolio a refusé cette preuve."


@dataclass(frozen=True, slots=True)
class SenderStatus:
    """What the UI shows about sending (read from the render thread, copied under a lock)."""

    state: State
    message: str = ""
    retry_in: float | None = None


class Sender:
    """Sends the outbox in the background. Call :meth:`start` once, :meth:`stop` on quit.

    ``open_store`` is called inside the thread. ``sleep`` (default: an interruptible wait)
    and ``rng`` are injectable so tests can check the backoff without waiting.
    """

    def __init__(
        self,
        open_store: Callable[[], Store],
        *,
        client_for: Callable[[Link], PortfolioClient] | None = None,
        sleep: Callable[[float], None] | None = None,
        rng: random.Random | None = None,
        base_delay: float = 2.0,
        max_delay: float = 300.0,
        poll_interval: float = 15.0,
        journal_every: float = 120.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._open_store = open_store
        self._client_for = client_for or (lambda link: PortfolioClient(link.base_url, link.token))
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._sleep = sleep or self._wait
        self._rng = rng or random.Random()
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.poll_interval = poll_interval
        self.journal_every = journal_every
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._status = SenderStatus("starting")
        self._thread: threading.Thread | None = None
        self.failures = 0
        self._batch = BATCH
        self._journal_wanted = True
        self._journal_at = 0.0

    # -- control (any thread) ------------------------------------------------------------

    def start(self) -> None:
        """Start the thread (once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="e2c-sender", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Ask the thread to end and wait a little for it (a request in flight is abandoned)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def notify(self) -> None:
        """Something new is in the outbox (or the link changed): send now."""
        self._wake.set()

    def request_journal(self) -> None:
        """Fetch the referent's decisions at the next round."""
        self._journal_wanted = True
        self._wake.set()

    def status(self) -> SenderStatus:
        with self._lock:
            return self._status

    def _set(self, state: State, message: str = "", retry_in: float | None = None) -> None:
        with self._lock:
            self._status = SenderStatus(state, message, retry_in)

    def _wait(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def _run(self) -> None:
        try:
            store = self._open_store()
        except Exception as exc:  # the save is unreadable: nothing to send, say so
            log.exception("sender cannot open the save")
            self._set("stopped", str(exc))
            return
        try:
            while not self._stop.is_set():
                try:
                    delay = self.run_once(store)
                except Exception as exc:  # never let the thread die silently
                    log.exception("sender round failed")
                    delay = self._backoff(f"Erreur interne : {exc}")
                if delay > 0 and not self._stop.is_set():
                    self._sleep(delay)
        finally:
            store.close()
            self._set("stopped")

    # -- one round (tests call it directly) ----------------------------------------------

    def run_once(self, store: Store) -> float:
        """Do one round of work; return how long to wait before the next one."""
        profile = store.profile()
        if profile.link is None:
            self._set("unlinked")
            return self.poll_interval
        if profile.relink_needed:
            self._set("relink")
            return self.poll_interval
        client = self._client_for(profile.link)
        if not self._send_interests(client, store):
            self._set("relink")
            return self.poll_interval
        if self._journal_wanted or self._monotonic() - self._journal_at >= self.journal_every:
            self._refresh_journal(client, store)
        rows = store.pending(self._batch)
        if not rows:
            self._set("idle")
            self.failures = 0
            return self.poll_interval
        self._set("sending")
        store.note_try(r.id for r in rows)
        try:
            answer = client.post_statements([r.body for r in rows])
        except NetworkError as exc:
            return self._backoff(f"Pas de réponse du portfolio ({exc}).")
        return self._apply(answer, rows, store)

    def _apply(self, answer: ApiResponse, rows: list[OutboxRow], store: Store) -> float:
        ids = [r.id for r in rows]
        if answer.status == 200 and isinstance(answer.body, Mapping):
            done = [*answer.body.get("stored", []), *answer.body.get("duplicates", [])]
            if not store.mark_acknowledged(i for i in done if i in ids):
                # A 200 that acknowledges none of ours: do not resend in a tight loop.
                return self._backoff("Réponse inattendue du portfolio.")
            self.failures = 0
            self._batch = BATCH
            self._set("sending")
            return 0.0
        if answer.status in (401, 403):
            store.set_relink_needed(True)
            self._set("relink")
            return self.poll_interval
        if answer.status in (400, 409):
            reasons = self._reasons(answer, ids)
            if reasons:
                store.mark_rejected(reasons)
                self._set("sending")
                return 0.0
        if answer.status in (400, 409, 413, 422):
            if len(rows) > 1:
                self._batch = 1  # find the bad one by sending one at a time
                return 0.0
            message = str(answer.error.get("message") or REASON_REFUSED)
            store.mark_rejected({ids[0]: message})
            return 0.0
        return self._backoff(
            f"Le portfolio ne peut pas recevoir pour l'instant ({answer.status}).",
            answer.retry_after,
        )

    @staticmethod
    def _reasons(answer: ApiResponse, ids: list[str]) -> dict[str, str]:
        """Map the error details to {statement id: French reason}, ids from this batch only."""
        reasons: dict[str, str] = {}
        for detail in answer.details:
            statement_id = detail.get("id")
            index = detail.get("index")
            if statement_id not in ids and isinstance(index, int) and 0 <= index < len(ids):
                statement_id = ids[index]
            if statement_id in ids:
                reason = REASON_CONFLICT if answer.status == 409 else detail.get("reason")
                reasons[str(statement_id)] = str(reason or REASON_REFUSED)
        return reasons

    def backoff_delay(self, failures: int) -> float:
        """Delay after ``failures`` failures in a row: doubling, capped, with equal jitter."""
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** min(failures - 1, 30))
        return ceiling / 2 + self._rng.uniform(0, ceiling / 2)

    def _backoff(self, message: str, retry_after: float | None = None) -> float:
        self.failures += 1
        delay = self.backoff_delay(self.failures)
        if retry_after is not None:
            delay = min(self.max_delay, max(delay, retry_after))
        self._set("retrying", message, delay)
        return delay

    def _send_interests(self, client: PortfolioClient, store: Store) -> bool:
        """Send the player's interests if the portfolio lacks them. Best effort: no answer,
        429 or 5xx leave them for the next round; a refusal (400, 404: an older portfolio
        without the route) is not retried for the same choice. False when the token is
        refused (401/403): the player must link again."""
        interests = store.interests_to_send()
        if interests is None:
            return True
        try:
            answer = client.put_interests(interests)
        except NetworkError:
            return True
        if answer.status in (401, 403):
            store.set_relink_needed(True)
            return False
        if answer.status == 200 or answer.status in (400, 404, 405, 413, 415, 422):
            if answer.status != 200:
                log.warning("the portfolio refused the interests (%s)", answer.status)
            store.mark_interests_sent(interests)
        return True

    def _refresh_journal(self, client: PortfolioClient, store: Store) -> None:
        """Read the referent's decisions (all pages); failures are left to the next round."""
        self._journal_wanted = False
        self._journal_at = self._monotonic()
        statuses: dict[str, str] = {}
        cursor: str | None = None
        for _ in range(50):
            try:
                answer = client.journal_page(cursor)
            except NetworkError:
                return
            if answer.status != 200 or not isinstance(answer.body, Mapping):
                return
            for entry in answer.body.get("statements") or []:
                if isinstance(entry, Mapping) and isinstance(entry.get("id"), str):
                    statuses[entry["id"]] = str(entry.get("status", ""))
            cursor = answer.body.get("next_cursor")
            if not cursor:
                break
        store.apply_remote(statuses)
