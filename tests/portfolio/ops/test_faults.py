"""Faults: the database restarts, the object store stops, Redis stops. Each time the person
reads a plain French sentence, nothing already saved is lost, nothing is half saved, and the
service works again by itself once the part is back.

- PostgreSQL (always, never skipped; tests/ops_servers.py says which one): its server
  process for our connections is ended by ``pg_terminate_backend`` from another connection,
  which is what a restart or a failover does to them: between two requests, and in the
  middle of a write (at the exact statement, by an engine hook, not by timing).
- The object store (SeaweedFS) and Redis are reached through a relay that the test cuts
  (refused connections, open sockets dropped) and restores on the same port: the app,
  configured once, must find them back by itself.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from builders_traces import counts, form_data, jpeg_bytes, make_trace
from ops_servers import FaultyLink, postgres_url
from s3server import S3Server
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import make_url

from builders import PASSWORD, make_user, page_text
from portfolio import create_app
from portfolio.extensions import db
from portfolio.models import Base, Role, Trace

STORE_DOWN = "Les photos ne peuvent pas être enregistrées pour le moment."
NOT_SAVED = (
    "Le service ne répond pas pour le moment. Ce que vous avez envoyé n'est pas enregistré : "
    "réessayez dans quelques minutes."
)


def _empty(app: Any) -> None:
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())


def _log_in(client: Any, login: str) -> None:
    response = client.post("/connexion", data={"login": login, "password": PASSWORD})
    assert response.status_code == 302, page_text(response)[:400]


def _new_trace(client: Any, title: str, *photos: bytes) -> Any:
    import io

    files = [(io.BytesIO(data), f"photo{n}.jpg") for n, data in enumerate(photos)]
    return client.post(
        "/portfolio/traces/nouvelle",
        data={**form_data(title=title), "photos": files},
        content_type="multipart/form-data",
    )


# --------------------------------------------------------------------------- PostgreSQL


@pytest.fixture(scope="module")
def pg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """An app on its own PostgreSQL schema; its connections carry a name of their own, so
    the test ends them and no one else's (the server is shared)."""
    name = f"e2c-faults-{uuid.uuid4().hex[:8]}"
    url = make_url(postgres_url("faults")).update_query_dict({"application_name": name})
    rendered = url.render_as_string(hide_password=False)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "faults",
            "SQLALCHEMY_DATABASE_URI": rendered,  # engine options: the production default
            "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": "localhost",
        }
    )
    admin = create_engine(url.difference_update_query(["options", "application_name"]))
    yield {"app": app, "admin": admin, "name": name}
    admin.dispose()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def pg_app(pg: dict[str, Any]) -> Iterator[Any]:
    yield pg["app"]
    _empty(pg["app"])


@pytest.fixture(autouse=True)
def _app_context() -> None:
    """Requests here run as in production, each in its own context (no suite app pushed)."""


def _end_connections(pg: dict[str, Any], pid: int | None = None) -> int:
    """What a PostgreSQL restart does to the app's connections: their server processes end."""
    with pg["admin"].begin() as conn:
        ended = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = :name AND (:pid = 0 OR pid = :pid)"
            ),
            {"name": pg["name"], "pid": pid or 0},
        ).scalar_one()
    return int(ended)


def _traces(app: Any) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Trace.title).order_by(Trace.id)))


@pytest.mark.postgresql
def test_after_the_database_restarts_the_next_request_works(pg, pg_app):
    with pg_app.app_context():
        trainee = make_user(Role.TRAINEE)
        make_trace(trainee, title="Atelier menuiserie")
        login = trainee.login
    client = pg_app.test_client()
    _log_in(client, login)
    assert "Atelier menuiserie" in page_text(client.get("/ma-page"))

    assert _end_connections(pg) >= 1  # the pooled connections are dead now

    home = client.get("/ma-page")
    assert home.status_code == 200
    assert "Atelier menuiserie" in page_text(home)
    assert _new_trace(client, "Atelier peinture").status_code == 302
    assert _traces(pg_app) == ["Atelier menuiserie", "Atelier peinture"]


