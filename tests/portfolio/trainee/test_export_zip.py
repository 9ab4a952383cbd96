"""The portfolio the trainee keeps (/mon-suivi/export.zip): an offline site whose links all
resolve inside the ZIP, the stored photo and recording bytes, the JSON and xAPI data, the PDFs
and badges; only the trainee's own things, and only the trainee may download it."""

from __future__ import annotations

import io
import json
import zipfile
from html.parser import HTMLParser
from posixpath import normpath
from typing import Any

import pytest
from audio import samples
from builders_referent import COMP_A, COMP_C, make_level, make_note, team
from builders_traces import make_trace

from builders import counting_queries, login, make_user
from portfolio.exits.services import attestations as aca
from portfolio.exits.services.exits import ExitInput, record_exit
from portfolio.extensions import db
from portfolio.models import AssessmentSource, Role
from portfolio.trainee import services as traces

URL = "/mon-suivi/export.zip"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"href", "src"} and value:
                self.targets.append(value)


def _links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.targets


@pytest.fixture
def world(app: Any) -> dict[str, Any]:
    site, referent, trainee = team()
    site.director_name = "Hélène Garnier"
    trace = make_trace(trainee, title="Le repas du midi", photos=2)
    traces.attach_trace_recording(trainee, trace, samples.wav(1.0))
    make_trace(trainee, title="Sans photo")
    make_level(trainee, COMP_A, 3, source=AssessmentSource.REFERENT, author=referent)
    make_level(trainee, COMP_C, 2, source=AssessmentSource.SELF, author=trainee)
    make_note(referent, trainee, visibility="shared", observed="Très bon accueil des clients.")
    make_note(referent, trainee, visibility="team", observed="Fatigué, à surveiller.")
    record_exit(referent, trainee, ExitInput(left_on=trainee.created_at.date(), outcome="cdi"))
    db.session.commit()
    draft = aca.prepare(referent, trainee)
    aca.review(trainee, draft, agreed=True, comment="")
    aca.finalize(referent, draft)
    other = make_user(Role.TRAINEE, site=site, referent=referent)
    make_trace(other, title="Secret de l'autre", photos=1)
    make_note(referent, other, visibility="shared", observed="Note de l'autre stagiaire.")
    db.session.commit()
    return {"trainee": trainee, "trace": trace, "other": other}


def _download(client: Any, user: Any) -> zipfile.ZipFile:
    login(client, user)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "mon-portfolio-e2c.zip" in response.headers["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.get_data()))


def test_the_zip_holds_the_site_the_data_the_pdfs_and_the_badges(client, world):
    archive = _download(client, world["trainee"])
    names = set(archive.namelist())
    pages = {"index.html", "traces.html", "competences.html", "notes.html", "bilans.html"}
    assert pages | {"attestation.html", "style.css", "portfolio.pdf", "attestation.pdf"} <= names
    assert {"donnees/portfolio.json", "donnees/xapi.json"} <= names
    assert any(n.startswith("badges/") and n.endswith(".jwt") for n in names)
    assert archive.read("portfolio.pdf").startswith(b"%PDF")
    assert archive.read("attestation.pdf").startswith(b"%PDF")
    token = next(archive.read(n) for n in names if n.endswith(".jwt"))
    assert token.count(b".") == 2  # a compact JWS


def test_every_link_of_every_page_opens_a_file_of_the_zip(client, world):
    archive = _download(client, world["trainee"])
    names = set(archive.namelist())
    pages = [n for n in names if n.endswith(".html")]
    targets = {t for page in pages for t in _links(archive.read(page).decode())}
    assert "style.css" in targets and "portfolio.pdf" in targets
    assert any(t.startswith("photos/") for t in targets)
    assert any(t.startswith("enregistrements/") for t in targets)
    for target in targets:
        assert "://" not in target and not target.startswith("/"), target
        assert normpath(target.split("#")[0]) in names, target


def test_photos_and_recording_are_the_stored_bytes(client, world, app):
    archive = _download(client, world["trainee"])
    trace = world["trace"]
    storage = traces.photo_storage()
    photos = [n for n in archive.namelist() if n.startswith("photos/")]
    assert len(photos) == 2
    for photo in trace.photos:
        assert archive.read(f"photos/trace-{trace.id}-photo-{photo.id}.jpg") == storage.get(
            photo.display_key
        )
    assert archive.read(f"enregistrements/trace-{trace.id}.ogg") == storage.get(
        trace.recording.storage_key
    )
    page = archive.read("traces.html").decode()
    assert "Le repas du midi" in page and "Photo 1" in page


def test_nothing_of_another_trainee_and_team_notes_stay_out_of_the_pages(client, world):
    archive = _download(client, world["trainee"])
    everything = b"".join(archive.read(n) for n in archive.namelist())
    assert b"Secret de l'autre" not in everything
    assert b"Note de l'autre stagiaire" not in everything
    assert "Très bon accueil des clients." in archive.read("notes.html").decode()
    assert "Fatigué" not in archive.read("notes.html").decode()
    data = json.loads(archive.read("donnees/portfolio.json"))
    assert data["format"] == "e2c-portfolio-export/1"
    assert {t["title"] for t in data["traces"]} == {"Le repas du midi", "Sans photo"}


def test_xapi_statements_have_the_required_fields_and_stable_ids(client, world):
    first = json.loads(_download(client, world["trainee"]).read("donnees/xapi.json"))
    second = json.loads(_download(client, world["trainee"]).read("donnees/xapi.json"))
    assert [s["id"] for s in first] == [s["id"] for s in second]
    assert len({s["id"] for s in first}) == len(first) == 2 + 2  # 2 traces, 2 levels
    verbs = {s["verb"]["id"] for s in first}
    assert verbs == {
        "http://adlnet.gov/expapi/verbs/completed",
        "http://adlnet.gov/expapi/verbs/scored",
    }
    trainee = world["trainee"]
    for s in first:
        assert {"id", "actor", "verb", "object", "timestamp"} <= s.keys()
        assert s["actor"]["account"]["name"] == trainee.public_id
        assert "mbox" not in s["actor"] and "name" not in s["actor"]
        assert s["object"]["id"].startswith("http")
        assert s["timestamp"].endswith("Z") or "+" in s["timestamp"]
    scored = [s for s in first if s["verb"]["id"].endswith("scored")]
    assert {s["result"]["score"]["raw"] for s in scored} == {3, 2}


@pytest.mark.parametrize("role", [Role.REFERENT, Role.ADMIN, Role.COMPANY])
def test_only_a_trainee_downloads_a_portfolio(client, world, role):
    login(client, make_user(role))
    assert client.get(URL).status_code in {403, 404}


def test_the_other_trainee_gets_only_their_own(client, world):
    archive = _download(client, world["other"])
    data = json.loads(archive.read("donnees/portfolio.json"))
    assert [t["title"] for t in data["traces"]] == ["Secret de l'autre"]
    assert "attestation.pdf" not in archive.namelist()


def test_queries_do_not_grow_with_traces_and_photos(client, world):
    trainee = world["trainee"]
    login(client, trainee)
    with counting_queries() as few:
        assert client.get(URL).status_code == 200
    for n in range(4):
        make_trace(trainee, title=f"Encore {n}", photos=1)
    with counting_queries() as more:
        assert client.get(URL).status_code == 200
    assert len(more) == len(few)
