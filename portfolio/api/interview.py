"""GET /api/v1/interview/questions?domain=: the interview question bank, for programs.

Read-only: the questions a trainee rehearses (``portfolio/data/interview_questions.yaml``),
general ones and those of one ROME grand domaine, in French and English, with what the
recruiter looks for, the tip and the competencies each shows.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, NotRequired

from flask import Response, jsonify, request
from pydantic import Field, TypeAdapter, with_config
from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

from portfolio.api.blueprint import bp
from portfolio.api.common import READ, portfolio_token
from portfolio.api.document import READ_SECURITY, answer, operation
from portfolio.api.schemas import STRICT
from portfolio.api.schemas import parse_query as read_query
from portfolio.interview.services.questions import bank

Letter = Literal["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N"]


@with_config(STRICT)
class QuestionQuery(TypedDict):
    domain: NotRequired[
        Annotated[
            Letter,
            Field(
                description=(
                    "La lettre d'un grand domaine du ROME (A à N) : les questions générales "
                    "et celles de ce domaine. Sans elle : toutes les questions."
                )
            ),
        ]
    ]


QUESTION_QUERY: TypeAdapter[QuestionQuery] = TypeAdapter(QuestionQuery)


class InterviewQuestionOut(TypedDict):
    id: Annotated[str, Field(examples=["gen-vous"])]
    text: Annotated[str, Field(examples=["Parlez-moi de vous."])]
    text_en: str
    looking_for: Annotated[str, Field(description="Ce que le recruteur cherche à savoir.")]
    looking_for_en: str
    tip: Annotated[str, Field(description="Un conseil en mots simples.")]
    tip_en: str
    competencies: Annotated[
        list[str], Field(description="Compétences du référentiel E2C et des CPS.")
    ]
    domains: Annotated[list[str], Field(description="Grands domaines ; vide : question générale.")]


class InterviewQuestions(TypedDict):
    domain: str | None
    questions: list[InterviewQuestionOut]


MODELS: tuple[TypeAdapter[Any], ...] = (TypeAdapter(InterviewQuestions),)


@bp.get("/interview/questions")
@portfolio_token(READ, query=True)
def interview_questions() -> Response:
    """The bank's questions: all, or the general ones and those of ``domain``."""
    domain = read_query(QUESTION_QUERY, request.args).get("domain")
    loaded = bank()
    chosen = loaded.questions if domain is None else (*loaded.general(), *loaded.for_domain(domain))
    questions: list[InterviewQuestionOut] = [
        {
            "id": q.id,
            "text": q.text,
            "text_en": q.text_en,
            "looking_for": q.looking_for,
            "looking_for_en": q.looking_for_en,
            "tip": q.tip,
            "tip_en": q.tip_en,
            "competencies": list(q.competencies),
            "domains": list(q.domains),
        }
        for q in chosen
    ]
    return jsonify(InterviewQuestions(domain=domain, questions=questions))


def paths() -> dict[str, Any]:
    """The OpenAPI path item of the question bank."""
    return {
        "/interview/questions": {
            "get": operation(
                "listInterviewQuestions",
                "Entretien",
                "Les questions d'entretien pour s'entraîner",
                description=(
                    "La banque de questions d'entretien d'embauche, écrite par le projet : "
                    "questions générales et questions par grand domaine du ROME, en français "
                    "et en anglais. Droit : portfolio:read."
                ),
                security=READ_SECURITY,
                query=QUESTION_QUERY,
                answers={
                    200: answer("Les questions, dans l'ordre du fichier.", "InterviewQuestions")
                },
                errors=(400, 401, 403),
            )
        }
    }
