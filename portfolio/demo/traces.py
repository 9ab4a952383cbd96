"""Demo traces and self-assessments for the demo trainees (lea, yanis, ines).

Called by ``portfolio.demo`` after the accounts exist; the caller commits. Texts are written
for the demo: short, in the words a trainee would use.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, timedelta

from PIL import Image, ImageDraw

from portfolio.demo import voice
from portfolio.models import Site, TraceContext, TraceStatus, User, utcnow
from portfolio.services.assessments import record_self_assessment
from portfolio.trainee.services import (
    LinkInput,
    TraceData,
    add_photo,
    attach_trace_recording,
    create_trace,
)


@dataclass(frozen=True)
class _DemoTrace:
    title: str
    days_ago: int
    context: TraceContext
    body: str
    competencies: tuple[str, ...]
    company: str | None = None
    links: tuple[str, ...] = ()
    photo: tuple[tuple[int, int, int], str] | None = None  # colour, caption
    spoken: str = ""  # said by eSpeak NG (or a tone without it) as the trace's recording
    status: TraceStatus = TraceStatus.COMPLETE


@dataclass(frozen=True)
class _DemoLevel:
    competency: str
    level: int
    comment: str
    traces: tuple[int, ...] = ()  # positions in the trainee's list of traces


@dataclass(frozen=True)
class _DemoTrainee:
    traces: tuple[_DemoTrace, ...]
    levels: tuple[_DemoLevel, ...] = field(default=())


DEMO: dict[str, _DemoTrainee] = {
    "lea": _DemoTrainee(
        traces=(
            _DemoTrace(
                "Repas partagé à l'atelier cuisine",
                20,
                TraceContext.WORKSHOP,
                "Avec mon groupe, on a préparé un repas pour douze personnes. J'ai fait la "
                "liste des courses et j'ai calculé les quantités pour tout le monde.",
                ("E2C-2C", "E2C-4C"),
                photo=((214, 120, 60), "La table dressée avec les plats du repas"),
                spoken="On était six. J'ai fait la liste des courses, et j'ai compté les "
                "quantités pour douze personnes.",
            ),
            _DemoTrace(
                "Stage à la boulangerie du Marché",
                9,
                TraceContext.INTERNSHIP,
                "Une semaine de stage. Je servais les clients le matin et j'aidais à la mise "
                "en rayon. Le patron m'a montré comment tenir la caisse.",
                ("E2C-1C", "E2C-7A"),
                company="Boulangerie du Marché",
                links=("https://www.onisep.fr/ressources/univers-metier/metiers/boulanger",),
            ),
            _DemoTrace(
                "Exposé sur mon quartier",
                2,
                TraceContext.PROJECT,
                "",
                ("E2C-1B",),
                status=TraceStatus.DRAFT,
            ),
        ),
        levels=(
            _DemoLevel("E2C-1C", 2, "Je parle aux clients sans stresser.", (1,)),
            _DemoLevel("E2C-2C", 1, "J'ai calculé les quantités avec la calculatrice.", (0,)),
        ),
    ),
    "yanis": _DemoTrainee(
        traces=(
            _DemoTrace(
                "Réparation d'un vélo pour l'association",
                15,
                TraceContext.CITIZEN,
                "J'ai changé une chambre à air et réglé les freins d'un vélo donné à "
                "l'association du quartier. J'ai cherché un tutoriel avant de commencer.",
                ("E2C-1A", "E2C-8C"),
                links=("https://www.youtube.com/results?search_query=changer+chambre+a+air",),
                photo=((60, 110, 180), "Le vélo retourné, roue avant démontée"),
            ),
            _DemoTrace(
                "Mon CV refait sur l'ordinateur",
                5,
                TraceContext.WORKSHOP,
                "J'ai refait mon CV avec un traitement de texte et je l'ai envoyé par mail "
                "à ma référente pour avoir son avis.",
                ("E2C-3C", "E2C-5A"),
            ),
        ),
        levels=(
            _DemoLevel("E2C-1A", 2, "Je sais trouver un tutoriel et le suivre.", (0,)),
            _DemoLevel("E2C-3C", 1, "", (1,)),
        ),
    ),
    "ines": _DemoTrainee(
        traces=(
            _DemoTrace(
                "Animation du goûter au centre social",
                12,
                TraceContext.CITIZEN,
                "J'ai organisé un goûter pour les enfants du centre social avec deux autres "
                "stagiaires. On s'est partagé les tâches et j'ai accueilli les familles.",
                ("E2C-4C", "E2C-1C"),
                photo=((90, 160, 90), "Les enfants autour de la table du goûter"),
            ),
        ),
        levels=(_DemoLevel("E2C-4C", 3, "On s'est bien organisés à trois.", (0,)),),
    ),
}


def _picture(colour: tuple[int, int, int]) -> bytes:
    """A small drawn picture (no real photo in the repository)."""
    image = Image.new("RGB", (640, 480), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 300, 560, 360), fill=(250, 240, 220))
    draw.ellipse((220, 120, 420, 320), fill=(255, 255, 255), outline=(40, 40, 40), width=6)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def seed(site: Site, users: dict[str, User]) -> None:
    """Add the demo traces, photos and self-assessments of lea, yanis and ines.

    Accounts missing from ``users`` are skipped. The caller commits.
    """
    today = utcnow().date()
    for login, spec in DEMO.items():
        trainee = users.get(login)
        if trainee is None or trainee.site_id != site.id:
            continue
        made = []
        for item in spec.traces:
            trace = create_trace(
                trainee,
                TraceData(
                    title=item.title,
                    status=item.status,
                    body=item.body,
                    happened_on=_day(today, item.days_ago),
                    context=item.context,
                    company_name=item.company,
                    competency_ids=item.competencies,
                    links=[LinkInput(url) for url in item.links],
                ),
            )
            if item.photo is not None:
                colour, caption = item.photo
                add_photo(trainee, trace, _picture(colour), caption)
            if item.spoken:
                attach_trace_recording(trainee, trace, voice.spoken_wav(item.spoken))
            made.append(trace)
        for level in spec.levels:
            record_self_assessment(
                trainee,
                level.competency,
                level.level,
                level.comment,
                [made[i].id for i in level.traces],
            )


def _day(today: date, days_ago: int) -> date:
    return today - timedelta(days=days_ago)