@pytest.mark.postgresql
def test_a_write_cut_by_a_database_restart_saves_nothing_and_says_so(pg, pg_app):
    with pg_app.app_context():
        trainee = make_user(Role.TRAINEE)
        make_trace(trainee, title="Atelier menuiserie")
        before = counts()
        engine = db.engine
        login = trainee.login
    client = pg_app.test_client()
    _log_in(client, login)

    cut = {"done": False}

    def restart_now(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        # The trace row is written; its competencies come next: the restart falls in between.
        if not cut["done"] and statement.lstrip().upper().startswith("INSERT INTO TRACE_COMP"):
            cut["done"] = True
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
            assert _end_connections(pg, pid) == 1

    event.listen(engine, "before_cursor_execute", restart_now)
    try:
        response = _new_trace(client, "Atelier peinture", jpeg_bytes(seed=4))
    finally:
        event.remove(engine, "before_cursor_execute", restart_now)

    assert cut["done"]
    assert response.status_code == 503
    assert NOT_SAVED in page_text(response)
    with pg_app.app_context():
        assert counts() == before  # not half saved, and the earlier trace is still there
    assert _traces(pg_app) == ["Atelier menuiserie"]
    # The person sends the form again: it works, once.
    assert _new_trace(client, "Atelier peinture", jpeg_bytes(seed=4)).status_code == 302
    assert _traces(pg_app) == ["Atelier menuiserie", "Atelier peinture"]


@pytest.mark.postgresql
def test_the_api_says_503_in_json_when_the_database_drops_a_write(pg, pg_app):
    from builders_api import bearer, make_token

    with pg_app.app_context():
        trainee = make_user(Role.TRAINEE)
        token = make_token(trainee)
        engine = db.engine
    client = pg_app.test_client()

    def restart_now(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO TRACE "):
            _end_connections(pg, conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())

    event.listen(engine, "before_cursor_execute", restart_now)
    try:
        response = client.post(
            "/api/v1/traces",
            json={"title": "Atelier", "status": "complete", "happened_on": "2026-11-02",
                  "context": "workshop", "body": "J'ai fait un meuble.",
                  "competencies": [{"id": "E2C-1A"}]},
            headers=bearer(token),
        )  # fmt: skip
    finally:
        event.remove(engine, "before_cursor_execute", restart_now)

    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "unavailable"
    assert _traces(pg_app) == []


@pytest.mark.postgresql
def test_while_the_database_is_unreachable_pages_say_so_then_it_recovers_alone(
    pg, pg_app, tmp_path
):
    with pg_app.app_context():
        trainee = make_user(Role.TRAINEE)
        make_trace(trainee, title="Atelier menuiserie")
        login = trainee.login
        direct = db.engine.url
    link = FaultyLink((direct.host or "127.0.0.1", direct.port or 5432)).up()
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "faults",
            "SQLALCHEMY_DATABASE_URI": direct.set(port=link.port).render_as_string(
                hide_password=False
            ),
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": "localhost",
        }
    )
    client = app.test_client()
    try:
        _log_in(client, login)
        link.down()
        home = client.get("/")
        sent = _new_trace(client, "Atelier peinture")
        ready = app.test_client().get("/sante/pret")  # the load balancer: no cookie
        link.up()
        back = client.get("/ma-page")
    finally:
        link.down()
        with app.app_context():
            db.engine.dispose()

    assert home.status_code == 503
    assert "Le service ne répond pas pour le moment. Réessayez dans quelques minutes." in (
        page_text(home)
    )
    assert sent.status_code == 503 and NOT_SAVED in page_text(sent)
    assert ready.status_code == 503 and ready.get_json()["parts"]["database"] == "down"
    assert back.status_code == 200 and "Atelier menuiserie" in page_text(back)
    assert _traces(pg_app) == ["Atelier menuiserie"]


# --------------------------------------------------------------------------- object store


@pytest.fixture
def store_link(s3_server: S3Server) -> Iterator[FaultyLink]:
    endpoint = urlsplit(s3_server.endpoint_url)
    link = FaultyLink((endpoint.hostname or "127.0.0.1", endpoint.port or 80)).up()
    yield link
    link.down()


