"""The trace cards of the portfolio and of "Ma page": their words, worked out once per page
instead of once per card, and the cards' HTML.

A portfolio page draws twenty cards; each used to build two addresses with ``url_for``,
translate its badges and its context, and look its competencies up in the framework. The
addresses differ only by the trace's or the photo's id, the words only by the language.
The cards are written here rather than by a template macro: a macro yields each piece of a
card on its own (some thirty a card, through the page and its layout) and costs a call of its
own. Every value is escaped here as the template escaped it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from babel.dates import format_date
from flask import request
from flask_babel import get_locale
from markupsafe import Markup, escape

from portfolio.layout import id_address
from portfolio.models import TraceContext
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import ngettext
from portfolio.trainee.forms import CONTEXT_LABELS


@dataclass
class CardWords:
    trace: Callable[[int | str], str]  # a trace's address from its id
    thumb: Callable[[int | str], str]  # a photo's thumbnail address from its id
    draft: str
    imported: str
    tags_label: str
    contexts: dict[TraceContext, str]
    locale: str  # the reader's language, asked once per page (dates, competency words)
    _tags: dict[tuple[str | None, str | None, str], str] = field(default_factory=dict)

    def tag(self, framework_id: str | None, version: str | None, competency_id: str) -> str:
        """The everyday label of a recorded competency, looked up once per page."""
        key = (framework_id, version, competency_id)
        words = self._tags.get(key)
        if words is None:
            from portfolio.template_globals import competency_words

            words = self._tags[key] = competency_words(*key, reader=self.locale).short
        return words


def card_words() -> CardWords:
    """The cards' words and addresses for this request (built on the first card)."""
    known: CardWords | None = request.__dict__.get("_e2c_card_words")
    if known is None:
        known = request.__dict__["_e2c_card_words"] = CardWords(
            trace=id_address("trainee.trace", "trace_id"),
            thumb=id_address("trainee.photo_thumb", "photo_id"),
            draft=_("Brouillon"),
            imported=_("Importé"),
            tags_label=_("Compétences"),
            contexts={context: str(label) for context, label in CONTEXT_LABELS.items()},
            locale=str(get_locale() or "fr"),
        )
    return known


def short_date(day: date) -> str:
    """ "9 mars 2025": the dates of lists, cached (Babel's formatting is slow per call)."""
    return format_day(day, str(get_locale() or "fr"))


@lru_cache(maxsize=4096)
def format_day(day: date, locale: str) -> str:
    return format_date(day, "d MMM yyyy", locale=locale)


def trace_card(t: Any, w: CardWords | None = None, heading: str = "h3") -> Markup:
    """One trace's card: its first photo, title, badges, day, context and competencies."""
    w = w or card_words()
    photos = t.photos
    thumb = ""
    if photos:
        p = photos[0]
        thumb = (
            f'<img class="trace-thumb" src="{escape(w.thumb(p.id))}" alt="{escape(p.caption)}"'
            ' width="96" height="96" loading="lazy">\n'
        )
    meta = [
        f'<span class="trace-badge trace-badge-draft">{escape(w.draft)}</span>'
        if t.status.value == "draft"
        else "",
        f'<span class="trace-badge trace-badge-imported">{escape(w.imported)}</span>'
        if t.import_id
        else "",
        f"<span>{escape(format_day(t.happened_on, w.locale))}</span>",
        f"<span>· {escape(w.contexts[t.context])}</span>",
    ]
    if photos:
        many = ngettext("%(num)d photo", "%(num)d photos", len(photos))
        meta.append(f"<span>· {escape(many)}</span>")
    tags = ""
    if t.competencies:
        items = "".join(
            f"<li>{escape(w.tag(tc.framework_id, tc.framework_version, tc.competency_id))}</li>"
            for tc in t.competencies
        )
        tags = f'<ul class="tags" aria-label="{escape(w.tags_label)}">\n{items}\n</ul>\n'
    h = escape(heading)
    meta_html = "\n".join(m for m in meta if m)  # apart, as the browser spaces them
    return Markup(  # noqa: S704 (every value escaped above)
        f'\n<article class="trace-card">\n{thumb}<div class="trace-card-body">\n'
        f'<{h} class="trace-title"><a href="{escape(w.trace(t.id))}">{escape(t.title)}</a></{h}>\n'
        f'<p class="trace-meta">\n{meta_html}\n</p>\n'
        f"{tags}</div>\n</article>\n"
    )
