"""What every form view does with a service call: commit and say so, or roll back and say why."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import flash, redirect
from werkzeug.wrappers import Response

from portfolio.extensions import db

T = TypeVar("T")


def commit_or_explain(
    action: Callable[[], T],
    *,
    refused: type[Exception],
    done: str,
    then: str | Callable[[T], str],
) -> Response | None:
    """Run the service call ``action``.

    If it works: commit, show ``done`` and answer with a redirect to ``then`` (an address, or
    a function of what the action returned, e.g. to open what it created). If the service
    refuses with ``refused``: roll back (nothing is half saved), show the service's message
    and return None, so the view shows its form again with what the person typed.
    """
    try:
        result = action()
    except refused as err:
        db.session.rollback()
        flash(str(err), "error")
        return None
    db.session.commit()
    flash(done, "success")
    return redirect(then(result) if callable(then) else then)
