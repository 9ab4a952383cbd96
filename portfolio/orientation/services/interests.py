"""What a trainee likes: the picture questionnaire's answers and the game's interests.

The only writer of ``InterestCardAnswer`` and ``GameInterests`` rows. The two sources stay
apart: the questionnaire is answered in the portfolio, card by card; the game sends the one
or two interests the player chose (``PUT /api/v1/game/interests``). :func:`interests_of`
says which one the ranking uses: the questionnaire when there are answers (the trainee's own
answers, given where the referent can talk about them), else the game's, else none.

The questionnaire's letters: each "J'aime" counts for the card's RIASEC letter; the two
letters liked most (at least once) are the profile, ties broken by fewer "Je n'aime pas",
then in the order R I A S E C, so the same answers always give the same letters. Two, like
the game (one or two interests): more letters would make every trade match.

Errors are :class:`InterestError` (a ValueError) whose ``str()`` is a sentence for the
trainee; nothing is written then. The caller commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from sqlalchemy import delete, select

from portfolio.extensions import db
from portfolio.models import GameInterests, InterestAnswer, InterestCardAnswer, Role, User, utcnow
from portfolio.models.orientation import RIASEC
from portfolio.services.i18n import N_
from portfolio.services.i18n import gettext as _

MAX_LETTERS: Final = 2
Source = Literal["questionnaire", "game"]


class InterestError(ValueError):
    """Interests cannot be saved; ``str()`` says why, for the trainee."""


@dataclass(frozen=True, slots=True)
class Card:
    """One card of the picture questionnaire: its letter, its line and its picture."""

    id: str
    text: str  # French, marked N_: translate where shown
    picture: str  # file name under static/orientation/
    alt: str  # what the picture shows, French, marked N_

    @property
    def letter(self) -> str:
        return self.id[0]


CARDS: Final[tuple[Card, ...]] = (
    Card("R1", N_("Réparer un vélo"), "velo.svg", N_("Un vélo et une clé à molette")),
    Card("R2", N_("Construire avec des outils"), "outils.svg", N_("Un marteau et une planche")),
    Card("R3", N_("Planter et arroser un jardin"), "plante.svg", N_("Une plante dans un pot")),
    Card(
        "I1", N_("Comprendre comment marche une machine"), "engrenage.svg", N_("Deux roues dentées")
    ),
    Card("I2", N_("Faire une expérience"), "fiole.svg", N_("Un tube avec un liquide")),
    Card("I3", N_("Chercher la cause d'une panne"), "loupe.svg", N_("Une loupe")),
    Card("A1", N_("Dessiner ou peindre"), "pinceau.svg", N_("Un pinceau et une tache de couleur")),
    Card("A2", N_("Faire de la musique"), "musique.svg", N_("Deux notes de musique")),
    Card("A3", N_("Décorer une pièce"), "deco.svg", N_("Un cadre avec un soleil dessiné")),
    Card("S1", N_("Aider une personne âgée"), "aider.svg", N_("Deux mains et un cœur")),
    Card("S2", N_("Expliquer quelque chose à quelqu'un"), "bulle.svg", N_("Deux bulles de parole")),
    Card("S3", N_("S'occuper d'enfants"), "enfant.svg", N_("Un ballon")),
    Card("E1", N_("Vendre un produit"), "etiquette.svg", N_("Une étiquette de prix")),
    Card("E2", N_("Diriger une équipe"), "drapeau.svg", N_("Un drapeau")),
    Card("E3", N_("Convaincre des gens"), "porte-voix.svg", N_("Un porte-voix")),
    Card("C1", N_("Ranger et compter"), "cartons.svg", N_("Des cartons bien rangés")),
    Card("C2", N_("Remplir un tableau"), "tableau.svg", N_("Un tableau avec des cases")),
    Card("C3", N_("Suivre une liste de tâches"), "liste.svg", N_("Une liste cochée")),
)
CARD_BY_ID: Final[Mapping[str, Card]] = {card.id: card for card in CARDS}


ANSWER_LABELS: Final[Mapping[InterestAnswer, str]] = {
    InterestAnswer.LIKE: N_("J'aime"),
    InterestAnswer.DISLIKE: N_("Je n'aime pas"),
    InterestAnswer.UNSURE: N_("Je ne sais pas"),
}


@dataclass(frozen=True, slots=True)
class Interests:
    """The letters the ranking uses and where they come from (None: no interests yet)."""

    source: Source | None
    letters: tuple[str, ...] = ()


def _check_trainee(trainee: User) -> None:
    if not isinstance(trainee, User) or trainee.role is not Role.TRAINEE:
        raise InterestError(_("Seuls les stagiaires ont des goûts à enregistrer ici."))


def save_answers(trainee: User, answers: Mapping[str, str]) -> list[InterestCardAnswer]:
    """Replace the trainee's questionnaire with ``answers`` ({card id: answer value}).

    Raises InterestError when: not a trainee; no card answered; an unknown card or answer.
    A card left out has no answer afterwards.
    """
    _check_trainee(trainee)
    if not isinstance(answers, Mapping) or not answers:
        raise InterestError(_("Répondez à au moins une carte."))
    checked: dict[str, InterestAnswer] = {}
    for card_id, value in answers.items():
        if card_id not in CARD_BY_ID:
            raise InterestError(_("Cette carte n'existe pas. Recharge la page."))
        try:
            checked[card_id] = InterestAnswer(value)
        except ValueError:
            raise InterestError(
                _(
                    "Pour chaque carte, choisissez « J'aime », « Je n'aime pas » ou « Je ne sais pas »."
                )
            ) from None
    now = utcnow()
    existing = {
        row.card_id: row
        for row in db.session.scalars(
            select(InterestCardAnswer).where(InterestCardAnswer.trainee_id == trainee.id)
        )
    }
    rows: list[InterestCardAnswer] = []
    for card in CARDS:  # in card order, so rows are written in the same order every time
        answer = checked.get(card.id)
        row = existing.get(card.id)
        if answer is None:
            if row is not None:
                db.session.delete(row)
            continue
        if row is None:
            row = InterestCardAnswer(trainee_id=trainee.id, card_id=card.id, answer=answer)
            db.session.add(row)
        elif row.answer is not answer:
            row.answer = answer
            row.answered_at = now
        rows.append(row)
    db.session.flush()
    return rows


def save_game_interests(trainee: User, letters: Sequence[str]) -> GameInterests:
    """Keep the one or two interests the game sent (the latest replace the earlier ones).

    Raises InterestError when not a trainee, or unless 1-2 different letters of R I A S E C.
    """
    _check_trainee(trainee)
    if (
        isinstance(letters, str)
        or not 1 <= len(letters) <= MAX_LETTERS
        or len(set(letters)) != len(letters)
        or any(letter not in RIASEC for letter in letters)
    ):
        raise InterestError(
            _("Choisissez un ou deux centres d'intérêt différents parmi R, I, A, S, E et C.")
        )
    row = db.session.scalar(select(GameInterests).where(GameInterests.trainee_id == trainee.id))
    if row is None:
        row = GameInterests(trainee_id=trainee.id, letters="".join(letters))
        db.session.add(row)
    elif row.letters != "".join(letters):
        row.letters = "".join(letters)
        row.updated_at = utcnow()
    db.session.flush()
    return row


def forget_answers(trainee: User) -> int:
    """Delete the trainee's questionnaire answers (to start again). Returns how many."""
    _check_trainee(trainee)
    result = db.session.execute(
        delete(InterestCardAnswer).where(InterestCardAnswer.trainee_id == trainee.id)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def answers_of(trainee: User) -> dict[str, InterestAnswer]:
    """The trainee's questionnaire answers, {card id: answer}."""
    rows = db.session.execute(
        select(InterestCardAnswer.card_id, InterestCardAnswer.answer).where(
            InterestCardAnswer.trainee_id == trainee.id
        )
    )
    return {card_id: InterestAnswer(answer) for card_id, answer in rows}


def letters_from_answers(answers: Mapping[str, InterestAnswer]) -> tuple[str, ...]:
    """The one or two letters liked most (see the module docstring); () if nothing liked."""
    likes = dict.fromkeys(RIASEC, 0)
    dislikes = dict.fromkeys(RIASEC, 0)
    for card_id, answer in answers.items():
        letter = card_id[0]
        if answer is InterestAnswer.LIKE:
            likes[letter] += 1
        elif answer is InterestAnswer.DISLIKE:
            dislikes[letter] += 1
    liked = [letter for letter in RIASEC if likes[letter] > 0]
    liked.sort(key=lambda letter: (-likes[letter], dislikes[letter], RIASEC.index(letter)))
    return tuple(liked[:MAX_LETTERS])


def game_letters(trainee: User) -> tuple[str, ...]:
    """The interests the game sent, in the order chosen; () when none."""
    letters = db.session.scalar(
        select(GameInterests.letters).where(GameInterests.trainee_id == trainee.id)
    )
    return tuple(letters or "")


def interests_of(trainee: User, answers: Mapping[str, InterestAnswer] | None = None) -> Interests:
    """The questionnaire's letters when answered, else the game's, else none."""
    answers = answers_of(trainee) if answers is None else answers
    if answers:
        return Interests("questionnaire", letters_from_answers(answers))
    letters = game_letters(trainee)
    return Interests("game", letters) if letters else Interests(None)
