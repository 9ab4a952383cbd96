"""What is kept of text a person types: one rule for every room.

Traces, referent notes, assessments' comments, company messages and forms each used to strip
and limit text their own way; some removed NUL characters (which PostgreSQL refuses in a text
column) and turned Windows line ends into ``\\n``, others did not. :func:`clean_text` does all
of it, everywhere. It raises :class:`TextRefused` with a ``kind``; each room turns that into its
own error type and sentence, because forms and the API show those to people (and tests read
them). Pure Python: no Flask, no database.
"""

from __future__ import annotations

from typing import Literal

Refusal = Literal["not_text", "required", "too_long"]


class TextRefused(ValueError):
    """The text cannot be kept; ``kind`` says why, ``limit`` is the length allowed."""

    def __init__(self, kind: Refusal, limit: int) -> None:
        super().__init__(kind)
        self.kind: Refusal = kind
        self.limit = limit


def clean_text(value: object, *, limit: int, required: bool = False) -> str:
    """``value`` stripped, ``\\r\\n`` as ``\\n``, without NUL; None counts as empty.

    Refused: anything but a string (``not_text``), an empty text when ``required``
    (``required``), more than ``limit`` characters once cleaned (``too_long``).
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise TextRefused("not_text", limit)
    text = value.replace("\r\n", "\n").replace("\x00", "").strip()
    if required and not text:
        raise TextRefused("required", limit)
    if len(text) > limit:
        raise TextRefused("too_long", limit)
    return text
