"""Demo content of the path: upcoming sessions with free places for the trainees, one pending
join request (Léa), one interest (Yanis), one objective Léa wrote herself.

Runs after the activities' demo (the site catalogue and its sessions exist). Accounts missing
from ``users`` are skipped. The caller commits.
"""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import select

from portfolio.activities.services import sessions
from portfolio.extensions import db
from portfolio.models import Activity, Site, User, utcnow
from portfolio.path.services import requests
from portfolio.path.services.ranking import path_for
from portfolio.referent.services import reviews

# (code, days from today, start hour, end hour, place): the group is Jade alone, so the
# others have places to ask for.
SESSIONS = [
    ("GESTION-CONFLITS", 3, 14, 16, "Salle 2"),
    ("MAILS-PRO", 4, 9, 11, "Salle informatique"),
    ("ENTRETIEN-RECRUTEUR", 6, 9, 12, "Salle vidéo"),
    ("PREMIERS-SECOURS", 9, 9, 12, "Gymnase"),
    ("LETTRE-MOTIVATION", 11, 14, 16, "Salle 1"),
]


def seed(site: Site, users: dict[str, User]) -> None:
    referent, lea, yanis, jade = (users.get(k) for k in ("referente", "lea", "yanis", "jade"))
    if referent is None or lea is None or jade is None:
        return
    by_code = {
        a.code: a for a in db.session.scalars(select(Activity).where(Activity.site_id == site.id))
    }
    today = utcnow().date()
    for code, days, start, end, place in SESSIONS:
        sessions.schedule_session(
            referent,
            by_code[code],
            sessions.SessionInput(
                day=today + timedelta(days=days),
                start_time=time(start),
                end_time=time(end),
                place=place,
                trainee_ids=[jade.id],
            ),
        )
    db.session.flush()
    reviews.propose_objective(
        lea,
        reviews.ObjectiveInput(
            title="Oser parler devant le groupe",
            due_on=today + timedelta(days=45),
            competency_id="E2C-1C",
        ),
    )
    first = next((p for p in path_for(lea) if p.session_id is not None), None)
    if first is not None and first.session_id is not None:
        requests.ask_to_join(lea, first.session_id)
    if yanis is not None:
        interest = next((p for p in path_for(yanis) if p.session_id is None), None)
        if interest is not None:
            requests.mark_interest(yanis, interest.activity_id)
    db.session.flush()
