"""``PUT /api/v1/game/interests``: the game sends the one or two interests the player chose.

Authenticated like the game's other calls (the ``game:evidence`` token of a linked game,
docs/GAME_API.md). Stored as the trainee's game interests, apart from the portfolio's
picture questionnaire (``orientation.services.interests``). The path and the field are in
English like the API's others (``/game/link``, ``/statements``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, cast

from pydantic import Field, TypeAdapter, with_config
from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

from portfolio.api.auth import ApiError, api_user, token_required
from portfolio.api.blueprint import bp
from portfolio.api.common import json_body, write_limit
from portfolio.api.document import GAME_SECURITY, answer, operation
from portfolio.api.schemas import STRICT, Unique
from portfolio.extensions import db
from portfolio.game_link.services.game_link import GAME_SCOPE
from portfolio.orientation.services import interests as service

Letter = Literal["R", "I", "A", "S", "E", "C"]


@with_config(STRICT)
class GameInterestsInput(TypedDict):
    """Le contenu de PUT /game/interests."""

    interests: Annotated[
        list[Letter],
        Unique(),
        Field(
            min_length=1,
            max_length=service.MAX_LETTERS,
            description=(
                "Un ou deux centres d'intérêt choisis dans le jeu (lettres RIASEC : R réaliste, "
                "I investigateur, A artistique, S social, E entreprenant, C conventionnel), "
                "dans l'ordre du choix. Ils remplacent ceux envoyés avant."
            ),
            examples=[["R", "C"]],
        ),
    ]


class GameInterests(TypedDict):
    interests: list[Letter]
    updated_at: Annotated[str, Field(json_schema_extra={"format": "date-time"})]


INTERESTS_INPUT: TypeAdapter[GameInterestsInput] = TypeAdapter(GameInterestsInput)
MODELS: tuple[TypeAdapter[Any], ...] = (INTERESTS_INPUT, TypeAdapter(GameInterests))


@bp.put("/game/interests")
@write_limit
@token_required(GAME_SCOPE)
def put_game_interests() -> tuple[GameInterests, int]:
    body = json_body(INTERESTS_INPUT)
    try:
        row = service.save_game_interests(api_user(), body["interests"])
    except service.InterestError as err:
        raise ApiError(403, "insufficient_scope", str(err)) from None
    db.session.commit()
    return {
        "interests": cast(list[Letter], list(row.letters)),
        "updated_at": row.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }, 200


def paths() -> dict[str, Any]:
    """The OpenAPI path item of the game's interests."""
    return {
        "/game/interests": {
            "put": operation(
                "putGameInterests",
                "Jeu",
                "Envoyer les centres d'intérêt choisis dans le jeu",
                description=(
                    "Remplace les centres d'intérêt du jeu de ce compte (pas les réponses au "
                    "questionnaire en images du portfolio). Jeton du jeu lié."
                ),
                security=GAME_SECURITY,
                body="GameInterestsInput",
                answers={200: answer("Les centres d'intérêt enregistrés.", "GameInterests")},
                errors=(400, 401, 403, 413, 415, 429),
            )
        }
    }
