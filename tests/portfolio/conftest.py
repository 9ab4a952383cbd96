from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _app_context(app: Any) -> Any:
    """Every portfolio test runs with a fresh app, its context pushed and a clean database."""
    return app
