"""Two app servers that share nothing but PostgreSQL, one bucket and one Redis.

Two gunicorn masters (two workers each, their own instance folders and ports) run the real
start-up command, configured by environment variables only. A trainee, a referent, a company
and a tutor act with requests that alternate between the servers, with CSRF on (a form got
from one server is posted to the other, as behind a load balancer), and find the same state:
the trainee's home and portfolio (kept in memory by each worker, keyed by a version read from
the database), logout and password change (the cookie reused on the other server is logged
out), the login limit (exact across both), one-time links (used on one, refused on the
other, and only one of two racing submissions stored), and photos (sent to one, served by
the other).

PostgreSQL is required, never skipped (tests/ops_servers.py says which one and why).
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from builders_company import make_partner, publish_trainee
from builders_referent import make_internship
from builders_traces import jpeg_bytes
from ops_servers import Gunicorn, csrf_token, postgres_url
from sqlalchemy import func, select

from builders import PASSWORD, make_site, make_user
from portfolio import create_app
from portfolio.extensions import db
from portfolio.internships import services as internships
from portfolio.models import Role, Trace, TracePhoto, User

# One pair of servers: every test of this module runs in the same pytest worker.
pytestmark = [pytest.mark.postgresql, pytest.mark.xdist_group("two-servers")]

NEW_PASSWORD = "velo-nuage-citron-42"


@pytest.fixture(scope="module")
def network(
    tmp_path_factory: pytest.TempPathFactory, s3_server: Any, redis_url: str
) -> Iterator[dict[str, Any]]:
    """Both servers, and an app of this process on the same database and bucket (builders)."""
    folder = tmp_path_factory.mktemp("two-servers")
    prefix = f"two-{uuid.uuid4().hex}"
    env = {
        "DATABASE_URL": postgres_url("twoservers"),
        "SECRET_KEY": "one-secret-for-every-server",
        "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_KEY_PREFIX": prefix,
        "STORAGE_URL": f"s3://{s3_server.bucket}/{prefix}",
        "S3_ENDPOINT_URL": s3_server.endpoint_url,
        "AWS_ACCESS_KEY_ID": s3_server.access_key,
        "AWS_SECRET_ACCESS_KEY": s3_server.secret_key,
        "AWS_REGION": "us-east-1",
    }
    servers = [Gunicorn(name, folder / name, env).start() for name in ("a", "b")]
    try:
        for server in servers:
            server.wait_until_ready()
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"],
                "SECRET_KEY": env["SECRET_KEY"],
                **s3_server.config(env["STORAGE_URL"]),
            }
        )
        with app.app_context():
            yield {"a": servers[0].url, "b": servers[1].url, "redis": redis_url, "prefix": prefix}
            db.session.remove()
            db.engine.dispose()
    finally:
        for server in servers:
            server.stop()


@pytest.fixture(autouse=True)
def _app_context() -> None:
    """Not the suite's app on its own database: the module's app (``network``) is the one."""


@pytest.fixture(autouse=True)
def fresh_counts(network: dict[str, Any]) -> None:
    """Every login of this module comes from 127.0.0.1: start each test with no count."""
    import redis

    client = redis.Redis.from_url(network["redis"])
    keys = list(client.scan_iter(f"*{network['prefix']}*"))
    if keys:
        client.delete(*keys)
    client.close()


class Browser(requests.Session):
    """One person's browser; every call names the server it reaches."""

    def __init__(self, network: dict[str, Any]) -> None:
        super().__init__()
        self.servers = network

    def get_page(self, server: str, path: str, **kwargs: Any) -> requests.Response:
        return self.get(self.servers[server] + path, timeout=20, **kwargs)

    def send_form(
        self, server: str, path: str, data: dict[str, Any], *, form_on: str | None = None, **kw: Any
    ) -> requests.Response:
        """Get the form on ``form_on`` (the other server by default), post it to ``server``."""
        other = form_on or ("b" if server == "a" else "a")
        page = self.get_page(other, path)
        assert page.status_code == 200, (path, page.status_code)
        data = {**data, "csrf_token": csrf_token(page.text)}
        return self.post(
            self.servers[server] + path, data=data, timeout=20, allow_redirects=False, **kw
        )

    def log_in(self, server: str, user: User, password: str = PASSWORD) -> None:
        response = self.send_form(server, "/connexion", {"login": user.login, "password": password})
        assert response.status_code == 302, text_of(response)[:1500]

    def logged_in_on(self, server: str) -> bool:
        response = self.get_page(server, "/", allow_redirects=False)
        return not (
            response.status_code == 302 and "/connexion" in response.headers.get("Location", "")
        )


