"""GET /api/v1/metiers?q=: the trade picker's search, for programs (the same job titles)."""

from __future__ import annotations

from typing import Annotated, Any

from flask import Response, jsonify, request
from pydantic import Field, TypeAdapter, with_config
from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

from portfolio.api.blueprint import bp
from portfolio.api.common import READ, portfolio_token
from portfolio.api.document import READ_SECURITY, answer, operation
from portfolio.api.schemas import STRICT, Text, validation_error
from portfolio.api.schemas import parse_query as read_query
from portfolio.services.rome import TradeSearchError
from portfolio.services.rome.search import MAX_QUERY
from portfolio.trades.services import SUGGESTIONS, suggestions

# A word of at least two letters or digits (the service refuses "a b" in French, after
# folding accents); written here for generators, like NonBlank in api/schemas.py. The letters
# are those the search folds to a-z: not ð, þ, ø, ß, æ, which it reads as separators.
_CHAR = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*"
_LETTER = r"[0-9A-Za-zÀ-ÅÇ-ÏÑ-ÖÙ-Ýà-åç-ïñ-öù-ýÿ]"
WORDS_PATTERN = f"^{_CHAR}{_LETTER}{_LETTER}{_CHAR}$"


@with_config(STRICT)
class TradeQuery(TypedDict):
    q: Annotated[
        Text,
        Field(
            min_length=2,
            max_length=MAX_QUERY,
            json_schema_extra={"pattern": WORDS_PATTERN},
            description=(
                "Les mots du métier, comme on les dit (« caristes », « aide soignante »). "
                "Les accents, les majuscules, le pluriel, le féminin et une faute de frappe "
                "ne comptent pas. Au moins 2 lettres, 80 caractères au plus."
            ),
        ),
    ]


TRADE_QUERY: TypeAdapter[TradeQuery] = TypeAdapter(TradeQuery)


class TradeOut(TypedDict):
    code: Annotated[str, Field(description="Code de la fiche ROME.", examples=["N1101"])]
    job_title: Annotated[str, Field(description="Code de l'appellation (OGR).", examples=["11679"])]
    label: Annotated[str, Field(examples=["Cariste"])]
    sheet_label: Annotated[str, Field(description="Libellé de la fiche ROME.")]


class TradeSearch(TypedDict):
    query: str
    results: list[TradeOut]


MODELS: tuple[TypeAdapter[Any], ...] = (TypeAdapter(TradeSearch),)


@bp.get("/metiers")
@portfolio_token(READ, query=True)
def search_trades() -> Response:
    """Job titles of the whole ROME for the words of ``q`` (8 at most, best first)."""
    query = read_query(TRADE_QUERY, request.args)["q"]
    try:
        found = suggestions(query)
    except TradeSearchError as err:
        raise validation_error([("q", str(err))]) from None
    results: list[TradeOut] = [
        {"code": s.code, "job_title": s.job_title, "label": s.label, "sheet_label": s.sheet_label}
        for s in found
    ]
    return jsonify(TradeSearch(query=query, results=results))


def paths() -> dict[str, Any]:
    """The OpenAPI path item of the trade search."""
    return {
        "/metiers": {
            "get": operation(
                "searchTrades",
                "Métiers",
                "Chercher un métier par les mots de tous les jours",
                description=(
                    f"Les {SUGGESTIONS} appellations du ROME les plus proches des mots donnés, "
                    "chacune avec le code de sa fiche. Moins de 2 lettres ou plus de 80 "
                    "caractères : 400 avec un message en français. Des mots qui ne ressemblent "
                    "à aucun métier : une liste vide. Droit : portfolio:read."
                ),
                security=READ_SECURITY,
                query=TRADE_QUERY,
                answers={
                    200: answer("Les métiers trouvés, les plus proches d'abord.", "TradeSearch")
                },
                errors=(400, 401, 403),
            )
        }
    }
