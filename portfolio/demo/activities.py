"""Demo content of the activities room: the network library imported into the demo site's
catalogue, six sessions (past and upcoming) with their group, the roll of the past ones, and
the observation grid of the first one, and the first trainee's "pas d'accord" with one of its
observations (it shows in the gap view).

Accounts missing from ``users`` are skipped. The caller commits.
"""

from __future__ import annotations

import uuid
from datetime import time, timedelta
from pathlib import Path

from sqlalchemy import select

from portfolio.activities.services import catalogue, files, grid, sessions
from portfolio.extensions import db
from portfolio.models import (
    Activity,
    ActivitySession,
    Attendance,
    ReactionChoice,
    Role,
    Site,
    User,
    utcnow,
)
from portfolio.referent.services import reactions
from portfolio.services.frameworks import frameworks

LIBRARY = Path(__file__).resolve().parents[1] / "data" / "activites_reseau.yaml"

# (code, days from today, start hour, end hour, place)
SESSIONS = [
    ("CUISINE-GROUPE", -9, 9, 12, "Cuisine pédagogique"),
    ("DEBAT-ACTU", -6, 14, 16, "Salle 2"),
    ("VISITE-BOULANGERIE", -2, 8, 11, "Boulangerie du Marché"),
    ("ENTRETIEN-FILME", 2, 9, 11, "Salle vidéo"),
    ("BUDGET-MOIS", 5, 14, 16, "Salle 1"),
    ("JARDIN-PARTAGE", 8, 9, 12, "Jardin de la rue des Tilleuls"),
]
ROLL = [Attendance.PRESENT, Attendance.PRESENT, Attendance.ABSENT, Attendance.EXCUSED]


def load_library() -> list[files.LoadedActivity]:
    return files.load_yaml(LIBRARY.read_bytes(), "activites_reseau.yaml", frameworks())


def seed(site: Site, users: dict[str, User]) -> None:
    loaded = load_library()
    catalogue.import_catalogue(None, None, loaded)  # the network library itself
    catalogue.import_catalogue(None, site, loaded)  # and the demo site's own copy
    referent = users.get("referente")
    trainees = [u for u in users.values() if u.role is Role.TRAINEE and u.site_id == site.id]
    if referent is None or not trainees:
        return
    by_code = {
        a.code: a for a in db.session.scalars(select(Activity).where(Activity.site_id == site.id))
    }
    today = utcnow().date()
    for n, (code, days, start, end, place) in enumerate(SESSIONS):
        session = sessions.schedule_session(
            referent,
            by_code[code],
            sessions.SessionInput(
                day=today + timedelta(days=days),
                start_time=time(start),
                end_time=time(end),
                place=place,
                trainee_ids=[t.id for t in trainees],
                group_name="Groupe de Claire" if n == 0 else "",
            ),
        )
        if days < 0:
            marks = {t.id: ROLL[(i + n) % len(ROLL)] for i, t in enumerate(trainees)}
            sessions.take_attendance(referent, session, marks)
            db.session.flush()
            if n == 0:
                _observe(referent, session)
    db.session.flush()


DISAGREEMENT = "J'ai pesé sans aide, mais j'ai demandé pour le four."

REMARKS = [
    "A pris en main la pesée des ingrédients sans aide.",
    "« Je n'aimais pas couper les oignons, mais j'ai fini. »",
]


def _observe(referent: User, session: ActivitySession) -> None:
    """The collective observation grid of the first past session (the followed trainees)."""
    rows = [r for r in grid.rows(referent, session) if r.followed]
    columns = grid.columns(session)
    if not rows or not columns:
        return
    values = [grid.OBSERVED, "2", "3"]
    cells = {
        (str(r.participant.trainee_id), c.key): values[(i + j) % len(values)]
        for i, r in enumerate(rows)
        for j, c in enumerate(columns)
    }
    remarks = {str(r.participant.trainee_id): text for r, text in zip(rows, REMARKS, strict=False)}
    grid.save_grid(
        referent,
        session,
        grid.GridInput(
            client_key=str(uuid.uuid4()), visibility="shared", cells=cells, remarks=remarks
        ),
    )
    first = rows[0].trainee
    notes = grid.observed_for(first, session)
    if notes:
        reactions.react_to_note(first, notes[0], ReactionChoice.DISAGREE.value, DISAGREEMENT)
