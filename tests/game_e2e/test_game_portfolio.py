"""End to end: the real game (its Game object, outbox and sender, headless) against a real
portfolio served on 127.0.0.1.

A trainee reads a one-time code in "Paramètres > Jeu"; the game plays a task offline, links
with the code through game/net, plays two more; the background sender delivers them. The
evidence shows up in the portfolio as game traces awaiting the referent; the referent
confirms one (a GAME assessment) and discards another; the game's journal brings both
decisions back. Unlinking in the portfolio makes the game ask to link again.
"""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import html
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pygame
import pytest
import requests
from sqlalchemy import create_engine, select
from werkzeug.serving import make_server

from dbtools import database_url
from game.app import Game, Options
from game.core.content import Catalogue
from game.core.framework import load_framework_view
from game.core.loader import load_catalogue, load_version
from game.core.session import TaskRun
from game.core.store import Store, open_store
from game.net.client import PortfolioClient, link_device
from game.net.sender import Sender

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"
CODE_RE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")


class LiveServer:
    def __init__(self, app: Any) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def portfolio_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from portfolio import create_app
    from portfolio.extensions import db
    from portfolio.models import Base
    from portfolio.services.frameworks import store_versions

    root = tmp_path_factory.mktemp("game_e2e")
    url = database_url(root, "game_e2e")
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "game-e2e",
            "UPLOAD_FOLDER": str(root / "uploads"),
            "LOGIN_RATE_LIMIT": "1000 per minute",
        }
    )
    with app.app_context():
        store_versions()
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def server(portfolio_app: Any) -> Iterator[LiveServer]:
    with LiveServer(portfolio_app) as live:
        yield live


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(
        ROOT / "assets" / "game" / "trades",
        load_framework_view(),
        version=load_version(ROOT / "assets" / "game" / "content.yaml"),
    )


@pytest.fixture
def people(portfolio_app: Any) -> dict[str, Any]:
    from portfolio.extensions import db
    from portfolio.models import Role
    from portfolio.services import accounts

    suffix = str(time.monotonic_ns())[-8:]
    with portfolio_app.app_context():
        site = accounts.create_site(f"jeu-{suffix}", "E2C Jeu")
        referent = accounts.create_user(
            login=f"claire{suffix}",
            password=PASSWORD,
            first_name="Claire",
            last_name="Morel",
            role=Role.REFERENT,
            site=site,
        )
        trainee = accounts.create_user(
            login=f"ines{suffix}",
            password=PASSWORD,
            first_name="Inès",
            last_name="Diallo",
            role=Role.TRAINEE,
            site=site,
        )
        accounts.assign_referent(trainee, referent)
        db.session.commit()
        return {
            "trainee_id": trainee.id,
            "trainee_login": trainee.login,
            "public_id": trainee.public_id,
            "referent_login": referent.login,
        }


def browser_login(base: str, login: str) -> requests.Session:
    """A person logging in with their browser (the form and its CSRF token)."""
    session = requests.Session()
    form = session.get(base + "/connexion", timeout=10).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    answer = session.post(
        base + "/connexion",
        data={"login": login, "password": PASSWORD, "csrf_token": token},
        timeout=10,
    )
    assert answer.ok and "Se déconnecter" in answer.text
    return session


def read(response: requests.Response) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.text)


