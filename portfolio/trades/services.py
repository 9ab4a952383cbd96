"""What the trade picker keeps and shows: a pick is a ROME sheet and, when named, a job title.

A form carries a pick as one value, ``"CODE:OGR"`` (the sheet's code, the job title's code), or
``"CODE"`` alone: links and saved searches written before the picker named sheets only, and
they keep working. :func:`parse_pick` reads both and checks them against the ROME
(:meth:`Rome.choose`): an unknown code or title, or a title of another sheet, is refused with a
French message. "The same trade" means the same ROME family (:meth:`Rome.family`), so a title
of a ROME 4.0 child sheet meets its v3 parent sheet.
"""

from __future__ import annotations

from dataclasses import dataclass

from portfolio.services.i18n import gettext as _
from portfolio.services.rome import TradeChoice, TradeSearchError, UnknownTrade, rome

MAX_VALUE = 20  # "A1234:1234567" is 13 characters: longer is not a pick
SUGGESTIONS = 8

__all__ = [
    "SUGGESTIONS",
    "Suggestion",
    "TradeSearchError",
    "TradeShown",
    "UnknownTrade",
    "parse_pick",
    "pick_value",
    "same_trade",
    "shown",
    "suggestions",
    "trade_words",
]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A job title found for the words typed: what the picker lists."""

    code: str
    job_title: str
    label: str
    sheet_label: str

    @property
    def value(self) -> str:
        return f"{self.code}:{self.job_title}"


@dataclass(frozen=True, slots=True)
class TradeShown:
    """A stored trade as pages show it: its words (``label``), never its code alone."""

    code: str
    job_title: str | None
    label: str


def shown(code: str, job_title: str | None = None) -> TradeShown:
    return TradeShown(code, job_title, trade_words(code, job_title))


def parse_pick(value: object) -> TradeChoice:
    """A pick from a form or a link: a :class:`TradeChoice`, "CODE:OGR" or "CODE".

    Raises :class:`UnknownTrade` (a French message) for anything the ROME does not hold."""
    if isinstance(value, TradeChoice):
        return rome().choose(value.code, value.job_title)
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_VALUE:
        raise UnknownTrade(_("Ce métier n'existe pas dans la liste. Choisissez-le à nouveau."))
    code, _sep, title = value.strip().partition(":")
    return rome().choose(code, title or None)


def pick_value(choice: TradeChoice) -> str:
    """The form value of a pick (the reverse of :func:`parse_pick`)."""
    return f"{choice.code}:{choice.job_title}" if choice.job_title else choice.code


def trade_words(code: str, job_title: str | None = None) -> str:
    """The words shown for a stored trade: the title picked, else the sheet's label."""
    return rome().label(code, job_title)


def same_trade(code: str, other: str) -> bool:
    """True when both codes are the same trade for a search (one ROME family)."""
    return other in rome().family(code)


def suggestions(text: str, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """The job titles matching what was typed, best first; :class:`TradeSearchError`."""
    catalogue = rome()
    found = []
    for match in catalogue.search(text, limit=limit):
        title = match.title
        sheet = catalogue.sheet(title.sheet_code)
        found.append(
            Suggestion(
                code=title.sheet_code,
                job_title=title.code,
                label=title.label,
                sheet_label=sheet.label if sheet else title.sheet_code,
            )
        )
    return found
