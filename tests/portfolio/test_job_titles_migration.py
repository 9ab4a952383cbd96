"""The job-title migration on a database holding rows written before the trade picker.

Stored codes stay as they were; rows of the game's 50 trades get the title whose words are the
trade's ROME 4.0 label, so every page shows the same words as before; a saved search by code
keeps finding the same showcases; the downgrade gives the old schema back with the same codes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import column, func, inspect, select, table, update

from dbtools import throwaway_database
from portfolio.extensions import db

BEFORE = "b7e2f4a9c1d3"  # the revision just before the job titles
# (table, code written by the old forms, the title the migration must give it)
OLD_ROWS = [
    ("project_trade", "N1101", "11679"),  # Cariste
    ("offer", "D1102", "11573"),  # Boulanger / Boulangère
    ("offer", "G1703", None),  # Réceptionniste: no title has exactly that label
    ("internship", "G1609", "13861"),  # a ROME 4.0 child sheet: Cuisinier / Cuisinière
]


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    yield from throwaway_database(tmp_path, "job_titles_migration")


def _rows(name: str):
    return table(name, column("id"), column("rome_code"), column("job_title"))


def _first_ids(conn) -> dict[str, int]:
    return {
        name: conn.execute(select(func.min(_rows(name).c.id))).scalar()
        for name, _code, _title in OLD_ROWS
    }


def test_old_rows_keep_their_codes_and_show_the_same_words(url: str):
    from flask_migrate import downgrade, upgrade

    from portfolio import create_app
    from portfolio.company.services import search
    from portfolio.demo import seed_demo
    from portfolio.models import Company, Offer, Showcase
    from portfolio.services.rome import rome, trades

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    with app.app_context():
        upgrade()
        seed_demo()
        db.session.commit()
        db.session.remove()
        downgrade(revision=BEFORE)  # the schema of yesterday, with its rows
        with db.engine.begin() as conn:
            assert "job_title" not in {c["name"] for c in inspect(conn).get_columns("offer")}
            ids = _first_ids(conn)
            last_offer = conn.execute(select(func.max(_rows("offer").c.id))).scalar()
            assert last_offer != ids["offer"]
            for n, (name, code, _title) in enumerate(OLD_ROWS):
                rows = table(name, column("id"), column("rome_code"))
                row = last_offer if n == 2 else ids[name]
                conn.execute(update(rows).where(rows.c.id == row).values(rome_code=code))
            old_words = {code: trades().get(code).label for _t, code, _ in OLD_ROWS}

        upgrade()
        with db.engine.connect() as conn:
            for n, (name, code, title) in enumerate(OLD_ROWS):
                rows = _rows(name)
                row = last_offer if n == 2 else ids[name]
                stored = conn.execute(
                    select(rows.c.rome_code, rows.c.job_title).where(rows.c.id == row)
                ).one()
                assert tuple(stored) == (code, title), name
                # The same words as the old pages showed (the trade's label).
                assert rome().label(*stored) == old_words[code]
        db.session.remove()

        # A search saved before (by code) finds the trainee whose project names that sheet.
        company = db.session.scalar(select(Company))
        criteria, errors = search.parse_criteria({"metier": "N1101"})
        assert errors == {} and criteria.as_query() == "metier=N1101"
        hits = search.search_showcases(company, criteria).hits
        showcases = set(db.session.scalars(select(Showcase.id)))
        assert hits and {h.showcase_id for h in hits} <= showcases
        assert db.session.get(Offer, ids["offer"]).rome_code == "D1102"
        db.session.remove()

        downgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            assert "job_title" not in {c["name"] for c in inspect(conn).get_columns("internship")}
            codes = {
                name: conn.execute(
                    select(column("rome_code"))
                    .select_from(table(name))
                    .where(column("id") == ids[name])
                ).scalar()
                for name, _c, _t in OLD_ROWS
            }
            assert codes == {"project_trade": "N1101", "offer": "D1102", "internship": "G1609"}
        db.engine.dispose()