def test_the_object_store_stops_during_an_upload_then_comes_back(
    app, client, s3_server, store_link
):
    relayed = S3Server(f"http://{store_link.address}", bucket=s3_server.bucket)
    app.config.update(relayed.config(f"s3://{s3_server.bucket}/faults{uuid.uuid4().hex}"))
    trainee = make_user(Role.TRAINEE)
    _log_in(client, trainee.login)
    assert _new_trace(client, "Gâteau au chocolat", jpeg_bytes(seed=1)).status_code == 302
    photo = db.session.scalars(select(Trace)).one().photos[0]
    saved = client.get(f"/photos/{photo.id}").data
    before = counts()

    store_link.down()
    refused = _new_trace(client, "Tarte au citron", jpeg_bytes(seed=2))
    shown = client.get(f"/photos/{photo.id}")
    ready = client.get("/sante/pret")

    assert refused.status_code == 422
    text = page_text(refused)
    assert STORE_DOWN in text and "Rien n'a été enregistré." in text
    assert counts() == before
    assert shown.status_code == 503
    assert "ne sont pas disponibles pour le moment" in page_text(shown)
    assert ready.status_code == 503 and ready.get_json()["parts"]["storage"] == "down"

    store_link.up()
    assert _new_trace(client, "Tarte au citron", jpeg_bytes(seed=2)).status_code == 302
    assert client.get(f"/photos/{photo.id}").data == saved  # nothing saved before was lost
    assert counts()["TracePhoto"] == 2
    assert client.get("/sante/pret").status_code == 200


# --------------------------------------------------------------------------- Redis


@pytest.fixture
def redis_link(redis_url: str) -> Iterator[FaultyLink]:
    where = urlsplit(redis_url)
    link = FaultyLink((where.hostname or "127.0.0.1", where.port or 6379)).up()
    yield link
    link.down()


@pytest.fixture
def redis_app(db_url: str, tmp_path: Any, redis_link: FaultyLink) -> Iterator[Any]:
    prefix = f"faults-{uuid.uuid4().hex}"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "faults",
            "SQLALCHEMY_DATABASE_URI": db_url,
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": "localhost",
            "RATELIMIT_STORAGE_URI": f"redis://{redis_link.address}/0",
            "RATELIMIT_KEY_PREFIX": prefix,
        }
    )
    app.config["prefix"] = prefix
    yield app
    _empty(app)


def _redis_keys(redis_url: str, prefix: str) -> int:
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        return len(list(client.scan_iter(f"*{prefix}*")))
    finally:
        client.close()


def test_redis_stops_the_login_still_works_and_the_counts_go_back_to_redis(
    redis_app, redis_link, redis_url
):
    with redis_app.app_context():
        trainee = make_user(Role.TRAINEE)
        make_trace(trainee, title="Atelier cuisine")
        login = trainee.login
    client = redis_app.test_client()
    wrong = {"login": login, "password": "pas-le-bon"}
    assert "Identifiant ou mot de passe incorrect." in page_text(
        client.post("/connexion", data=wrong)
    )
    assert _redis_keys(redis_url, redis_app.config["prefix"]) > 0  # counted in Redis

    redis_link.down()
    started = time.monotonic()
    refused = client.post("/connexion", data=wrong)
    ready = client.get("/sante/pret")
    _log_in(client, login)
    home = client.get("/ma-page")

    assert time.monotonic() - started < 5  # short time-outs: the pages do not hang
    assert "Identifiant ou mot de passe incorrect." in page_text(refused)
    assert ready.status_code == 503 and ready.get_json()["parts"]["redis"] == "down"
    assert "Atelier cuisine" in page_text(home)

    redis_link.up()
    with redis_app.app_context():
        db.session.remove()
        redis_keys_before = _redis_keys(redis_url, redis_app.config["prefix"])
    other = redis_app.test_client()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # the limiter retries Redis after a growing delay
        other.post("/connexion", data={"login": "quelquun", "password": "x"})
        if _redis_keys(redis_url, redis_app.config["prefix"]) > redis_keys_before:
            break
        time.sleep(0.5)
    else:
        pytest.fail("the login counts did not go back to Redis within 20 s")
    assert client.get("/sante/pret").status_code == 200
