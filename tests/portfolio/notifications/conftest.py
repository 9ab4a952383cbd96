from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from smtpserver import Inbox, SMTPServer, point_app_at


@pytest.fixture
def inbox(app: Any) -> Iterator[Inbox]:
    """A real SMTP server (aiosmtpd) on a free port; the app sends its mails there."""
    with SMTPServer() as server:
        point_app_at(app, server.config())
        yield server.inbox
