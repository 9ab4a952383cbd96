"""The /api/v1 blueprint. Route modules (api/traces.py, api/statements.py ...) attach to ``bp``."""

from __future__ import annotations

from flask import Blueprint

from portfolio.api.auth import ApiError, handle_api_error
from portfolio.api.common import handle_not_found
from portfolio.services.errors import NotFound

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.register_error_handler(ApiError, handle_api_error)
bp.register_error_handler(NotFound, handle_not_found)
