"""Typed text is cleaned by one rule in every room (services/text.py)."""

from __future__ import annotations

import pytest

from portfolio.services.rules import ReferentError, clean_text, parse_ids
from portfolio.services.text import TextRefused
from portfolio.services.text import clean_text as clean


def test_text_is_stripped_with_unix_line_ends_and_no_nul() -> None:
    # PostgreSQL refuses NUL in a text column: a pasted NUL must not become a server error.
    assert clean("  ligne 1\r\nligne\x00 2 \n", limit=100) == "ligne 1\nligne 2"
    assert clean(None, limit=10) == ""


@pytest.mark.parametrize(
    ("value", "required", "kind"),
    [(12, False, "not_text"), ("   ", True, "required"), ("x" * 11, False, "too_long")],
)
def test_refusals_say_why(value: object, required: bool, kind: str) -> None:
    with pytest.raises(TextRefused) as refused:
        clean(value, limit=10, required=required)
    assert refused.value.kind == kind


def test_a_room_keeps_its_own_sentence() -> None:
    with pytest.raises(ReferentError, match="trop long : 3 caractères au plus"):
        clean_text("abcd", "Note", limit=3)
    assert clean_text("a\x00b\r\nc", "Note") == "ab\nc"


def test_ids_no_row_can_have_are_refused() -> None:
    assert parse_ids(["3", 1, " 2 ", 3], "Traces") == [1, 2, 3]
    for bad in (0, 2**31, "-1", True):
        with pytest.raises(ReferentError):
            parse_ids([bad], "Traces")
