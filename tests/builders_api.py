"""Builders for API tests: tokens (live, expired, revoked) and bearer headers."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from portfolio.extensions import db
from portfolio.models import ApiToken, Role, TraceContext, User, utcnow
from portfolio.services import assessments
from portfolio.services.tokens import issue_token
from portfolio.trainee import services as traces

READ = "portfolio:read"
WRITE = "portfolio:write"
BOTH = frozenset({READ, WRITE})


def make_token(
    user: User,
    scopes: frozenset[str] | set[str] = BOTH,
    *,
    days: int = 30,
    name: str = "test",
) -> str:
    """A working token for ``user``; returns its secret."""
    issued = issue_token(user, name, set(scopes), timedelta(days=days))
    db.session.commit()
    return issued.secret


def forge_token(user: User, scopes: frozenset[str] | set[str] = BOTH) -> str:
    """A token the settings page would never issue (e.g. portfolio scopes for a referent).

    The service refuses to issue it, so the row is written directly in the database.
    """
    secret = "e2c_forged" + secrets.token_urlsafe(16)
    db.session.add(
        ApiToken(
            user_id=user.id,
            name="forged",
            token_hash=hashlib.sha256(secret.encode()).hexdigest(),
            prefix=secret[:10],
            scopes=sorted(scopes),
            expires_at=utcnow() + timedelta(days=1),
        )
    )
    db.session.commit()
    return secret


def token_row(secret: str) -> ApiToken:
    digest = hashlib.sha256(secret.encode()).hexdigest()
    return db.session.scalars(select(ApiToken).where(ApiToken.token_hash == digest)).one()


def expire(secret: str) -> None:
    """Move the token's expiry into the past, as time would."""
    token_row(secret).expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def error_of(response: Any) -> dict[str, Any]:
    """The API's single error shape; fails the test if the body is not that shape."""
    assert response.mimetype == "application/json", response.get_data(as_text=True)[:200]
    body = response.get_json()
    assert set(body) == {"error"}, body
    assert {"code", "message"} <= set(body["error"]) <= {"code", "message", "details"}
    return dict(body["error"])


def fields_of(response: Any) -> dict[str, str]:
    """``validation_error`` details as {field: message}."""
    error = error_of(response)
    assert response.status_code == 400 and error["code"] == "validation_error", error
    return {d["field"]: d["message"] for d in error["details"]}


def trainee_with_a_trace_and_a_level() -> User:
    """A trainee with one complete trace and one self-assessment citing it (API contract tests)."""
    from builders import make_user

    trainee = make_user(Role.TRAINEE)
    trace = traces.create_trace(
        trainee,
        traces.TraceData(
            title="Atelier cuisine",
            body="J'ai préparé le repas pour le groupe.",
            happened_on=date(2025, 3, 14),
            context=TraceContext.WORKSHOP,
            competency_ids=["E2C-1A"],
        ),
    )
    assessments.record_self_assessment(trainee, "E2C-1A", 2, "Ça va mieux.", [trace.id])
    db.session.commit()
    return trainee
