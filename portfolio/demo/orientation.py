"""Demo content of orientation: Léa answered the picture questionnaire, Yanis chose his
interests in the game. So "Des métiers pour vous" shows both sources. The caller commits."""

from __future__ import annotations

from portfolio.models import Role, Site, User
from portfolio.orientation.services import interests

# Léa likes helping and explaining, is unsure about selling, does not like repairing.
LEA_LIKES = {"S1", "S2", "S3", "C1", "R3"}
LEA_DISLIKES = {"R1", "R2", "E2"}


def seed(site: Site, users: dict[str, User]) -> None:
    lea, yanis = users.get("lea"), users.get("yanis")
    if lea is not None and lea.role is Role.TRAINEE and lea.site_id == site.id:
        # Every card, in card order (the database tests expect the first row to be R1).
        interests.save_answers(
            lea,
            {
                card.id: "like"
                if card.id in LEA_LIKES
                else "dislike"
                if card.id in LEA_DISLIKES
                else "unsure"
                for card in interests.CARDS
            },
        )
    if yanis is not None and yanis.role is Role.TRAINEE and yanis.site_id == site.id:
        interests.save_game_interests(yanis, ["R", "E"])
