"""The picker's suggestions (``GET /metiers/suggestions?q=``) and how templates show a trade.

Any signed-in person may ask (a trainee, a referent, a company, an admin pick trades); someone
signed out is sent to the login page, as everywhere. Bad words answer 400 with the French
message the picker shows, in the API's one JSON error shape.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request
from flask_login import login_required

from portfolio.api_errors import json_error
from portfolio.services.rome import TradeSearchError
from portfolio.trades.services import suggestions as find_suggestions
from portfolio.trades.services import trade_words

bp = Blueprint("trades", __name__, template_folder="templates")


@bp.app_template_filter("trade_label")
def trade_label(row: Any) -> str:
    """The words of a stored trade (a project trade, an offer, an internship): never a code."""
    return trade_words(row.rome_code, getattr(row, "job_title", None))


@bp.app_template_filter("rome_label")
def rome_label(code: str, job_title: str | None = None) -> str:
    """The words of a ROME code ("D1102" -> "Boulanger / Boulangère")."""
    return trade_words(code, job_title)


@bp.route("/metiers/suggestions")
@login_required
def suggestions() -> Response | tuple[Response, int]:
    """Job titles for the words typed (8 at most), for the picker's list."""
    words = request.args.get("q", "")
    try:
        found = find_suggestions(words)
    except TradeSearchError as err:
        return json_error(400, "validation_error", str(err))
    return jsonify(
        [
            {
                "code": s.code,
                "job_title": s.job_title,
                "label": s.label,
                "sheet_label": s.sheet_label,
            }
            for s in found
        ]
    )
