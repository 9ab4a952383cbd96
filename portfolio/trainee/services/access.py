"""Who may change a trace: its trainee only. Who may *see* one lives in services/access/."""

from __future__ import annotations

from portfolio.models import Role, Trace, User
from portfolio.trainee.services.errors import TraceNotFound


def _own(trainee: User, trace: Trace) -> None:
    if trainee.role is not Role.TRAINEE or trace.trainee_id != trainee.id:
        raise TraceNotFound()