def text_of(response: requests.Response) -> str:
    import html

    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text)))


def new_trace(browser: Browser, server: str, title: str, *photos: bytes) -> requests.Response:
    files = [("photos", (f"photo{n}.jpg", data, "image/jpeg")) for n, data in enumerate(photos)]
    data = {
        "title": title,
        "happened_on": "2026-11-12",
        "context": "workshop",
        "company_name": "",
        "body": "J'ai préparé le repas avec mon groupe.",
        "competencies": ["E2C-1A"],
        "links": "",
        "caption": "",
        "action": "complete",
    }
    response = browser.send_form(server, "/portfolio/traces/nouvelle", data, files=files or None)
    assert response.status_code == 302, text_of(response)[:800]
    return response


# --------------------------------------------------------------------------- the same state


def test_a_trace_added_on_one_server_shows_at_once_on_the_other(network):
    site = make_site()
    referent = make_user(Role.REFERENT, site=site)
    trainee = make_user(Role.TRAINEE, site=site, referent=referent)
    lea, claire = Browser(network), Browser(network)
    lea.log_in("a", trainee)
    claire.log_in("b", referent)
    # Every worker of B builds and keeps the summary ("Ma page", the home's longer part) and
    # the portfolio list of "no trace yet".
    for _ in range(6):
        assert "Pas encore de trace" in text_of(lea.get_page("b", "/ma-page"))
        lea.get_page("b", "/portfolio/")

    new_trace(lea, "a", "Atelier pain aux céréales")

    for _ in range(6):  # whichever worker of B answers
        home = text_of(lea.get_page("b", "/ma-page"))
        assert "Atelier pain aux céréales" in home and "1 trace en tout" in home
        assert "Atelier pain aux céréales" in text_of(lea.get_page("b", "/portfolio/"))
    # The referent, on the other server, sees it in the trainee's file.
    file = claire.get_page("a", f"/referent/stagiaires/{trainee.id}")
    assert "Atelier pain aux céréales" in text_of(file)


def test_a_photo_sent_to_one_server_is_served_by_the_other(network):
    trainee = make_user(Role.TRAINEE)
    lea = Browser(network)
    lea.log_in("b", trainee)

    new_trace(lea, "a", "Tarte aux pommes", jpeg_bytes(320, 240, seed=3))

    db.session.rollback()
    photo = db.session.scalars(
        select(TracePhoto).join(Trace).where(Trace.trainee_id == trainee.id)
    ).one()
    on_a = lea.get_page("a", f"/photos/{photo.id}")
    on_b = lea.get_page("b", f"/photos/{photo.id}")
    assert on_b.status_code == 200 and on_b.headers["Content-Type"] == "image/jpeg"
    assert on_b.content == on_a.content and on_b.content[:2] == b"\xff\xd8"
    # Someone else gets the same answer as for a photo that does not exist, on both.
    other = Browser(network)
    other.log_in("a", make_user(Role.TRAINEE))
    assert other.get_page("b", f"/photos/{photo.id}").status_code == 404


def test_a_company_sees_a_showcase_withdrawn_on_the_other_server_disappear(network):
    site = make_site()
    published = publish_trainee(site, login="ines.showcase")
    company = make_partner(site)
    ines, boss = Browser(network), Browser(network)
    ines.log_in("a", published.trainee)
    boss.log_in("b", company)
    path = f"/entreprise/vitrines/{published.showcase.id}"
    assert boss.get_page("a", path).status_code == 200
    assert boss.get_page("b", path).status_code == 200

    token = csrf_token(ines.get_page("a", "/").text)
    gone = ines.post(
        network["b"] + "/vitrine/retirer",
        data={"csrf_token": token},
        timeout=20,
        allow_redirects=False,
    )
    assert gone.status_code == 302

    assert boss.get_page("a", path).status_code == 404
    assert boss.get_page("b", path).status_code == 404


# --------------------------------------------------------------------------- sessions