def wait_until(check: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def play(run: TaskRun, *, perfectly: bool) -> None:
    """Play a sort task with the engine's own moves: every item right, or all in one pile."""
    engine = run.engine
    assert engine.kind == "sort"
    ids = [c.id for c in engine.categories]  # in the order the engine shows them
    for index, item in enumerate(engine.items):
        engine.select_item(index)
        engine.place(ids.index(item.category) if perfectly else 0)
    run.tick(42.0)
    assert engine.confirm()


def statuses(store: Store) -> dict[str, str]:
    return {row.id: row.status for row in store.journal()}


@pytest.mark.slow
def test_a_play_session_ends_as_evidence_the_referent_confirms(
    server: LiveServer,
    portfolio_app: Any,
    catalogue: Catalogue,
    people: dict[str, Any],
    tmp_path: Path,
) -> None:
    from portfolio.extensions import db
    from portfolio.models import (
        Assessment,
        AssessmentSource,
        GameStatement,
        Trace,
        TraceContext,
        TraceOrigin,
    )

    # The trainee opens Paramètres > Jeu and reads the code.
    trainee_browser = browser_login(server.url, people["trainee_login"])
    page = read(trainee_browser.get(server.url + "/parametres/jeu", timeout=10))
    code = CODE_RE.search(page).group(1)

    # The game starts unlinked, on its own save, with its background sender.
    home = tmp_path / "jeu"
    sender = Sender(lambda: open_store(home), poll_interval=0.3, journal_every=3600)
    game = Game(
        catalogue,
        load_framework_view(),
        open_store(home),
        Options(home=home, portfolio=server.url),
        surface=pygame.Surface((1280, 720)),
        sender=sender,
    )
    sender.start()
    watch = open_store(home)
    try:
        trade = catalogue.trade("D1507")
        tasks = {task.id: task for task in trade.tasks}

        # A first task is played before linking: kept in the outbox, without an actor.
        offline = game.new_run(trade, tasks["controler-dates"])
        play(offline, perfectly=True)
        game.record(offline, self_level=2)
        assert watch.counts()["local"] == 1

        # The trainee types the code (loosely) into the game: game/net links it.
        typed = code.lower().replace("-", " ")
        link = link_device(server.url, typed, "PC salle 2")
        assert link.display_name == "Inès"
        assert link.actor["account"]["name"] == people["public_id"]
        game.save_link(link)
        assert watch.counts()["local"] == 0

        # Two more tasks, played linked.
        second = game.new_run(trade, tasks["priorites"])
        play(second, perfectly=False)
        game.record(second, self_level=1)
        # A replay of the first task the same day, no better: kept in the game, not sent again.
        replay = game.new_run(trade, tasks["controler-dates"])
        play(replay, perfectly=False)
        assert replay.attempt == 2
        assert game.record(replay, self_level=None) is False
        kitchen = catalogue.trade("G1602")
        third = game.new_run(kitchen, {t.id: t for t in kitchen.tasks}["ranger-livraison"])
        play(third, perfectly=False)
        assert game.record(third, self_level=None) is True
        runs = [offline, second, third]
        ids = [run.outcome.statement_id for run in runs]

        # The sender delivers everything in the background.
        assert wait_until(lambda: watch.counts()["acknowledged"] == 3), watch.counts()
        assert watch.counts()["pending"] == 0 and watch.counts()["rejected"] == 0

        # In the portfolio: one game trace per task, awaiting the referent.
        with portfolio_app.app_context():
            stored = {
                s.statement_id: s
                for s in db.session.scalars(
                    select(GameStatement).where(GameStatement.user_id == people["trainee_id"])
                )
            }
            assert sorted(stored) == sorted(ids)
            traces = list(
                db.session.scalars(
                    select(Trace).where(Trace.trainee_id == people["trainee_id"]).order_by(Trace.id)
                )
            )
            assert len(traces) == 3
            assert all(
                t.origin is TraceOrigin.GAME and t.context is TraceContext.GAME for t in traces
            )
            for run in runs:
                trace = db.session.get(Trace, stored[run.outcome.statement_id].trace_id)
                assert trace.title == run.task.title
                assert {c.competency_id for c in trace.competencies} == {
                    ref.id for ref in run.task.competencies
                }
        page = read(trainee_browser.get(server.url + "/parametres/jeu", timeout=10))
        assert page.count("Observée dans le jeu, en attente de votre référent") == 3
        assert "Jeu · PC salle 2" in page
        assert "Contrôler les dates au rayon frais" in page

        # The referent confirms the first and discards the third.
        referent_browser = browser_login(server.url, people["referent_login"])
        review = read(referent_browser.get(server.url + "/referent/preuves-du-jeu", timeout=10))
        assert "3 preuves attendent votre décision." in review
        assert "Inès Diallo · Contrôler les dates au rayon frais" in review
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', review).group(1)
        with portfolio_app.app_context():
            first_pk = db.session.scalar(
                select(GameStatement.id).where(GameStatement.statement_id == ids[0])
            )
            third_pk = db.session.scalar(
                select(GameStatement.id).where(GameStatement.statement_id == ids[2])
            )
        done = referent_browser.post(
            f"{server.url}/referent/preuves-du-jeu/{first_pk}/confirmer",
            data={"csrf_token": csrf},
            timeout=10,
        )
        assert "Preuve confirmée : Contrôler les dates au rayon frais" in read(done)
        done = referent_browser.post(
            f"{server.url}/referent/preuves-du-jeu/{third_pk}/ecarter",
            data={
                f"s{third_pk}-csrf_token": csrf,
                f"s{third_pk}-reason": "Tout est dans la même pile : on en parle demain.",
            },
            timeout=10,
        )
        assert "Preuve écartée" in read(done)
        assert "1 preuve attend votre décision." in read(done)
        with portfolio_app.app_context():
            assessments = list(
                db.session.scalars(
                    select(Assessment).where(Assessment.trainee_id == people["trainee_id"])
                )
            )
            assert {a.competency_id for a in assessments} == {
                ref.id for ref in offline.task.competencies
            }
            assert all(a.source is AssessmentSource.GAME for a in assessments)
            assert all(
                a.level == offline.outcome.level == 1 for a in assessments
            )  # sort: level 1 at most

        # The journal (GET) brings the decisions back to the game.
        client = PortfolioClient(link.base_url, link.token)
        journal = client.journal_page()
        assert journal.status == 200
        by_id = {e["id"]: e for e in journal.body["statements"]}
        assert [by_id[i]["status"] for i in ids] == ["confirmed", "pending", "discarded"]
        assert by_id[ids[2]]["reason"].startswith("Tout est dans la même pile")
        sender.request_journal()
        assert wait_until(
            lambda: [statuses(watch)[i] for i in ids] == ["confirmed", "acknowledged", "discarded"]
        ), statuses(watch)

        # A resend after a crash is a duplicate: nothing is stored twice.
        again = client.post_statements([row.body for row in watch.journal()])
        assert again.status == 200
        assert again.body["stored"] == [] and sorted(again.body["duplicates"]) == sorted(ids)

        # Unlinking in the portfolio: the game is refused and asks to link again.
        settings = read(trainee_browser.get(server.url + "/parametres/jeu", timeout=10))
        action = re.search(r'action="(/parametres/jeu/appareils/\d+/delier)"', settings).group(1)
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', settings).group(1)
        unlinked = trainee_browser.post(server.url + action, data={"csrf_token": csrf}, timeout=10)
        assert "Le jeu est délié de cet appareil" in read(unlinked)
        later = game.new_run(trade, tasks["priorites"])
        play(later, perfectly=True)
        game.record(later, self_level=2)
        assert wait_until(lambda: watch.profile().relink_needed)
        assert watch.counts()["pending"] == 1  # kept, to send after the next link
        with portfolio_app.app_context():
            assert (
                db.session.scalar(
                    select(GameStatement.id).where(
                        GameStatement.statement_id == later.outcome.statement_id
                    )
                )
                is None
            )
    finally:
        watch.close()
        game.close()
