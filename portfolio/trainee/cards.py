"""What a trace card (trainee/_macros.html ``trace_card``) shows apart from the trace itself,
worked out once per page instead of once per card.

A portfolio page draws twenty cards; each used to build two addresses with ``url_for``,
translate its badges and its context, and look its competencies up in the framework. The
addresses differ only by the trace's or the photo's id, the words only by the language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import request

from portfolio.layout import id_address
from portfolio.models import TraceContext
from portfolio.services.i18n import gettext as _
from portfolio.trainee.forms import CONTEXT_LABELS


@dataclass
class CardWords:
    trace: Callable[[int | str], str]  # a trace's address from its id
    thumb: Callable[[int | str], str]  # a photo's thumbnail address from its id
    draft: str
    imported: str
    tags_label: str
    contexts: dict[TraceContext, str]
    _tags: dict[tuple[str | None, str | None, str], str] = field(default_factory=dict)

    def tag(self, framework_id: str | None, version: str | None, competency_id: str) -> str:
        """The everyday label of a recorded competency, looked up once per page."""
        key = (framework_id, version, competency_id)
        words = self._tags.get(key)
        if words is None:
            from portfolio.template_globals import competency_words

            words = self._tags[key] = competency_words(*key).short
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
        )
    return known
