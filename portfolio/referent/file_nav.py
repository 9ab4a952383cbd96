"""The tabs of a trainee's file (Dossier, Écart, Métiers...), on every page about one trainee.

Drawn by a Jinja loop, they cost a ``url_for`` and a translation per tab on each page (about a
quarter of a millisecond, the gap page's largest fixed part after the layout). Their words and
addresses depend only on the language and the mount point: made once for each, the trainee's
id put in on each page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from flask import current_app, request
from flask_babel import get_locale
from markupsafe import Markup, escape

from portfolio.layout import id_address
from portfolio.services.i18n import N_, gettext

TABS: Final = (
    ("referent.trainee", N_("Dossier")),
    ("referent.gap", N_("Écart")),
    ("orientation.trainee_trades", N_("Métiers")),
    ("interview.trainee_sessions", N_("Entretiens")),
    ("referent.assess", N_("Évaluer")),
    ("referent.new_note", N_("Nouvelle note")),
    ("referent.new_review", N_("Nouveau bilan")),
    ("internships.new_internship", N_("Nouveau stage")),
    ("exits.trainee_exit", N_("Sortie")),
)
_CACHE_KEY: Final = "e2c_trainee_tabs"

_Tabs = tuple[str, list[tuple[str, Callable[[int | str], str], str]]]


def _made() -> _Tabs:
    """The nav's name and each tab's (endpoint, address of an id, escaped label)."""
    cache: dict[tuple[str, str], _Tabs] = current_app.extensions.setdefault(_CACHE_KEY, {})
    key = (str(get_locale() or "fr"), request.script_root)
    made = cache.get(key)
    if made is None:
        tabs = [
            (endpoint, id_address(endpoint, "trainee_id"), str(escape(gettext(label))))
            for endpoint, label in TABS
        ]
        made = cache[key] = (str(escape(gettext("Dossier du stagiaire"))), tabs)
    return made


def trainee_tabs(trainee_id: int, active: str) -> Markup:
    """The file's tabs for ``trainee_id``, ``active`` (an endpoint) marked as the current page."""
    name, tabs = _made()
    here = ' aria-current="page"'
    items = "".join(
        f'<li><a href="{address(int(trainee_id))}"{here if endpoint == active else ""}>'
        f"{label}</a></li>"
        for endpoint, address, label in tabs
    )
    # Markup: the labels were escaped once, the id is an int, the rest is literal.
    return Markup(f'<nav aria-label="{name}" class="subnav"><ul>{items}</ul></nav>')  # noqa: S704
