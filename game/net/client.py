"""A small client of the portfolio API (docs/GAME_API.md), on the standard library only.

Every call returns an :class:`ApiResponse` for any HTTP status; only a failure to talk to the
server at all (refused, timeout, DNS) raises :class:`NetworkError`.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import Message
from typing import Any

from game import __version__
from game.core.store import Link

MAX_RESPONSE = 5 * 1024 * 1024
_CODE_CHARS = re.compile(r"[^A-Z0-9]")


class NetworkError(OSError):
    """The portfolio could not be reached (no answer, refused, timeout)."""


class LinkError(RuntimeError):
    """Linking failed; the message is French, for the player."""


@dataclass(frozen=True, slots=True)
class ApiResponse:
    """An HTTP answer: status, parsed JSON body (or None) and Retry-After in seconds."""

    status: int
    body: Any
    retry_after: float | None = None

    @property
    def error(self) -> Mapping[str, Any]:
        """The ``error`` object of the portfolio's error shape (empty when absent)."""
        found = self.body.get("error") if isinstance(self.body, Mapping) else None
        return found if isinstance(found, Mapping) else {}

    @property
    def error_code(self) -> str:
        return str(self.error.get("code", ""))

    @property
    def details(self) -> list[Mapping[str, Any]]:
        found = self.error.get("details")
        return [d for d in found if isinstance(d, Mapping)] if isinstance(found, list) else []


def check_base_url(base_url: str) -> str:
    """Return ``base_url`` without its trailing slash; ValueError unless http(s)://host."""
    parts = urllib.parse.urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"adresse du portfolio invalide : {base_url!r}")
    return base_url.strip().rstrip("/")


def reachable(base_url: str, timeout: float = 2.0) -> bool:
    """Does the portfolio at ``base_url`` answer at all (any HTTP status) within ``timeout``?

    Runs off the main thread (the start screen submits it as a background job)."""
    try:
        PortfolioClient(base_url, timeout=timeout).request(
            "GET", "/api/v1/statements", params={"limit": 1}
        )
    except NetworkError:
        return False
    return True


def normalise_code(text: str) -> str:
    """``k7qf 93td`` -> ``K7QF-93TD`` (letters and digits only, a dash after four)."""
    compact = _CODE_CHARS.sub("", text.upper())[:8]
    return f"{compact[:4]}-{compact[4:]}" if len(compact) > 4 else compact


class PortfolioClient:
    """Calls the portfolio at ``base_url``, with ``token`` as Bearer when given."""

    def __init__(self, base_url: str, token: str | None = None, *, timeout: float = 10.0) -> None:
        self.base_url = check_base_url(base_url)
        self.token = token
        self.timeout = timeout

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        params: Mapping[str, str | int] | None = None,
    ) -> ApiResponse:
        """Send one request; return the answer whatever its status."""
        url = self.base_url + path
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = None
        headers = {"Accept": "application/json", "User-Agent": f"e2c-jeu/{__version__}"}
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json; charset=utf-8"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                return _response(answer.status, answer.read(MAX_RESPONSE), answer.headers)
        except urllib.error.HTTPError as exc:
            with exc:
                return _response(exc.code, exc.read(MAX_RESPONSE), exc.headers)
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise NetworkError(str(reason)) from exc
        except OSError as exc:
            raise NetworkError(str(exc)) from exc

    # -- the API --------------------------------------------------------------------------

    def link(self, code: str, device: str) -> ApiResponse:
        """``POST /api/v1/game/link`` with a one-time code (no token needed)."""
        return self.request("POST", "/api/v1/game/link", {"code": code, "device": device[:80]})

    def unlink(self) -> ApiResponse:
        """``DELETE /api/v1/game/link``: revoke this game's token."""
        return self.request("DELETE", "/api/v1/game/link")

    def post_statements(self, statements: Sequence[Mapping[str, Any]]) -> ApiResponse:
        """``POST /api/v1/statements`` with a batch of statements."""
        return self.request("POST", "/api/v1/statements", list(statements))

    def put_interests(self, interests: Sequence[str]) -> ApiResponse:
        """``PUT /api/v1/game/interests``: the one or two interests the player chose."""
        return self.request("PUT", "/api/v1/game/interests", {"interests": list(interests)})

    def journal_page(self, cursor: str | None = None, limit: int = 100) -> ApiResponse:
        """``GET /api/v1/statements``: one page of this account's game evidence."""
        params: dict[str, str | int] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        return self.request("GET", "/api/v1/statements", params=params)


def _response(status: int, raw: bytes, headers: Message | None) -> ApiResponse:
    try:
        body = json.loads(raw.decode("utf-8")) if raw else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        body = None
    retry_after = None
    if headers is not None and headers.get("Retry-After"):
        try:
            retry_after = max(0.0, float(headers["Retry-After"]))
        except ValueError:
            retry_after = None
    return ApiResponse(status, body, retry_after)


def link_device(base_url: str, code: str, device: str, *, timeout: float = 10.0) -> Link:
    """Exchange a one-time code for a scoped token. Raises LinkError with a French message."""
    client = PortfolioClient(base_url, timeout=timeout)
    try:
        answer = client.link(normalise_code(code), device)
    except NetworkError:
        raise LinkError("Le portfolio ne répond pas. Vérifiez la connexion.") from None
    if answer.status == 400:
        raise LinkError("Ce code ne marche pas. Demandez un nouveau code dans votre portfolio.")
    if answer.status == 429:
        raise LinkError("Trop d'essais. Attendez une minute, puis réessayez.")
    body = answer.body if isinstance(answer.body, Mapping) else {}
    actor = body.get("actor")
    if answer.status != 201 or not isinstance(actor, Mapping) or not body.get("token"):
        raise LinkError(f"Le portfolio a répondu de façon inattendue (code {answer.status}).")
    return Link(
        base_url=client.base_url,
        token=str(body["token"]),
        token_id=str(body.get("token_id", "")),
        expires_at=str(body.get("expires_at", "")),
        actor=dict(actor),
        display_name=str(body.get("display_name", "")),
    )