def test_a_cookie_kept_after_logout_is_refused_by_the_other_server(network):
    trainee = make_user(Role.TRAINEE)
    lea = Browser(network)
    lea.log_in("a", trainee)
    kept = requests.utils.dict_from_cookiejar(lea.cookies)
    assert lea.logged_in_on("b")

    token = csrf_token(lea.get_page("b", "/").text)
    out = lea.post(network["b"] + "/deconnexion", data={"csrf_token": token}, timeout=20)
    assert "Vous êtes déconnecté(e)." in text_of(out)

    thief = Browser(network)
    thief.cookies.update(kept)
    assert not thief.logged_in_on("a")
    assert not thief.logged_in_on("b")


def test_a_password_changed_on_one_server_logs_the_other_devices_out_everywhere(network):
    trainee = make_user(Role.TRAINEE)
    phone, computer = Browser(network), Browser(network)
    phone.log_in("a", trainee)
    computer.log_in("b", trainee)

    changed = phone.send_form(
        "a",
        "/mot-de-passe",
        {"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert changed.status_code == 302

    assert phone.logged_in_on("b") and phone.logged_in_on("a")  # the device that changed it
    assert not computer.logged_in_on("b")
    assert not computer.logged_in_on("a")
    computer.log_in("b", trainee, NEW_PASSWORD)
    assert computer.logged_in_on("a")


# --------------------------------------------------------------------------- rate limits


def test_the_login_limit_counts_both_servers_together(network):
    make_user(Role.TRAINEE, login="lea.limit")
    browser = Browser(network)
    statuses = []
    for n in range(11):
        response = browser.send_form(
            "ab"[n % 2], "/connexion", {"login": "lea.limit", "password": "pas-le-bon"}
        )
        statuses.append(response.status_code)
        if n < 10:
            assert "Identifiant ou mot de passe incorrect." in text_of(response)
    assert statuses == [200] * 10 + [429]
    refused = text_of(browser.send_form("a", "/connexion", {"login": "x", "password": "y"}))
    assert "Trop d'essais. Attendez une minute, puis réessayez." in refused


# --------------------------------------------------------------------------- one-time links


def _tutor_link() -> tuple[str, int]:
    site = make_site()
    referent = make_user(Role.REFERENT, site=site)
    trainee = make_user(Role.TRAINEE, site=site, referent=referent)
    internship = make_internship(referent, trainee)
    _link, token = internships.create_tutor_link(referent, internship)
    db.session.commit()
    return token, trainee.id


def _tutor_levels() -> dict[str, str]:
    return {"level-E2C-1A": "3", "level-E2C-2A": "2"}


def _tutor_assessments(trainee_id: int) -> int:
    from portfolio.models import Assessment

    db.session.rollback()
    return db.session.scalar(
        select(func.count()).select_from(Assessment).where(Assessment.trainee_id == trainee_id)
    )


def test_a_tutor_link_used_on_one_server_is_refused_on_the_other(network):
    token, trainee_id = _tutor_link()
    tutor = Browser(network)

    done = tutor.send_form("a", f"/tuteur/{token}", _tutor_levels(), form_on="b")
    assert done.status_code == 200 and "Merci" in text_of(done)

    again = tutor.get_page("b", f"/tuteur/{token}")
    assert again.status_code == 410
    assert _tutor_assessments(trainee_id) == 2


def test_two_submissions_racing_on_both_servers_store_one(network):
    token, trainee_id = _tutor_link()
    tutors = [Browser(network), Browser(network)]
    forms = [
        {**_tutor_levels(), "csrf_token": csrf_token(t.get_page(s, f"/tuteur/{token}").text)}
        for t, s in zip(tutors, "ab", strict=True)
    ]
    start = threading.Barrier(2)
    answers: dict[str, int] = {}

    def submit(tutor: Browser, server: str, form: dict[str, str]) -> None:
        start.wait()
        response = tutor.post(f"{network[server]}/tuteur/{token}", data=form, timeout=20)
        answers[server] = response.status_code

    threads = [
        threading.Thread(target=submit, args=(t, s, f))
        for t, s, f in zip(tutors, "ab", forms, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(answers.values()) == [200, 410]
    assert _tutor_assessments(trainee_id) == 2


def test_both_servers_are_ready_and_say_so(network):
    for server in "ab":
        response = requests.get(network[server] + "/sante/pret", timeout=10)
        assert response.json() == {
            "status": "ok",
            "parts": {"database": "ok", "storage": "ok", "redis": "ok"},
        }
