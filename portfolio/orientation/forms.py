"""Forms of the orientation pages."""

from __future__ import annotations

from collections.abc import Mapping

from flask_wtf import FlaskForm

from portfolio.orientation.services.interests import CARDS

FIELD_PREFIX = "card-"


class QuestionnaireForm(FlaskForm):
    """The picture questionnaire: one group of three radio buttons per card (``card-R1`` ...).

    The form itself checks the CSRF token only: the cards are many, fixed and read by
    :meth:`answers`, and the service says what is wrong with an answer, in words.
    """

    def answers(self, data: Mapping[str, str]) -> dict[str, str]:
        """{card id: answer value} for each card answered in ``data`` (the posted form)."""
        found: dict[str, str] = {}
        for card in CARDS:
            value = data.get(FIELD_PREFIX + card.id)
            if value:
                found[card.id] = value
        return found
