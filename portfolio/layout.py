"""What the base layout draws on every page, worked out once instead of per page.

Every page pays the layout (and the fragments of several pages whose words depend on the
language only, ``fixed_fragment``): its ten links used to cost a ``url_for`` each and its phone bar a
Jinja macro call per icon. The links depend only on where the app is mounted (the script
root), so they are built once per mount point; the icons are fixed SVG, built at import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, render_template, request, url_for
from flask_babel import get_locale
from markupsafe import Markup

# Icons of the phone bar, drawn for this project (24×24, stroke only, currentColor).
_SVG = (
    '<svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"'
    ' focusable="false" fill="none" stroke="currentColor" stroke-width="2"'
    ' stroke-linecap="round" stroke-linejoin="round">{}</svg>'
)
_PATHS = {
    "home": '<path d="M3 11 12 3l9 8"/><path d="M5 10v10h5v-6h4v6h5V10"/>',
    "plus": '<circle cx="12" cy="12" r="9"/><path d="M12 7v10M7 12h10"/>',
    "folder": '<path d="M3 6h7l2 2h9v11H3z"/>',
    "steps": '<path d="M4 20h4v-5h4v-5h4V5h4"/>',
    "people": (
        '<circle cx="9" cy="8" r="3"/><path d="M3 20c0-4 3-6 6-6s6 2 6 6"/>'
        '<circle cx="17" cy="9" r="2.5"/><path d="M16 14c3 0 5 2 5 5"/>'
    ),
    "bell": '<path d="M6 17V11a6 6 0 0 1 12 0v6l2 2H4z"/><path d="M10 21h4"/>',
    "search": '<circle cx="11" cy="11" r="6"/><path d="m20 20-4.5-4.5"/>',
    "more": '<circle cx="5" cy="12" r="1.5"/><circle cx="12" cy="12" r="1.5"/>'
    '<circle cx="19" cy="12" r="1.5"/>',
}
ICONS = {name: Markup(_SVG.format(paths)) for name, paths in _PATHS.items()}  # noqa: S704 - constants
EMPTY_ICON = Markup(_SVG.format(""))  # noqa: S704 - a constant

# The layout's links: a name the template uses -> (endpoint, arguments).
LINKS: dict[str, tuple[str, dict[str, Any]]] = {
    "favicon_svg": ("static", {"filename": "icons/favicon.svg"}),
    "favicon": ("main.favicon", {}),
    "css": ("static", {"filename": "css/app.css"}),
    "manifest": ("pwa.manifest", {}),
    "pwa_js": ("static", {"filename": "js/pwa.js"}),
    "home": ("main.home", {}),
    "logout": ("auth.logout", {}),
    "more": ("main.more", {}),
    "language": ("main.set_language", {}),
    "accessibility": ("main.accessibility", {}),
}
_CACHE_KEY = "e2c_layout_links"


def icon(name: str) -> Markup:
    """The phone bar's icon ``name`` (an empty icon for an unknown name, as before)."""
    return ICONS.get(name, EMPTY_ICON)


def layout_links() -> dict[str, str]:
    """The layout's links for this request's mount point, built once per mount point."""
    cache: dict[str, dict[str, str]] = current_app.extensions.setdefault(_CACHE_KEY, {})
    root = request.script_root
    links = cache.get(root)
    if links is None:
        links = cache[root] = {
            name: url_for(endpoint, **values) for name, (endpoint, values) in LINKS.items()
        }
    return links


_PLACEHOLDER = "999999999"  # an id no record has: it marks where each id goes


def id_address(endpoint: str, field: str, **values: Any) -> Callable[[int | str], str]:
    """``url_for(endpoint, field=n, **values)`` for the many ids of one page: ``url_for`` once
    (it costs more than the rest of a card or a table row), then each id put in its place."""
    arguments: dict[str, Any] = {**values, field: _PLACEHOLDER}
    head, tail = url_for(endpoint, **arguments).split(_PLACEHOLDER)
    return lambda record_id: f"{head}{record_id}{tail}"


# Fragments whose words depend on the language only (no user, no form, no time): rendered once
# per language and mount point. A template listed here may use ``_()`` and ``url_for`` only.
FIXED_FRAGMENTS = frozenset({"pwa/_outbox.html"})


def fixed_fragment(name: str) -> Markup:
    """The fragment ``name`` (one of FIXED_FRAGMENTS) in this request's language."""
    if name not in FIXED_FRAGMENTS:
        raise ValueError(f"{name} is not a fixed fragment")
    cache: dict[tuple[str, str, str], Markup] = current_app.extensions.setdefault(
        "e2c_fixed_fragments", {}
    )
    key = (name, str(get_locale() or "fr"), request.script_root)
    html = cache.get(key)
    if html is None:
        # Markup: the template's own output, escaped by Jinja as it rendered.
        html = cache[key] = Markup(render_template(name))  # noqa: S704
    return html


def init_app(app: Flask) -> None:
    app.add_template_global(icon)
    app.add_template_global(layout_links)
    app.add_template_global(fixed_fragment)
