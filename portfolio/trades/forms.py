"""The picker's form fields: :class:`TradeField` (one trade) and :class:`TradeListField` (several).

A picker posts a few values under its name (``trades`` here):

- ``trades``: the pick(s), ``"CODE:OGR"`` (hidden inputs, or the boxes of a search);
- ``trades-texte``: the text box; ``trades-vu``: what that box held when the page was drawn;
- ``trades-chercher``: the "Chercher" button (without JavaScript, the search is a submit);
- ``trades-retirer``: a chip's remove button (list field, without JavaScript).

When the words typed changed, or "Chercher" was pressed, or a chip removed, the field is *busy*:
the form is shown again with the matching titles as radio buttons (check boxes for the list),
nothing is saved and the other fields keep what was typed (:func:`still_picking`). With
JavaScript the same page gets suggestions while typing and the hidden value is set directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wtforms import Field, Form
from wtforms.utils import unset_value

from portfolio.services.i18n import gettext as _
from portfolio.services.rome import TradeChoice, TradeSearchError, UnknownTrade
from portfolio.trades.services import Suggestion, parse_pick, pick_value, suggestions, trade_words

MAX_VALUES = 20  # more posted values than this is not a person picking
MAX_TEXT = 200  # what is kept of the text box to show it again


class _PickerField(Field):
    """What both pickers share: reading the posted values, the search, the state to draw."""

    multiple = False
    max_entries = 1

    def __init__(
        self, label: Any = None, validators: Any = None, *, required: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.required_message = required
        self.query = ""
        self.seen = ""
        self.matches: list[Suggestion] = []
        self.searched = False
        self.removed = False

    # -- reading the form ------------------------------------------------------------------

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.process_errors: list[Any] = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = data
        self.data = self._initial(data)
        self.query, self.seen, self.matches = "", "", []
        self.searched = self.removed = False
        if formdata is not None and self._posted(formdata):
            self.raw_data = formdata.getlist(self.name)[:MAX_VALUES]
            self.query = (formdata.get(f"{self.name}-texte") or "")[:MAX_TEXT]
            self.seen = (formdata.get(f"{self.name}-vu") or "")[:MAX_TEXT]
            self.data = self._picks(self.raw_data)
            self._after_picks(formdata)
            words = self.query.strip()
            if (
                f"{self.name}-chercher" in formdata
                or (words and words != self.seen.strip())
                or (words and self._empty())
            ):
                self._search()
        self.errors = list(self.process_errors)

    def _posted(self, formdata: Any) -> bool:
        return any(
            key in formdata for key in (self.name, f"{self.name}-texte", f"{self.name}-chercher")
        )

    def _pick(self, value: Any) -> TradeChoice | None:
        try:
            return parse_pick(value)
        except UnknownTrade as err:
            if str(err) not in self.process_errors:
                self.process_errors.append(str(err))
            return None

    def _search(self) -> None:
        self.searched = True
        try:
            self.matches = suggestions(self.query)
        except TradeSearchError as err:
            self.process_errors.append(str(err))
            return
        if not self.matches:
            self.process_errors.append(
                _("Aucun métier ne correspond à ces mots. Essayez un autre mot.")
            )

    # -- what each kind does ----------------------------------------------------------------

    def _initial(self, data: Any) -> Any:
        raise NotImplementedError

    def _picks(self, values: list[str]) -> Any:
        raise NotImplementedError

    def _after_picks(self, formdata: Any) -> None:
        """The list field reads its remove buttons here."""

    def _empty(self) -> bool:
        return not self.data

    # -- checking and drawing ---------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Still choosing: a search or a removal asked for the page again (nothing is saved)."""
        return self.searched or self.removed

    def validate(self, form: Form, extra_validators: Sequence[Any] = ()) -> bool:
        self.errors = list(self.process_errors)
        if self.busy:
            return False
        if not self.errors and self.required_message and self._empty():
            self.errors.append(str(self.required_message))
        return not self.errors

    def words(self, choice: TradeChoice) -> str:
        return trade_words(choice.code, choice.job_title)

    def value_of(self, choice: TradeChoice) -> str:
        return pick_value(choice)

    @property
    def chosen(self) -> list[TradeChoice]:
        if self.multiple:
            return list(self.data or [])
        return [self.data] if self.data else []

    @property
    def fresh_matches(self) -> list[Suggestion]:
        """The titles found that are not already picked (those are shown checked)."""
        taken = {pick_value(c) for c in self.chosen}
        return [m for m in self.matches if m.value not in taken]

    @property
    def text(self) -> str:
        """What the text box shows: the words typed while searching, else the pick's words."""
        if self.busy or self.process_errors:
            return self.query
        if not self.multiple and self.data:
            return self.words(self.data)
        return ""


class TradeField(_PickerField):
    """One trade: ``data`` is a :class:`TradeChoice` or ``None``."""

    def _initial(self, data: Any) -> TradeChoice | None:
        if data is None or data is unset_value or data == "":
            return None
        return self._pick(data)

    def _picks(self, values: list[str]) -> TradeChoice | None:
        values = [v for v in values if v]
        return self._pick(values[-1]) if values else None


class TradeListField(_PickerField):
    """Several trades (``max_entries``): ``data`` is a list of :class:`TradeChoice`."""

    multiple = True

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        max_entries = kwargs.pop("max_entries", 5)
        super().__init__(label, validators, **kwargs)
        self.max_entries = max_entries

    def _initial(self, data: Any) -> list[TradeChoice]:
        if not data or data is unset_value:
            return []
        return self._unique(self._pick(v) for v in data)

    def _picks(self, values: list[str]) -> list[TradeChoice]:
        return self._unique(self._pick(v) for v in values if v)

    def _after_picks(self, formdata: Any) -> None:
        removed = formdata.get(f"{self.name}-retirer")
        if removed is None:
            return
        self.removed = True
        self.data = [c for c in self.data if pick_value(c) != removed]

    @staticmethod
    def _unique(picks: Any) -> list[TradeChoice]:
        found: list[TradeChoice] = []
        for choice in picks:
            if choice is not None and choice not in found:
                found.append(choice)
        return found


def still_picking(form: Form) -> bool:
    """True while a picker of ``form`` is searching or removing: show the form again."""
    return any(isinstance(f, _PickerField) and f.busy for f in form)
