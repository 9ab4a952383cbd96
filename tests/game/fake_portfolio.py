"""A fake portfolio API (docs/GAME_API.md) on 127.0.0.1, for the game's network tests.

It keeps the interests the game puts (PUT /api/v1/game/interests). It dedupes statements by id like the real one (same content: duplicate; other content: 409),
counts how many times each id was newly stored, and can be scripted: canned answers, a delay,
or "store then hold the answer" to let a test kill the game before the acknowledgement.
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from game.core.statements import check_statement

TOKEN = "jeton-de-test"
CODE = "K7QF-93TD"
ACCOUNT_NAME = "compte-42"
FAR_FUTURE = datetime(2100, 1, 1, tzinfo=UTC)


def canonical(statement: Any) -> str:
    body = {k: v for k, v in statement.items() if k not in ("stored", "authority")}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class FakePortfolio:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stored: dict[str, str] = {}
        self.newly_stored: Counter[str] = Counter()
        self.received: list[str] = []
        self.posts = 0
        self.responses: list[tuple[Any, ...]] = []  # (status, body[, headers])
        self.delay = 0.0
        self.hold = False
        self.got_post = threading.Event()
        self.release = threading.Event()
        self.remote_status: dict[str, str] = {}
        self.reject: dict[str, str] = {}
        self.revoked = False
        self.links = 0
        self.interests: list[list[str]] = []  # each accepted PUT /game/interests, in order
        self.interest_responses: list[tuple[Any, ...]] = []  # canned answers to it
        self.server: ThreadingHTTPServer | None = None
        self.base_url = ""

    @property
    def actor(self) -> dict[str, Any]:
        return {"objectType": "Agent", "account": {"homePage": self.base_url, "name": ACCOUNT_NAME}}

    def start(self) -> str:
        handler = type("Handler", (_Handler,), {"fake": self})
        self.server = _QuietServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.base_url

    def ingest(self, statements: list[Any]) -> tuple[int, Any]:
        """The real API's rules: all-or-nothing, 400 with details, 409 on changed content."""
        if not isinstance(statements, list) or not 1 <= len(statements) <= 500:
            return 400, {"error": {"code": "batch_too_large", "message": "Lot trop grand."}}
        bad = []
        for index, statement in enumerate(statements):
            problems = check_statement(statement, now=FAR_FUTURE)
            if statement.get("actor", {}).get("account", {}).get("name") != ACCOUNT_NAME:
                problems.append("acteur inconnu")
            if statement.get("id") in self.reject:
                problems.append(self.reject[statement["id"]])
            if problems:
                bad.append(
                    {"index": index, "id": statement.get("id"), "reason": "; ".join(problems)}
                )
        if bad:
            return 400, {
                "error": {
                    "code": "invalid_statements",
                    "message": "Preuves invalides.",
                    "details": bad,
                }
            }
        with self.lock:
            conflicts = [
                {"index": i, "id": s["id"]}
                for i, s in enumerate(statements)
                if s["id"] in self.stored and self.stored[s["id"]] != canonical(s)
            ]
            if conflicts:
                return 409, {
                    "error": {"code": "conflict", "message": "Conflit.", "details": conflicts}
                }
            stored, duplicates = [], []
            for statement in statements:
                if statement["id"] in self.stored:
                    duplicates.append(statement["id"])
                else:
                    self.stored[statement["id"]] = canonical(statement)
                    self.newly_stored[statement["id"]] += 1
                    stored.append(statement["id"])
        return 200, {"stored": stored, "duplicates": duplicates}

    def stop(self) -> None:
        self.release.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # The kill tests end the game while an answer is on its way: a closed socket is expected.
        if isinstance(sys.exc_info()[1], BrokenPipeError | ConnectionResetError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    """Answers like the portfolio API, from the state of `fake` (set by `FakePortfolio.start`)."""

    fake: FakePortfolio

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        raw = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length", "0"))
        return json.loads(self.rfile.read(length) or b"null")

    def _authorised(self) -> bool:
        if self.headers.get("Authorization") != f"Bearer {TOKEN}" or self.fake.revoked:
            self._send(401, {"error": {"code": "invalid_token", "message": "Jeton refusé."}})
            return False
        return True

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        if path == "/api/v1/game/link":
            self._link()
        elif path == "/api/v1/statements" and self._authorised():
            self._statements()

    def _link(self) -> None:
        body = self._body()
        if body.get("code") != CODE:
            self._send(400, {"error": {"code": "invalid_code", "message": "Code invalide."}})
            return
        self.fake.links += 1
        self.fake.revoked = False
        self._send(
            201,
            {
                "token": TOKEN,
                "token_id": "t1",
                "expires_at": "2027-11-27T10:00:00Z",
                "scope": "game:evidence",
                "actor": self.fake.actor,
                "display_name": "Inès",
            },
        )

    def _statements(self) -> None:
        statements = self._body()
        with self.fake.lock:
            self.fake.posts += 1
            self.fake.received += [s.get("id") for s in statements]
            scripted = self.fake.responses.pop(0) if self.fake.responses else None
        if self.fake.delay:
            time.sleep(self.fake.delay)
        if scripted is not None:
            self._send(*scripted)
            return
        result = self.fake.ingest(statements)
        if self.fake.hold:
            # Stored, but the answer is held back until the test has killed the game
            # (sending it first let a quick game acknowledge before the kill).
            self.fake.got_post.set()
            self.fake.release.wait(30)
            with contextlib.suppress(OSError):  # the game that asked is gone
                self._send(*result)
            return
        self._send(*result)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != "/api/v1/statements" or not self._authorised():
            return
        query = parse_qs(parts.query)
        start = int(query.get("cursor", ["0"])[0])
        limit = int(query.get("limit", ["100"])[0])
        with self.fake.lock:
            ids = list(self.fake.stored)
        page = ids[start : start + limit]
        self._send(
            200,
            {
                "statements": [
                    {"id": i, "status": self.fake.remote_status.get(i, "pending")} for i in page
                ],
                "next_cursor": str(start + limit) if start + limit < len(ids) else None,
            },
        )

    def do_PUT(self) -> None:
        if urlsplit(self.path).path != "/api/v1/game/interests" or not self._authorised():
            return
        body = self._body()
        if self.fake.interest_responses:
            self._send(*self.fake.interest_responses.pop(0))
            return
        letters = body.get("interests") if isinstance(body, dict) else None
        if (
            not isinstance(letters, list)
            or not 1 <= len(letters) <= 2
            or len(set(letters)) != len(letters)
            or any(x not in ("R", "I", "A", "S", "E", "C") for x in letters)
        ):
            self._send(400, {"error": {"code": "validation_error", "message": "Refusé."}})
            return
        with self.fake.lock:
            self.fake.interests.append(letters)
        self._send(200, {"interests": letters, "updated_at": "2026-11-27T10:00:00Z"})

    def do_DELETE(self) -> None:
        if urlsplit(self.path).path == "/api/v1/game/link" and self._authorised():
            self.fake.revoked = True
            self.send_response(204)
            self.end_headers()
