"""The interest cards: about twenty everyday activities, each tied to one RIASEC letter.

The player answers each card "j'aime", "je n'aime pas" or "je ne sais pas"; the profile
(1 or 2 letters) is computed by :func:`game.core.riasec.profile_from_answers`. The card's line
is a UI string (``card.<id>`` in :mod:`game.core.i18n`), its picture is drawn by
``game.scenes.card_art`` under the same id. Cards written by the project.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Answer = Literal["like", "dislike", "unsure"]
ANSWERS: tuple[Answer, ...] = ("like", "dislike", "unsure")


@dataclass(frozen=True, slots=True)
class Card:
    """One activity: its id (also the picture's name) and the RIASEC letter it speaks for."""

    id: str
    letter: str


CARDS: tuple[Card, ...] = (
    Card("bike", "R"),
    Card("care_old", "S"),
    Card("draw", "A"),
    Card("stock", "C"),
    Card("engine", "I"),
    Card("sell", "E"),
    Card("wood", "R"),
    Card("nurse", "S"),
    Card("music", "A"),
    Card("numbers", "C"),
    Card("experiment", "I"),
    Card("lead", "E"),
    Card("garden", "R"),
    Card("teach", "S"),
    Card("decorate", "A"),
    Card("planning", "C"),
    Card("computer", "I"),
    Card("project", "E"),
    Card("cook", "R"),
    Card("listen", "S"),
)
"""The deck, in the order shown: letters alternate so no letter comes twice in a row."""
