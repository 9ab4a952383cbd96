"""Web Push, sent to a REAL local HTTP server acting as the browser's push service: it
receives the encrypted message, which the test decrypts with the subscription's private
key (as the phone would); a 410 answer deletes the subscription. Bad subscriptions change
nothing; without VAPID keys push is off and its button hidden."""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import func, select

from builders import login, make_user, page_text
from portfolio.extensions import db
from portfolio.models import PushSubscription, Role
from portfolio.pwa.services import push


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PushService:
    """A push service on 127.0.0.1: records each POST, answers ``status``."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict[str, str], bytes]] = []
        self.status = 201
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                service.received.append(
                    (self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
                self.send_response(service.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Browser:
    """What a browser keeps for a subscription: its private key and the auth secret."""

    def __init__(self, endpoint: str) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        public = self.key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        self.json = {"endpoint": endpoint, "keys": {"p256dh": b64(public), "auth": b64(self.auth)}}

    def decrypt(self, body: bytes) -> dict[str, str]:
        plain = http_ece.decrypt(
            body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)


@pytest.fixture
def service() -> Iterator[PushService]:
    server = PushService()
    yield server
    server.close()


@pytest.fixture
def push_on(app):
    private, public = push.new_vapid_keys()
    app.config.update(
        WEBPUSH_VAPID_PRIVATE_KEY=private,
        WEBPUSH_VAPID_PUBLIC_KEY=public,
        WEBPUSH_ALLOW_HTTP=True,
        WEBPUSH_ALLOWED_HOSTS=("127.0.0.1",),
        WEBPUSH_CONTACT="mailto:equipe@e2c.example",
    )
    return public


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(PushSubscription)) or 0


def test_a_notification_reaches_the_phone_encrypted_and_signed(client, push_on, service):
    user = make_user(Role.TRAINEE)
    login(client, user)
    page = page_text(client.get("/parametres"))
    assert "Recevoir les notifications sur ce téléphone" in page
    browser = Browser(service.url + "/push/abc123")
    answer = client.post("/notifications/abonnement", json=browser.json)
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["message"] == "Ce téléphone recevra vos notifications."

    result = push.push_to_user(user.id, "Nouveau message", "Votre référente a écrit.", "/nouveau")
    db.session.commit()
    assert result == push.PushResult(sent=1)
    path, headers, body = service.received[-1]
    assert path == "/push/abc123"
    assert headers["content-encoding"] == "aes128gcm"
    assert int(headers["ttl"]) == push.TTL_SECONDS
    assert b"Nouveau message" not in body  # encrypted for this browser alone
    assert browser.decrypt(body) == {
        "title": "Nouveau message",
        "body": "Votre référente a écrit.",
        "url": "/nouveau",
    }
    # Signed with our VAPID key, for this push service.
    scheme, _, params = headers["authorization"].partition(" ")
    fields = dict(p.strip().split("=", 1) for p in params.split(","))
    assert scheme == "vapid" and fields["k"] == push_on
    claims = json.loads(unb64(fields["t"].split(".")[1]))
    assert claims["aud"] == service.url and claims["sub"] == "mailto:equipe@e2c.example"


def test_a_forgotten_subscription_is_deleted_other_failures_kept(client, push_on, service):
    user = make_user(Role.TRAINEE)
    login(client, user)
    client.post("/notifications/abonnement", json=Browser(service.url + "/a").json)
    service.status = 500
    assert push.push_to_user(user.id, "T", "B", "/") == push.PushResult(failed=1)
    db.session.commit()
    assert _count() == 1
    service.status = 410
    assert push.push_to_user(user.id, "T", "B", "/") == push.PushResult(removed=1)
    db.session.commit()
    assert _count() == 0


def test_an_address_outside_the_site_is_never_sent(client, push_on, service):
    user = make_user(Role.TRAINEE)
    login(client, user)
    browser = Browser(service.url + "/a")
    client.post("/notifications/abonnement", json=browser.json)
    push.push_to_user(user.id, "T", "B", "https://evil.example/x")
    assert browser.decrypt(service.received[-1][2])["url"] == "/"


@pytest.mark.parametrize(
    "change",
    [
        lambda b: {**b, "endpoint": "http://10.0.0.1/internal"},  # not a push service
        lambda b: {**b, "endpoint": "file:///etc/passwd"},
        lambda b: {**b, "endpoint": 42},
        lambda b: {**b, "keys": {"p256dh": "short", "auth": b["keys"]["auth"]}},
        lambda b: {**b, "keys": {"p256dh": b["keys"]["p256dh"], "auth": "!!"}},
        lambda b: {"endpoint": b["endpoint"]},
        lambda b: "not json",
        lambda b: [b],
    ],
)
def test_a_bad_subscription_changes_nothing_and_says_why(client, push_on, service, change):
    login(client, make_user(Role.TRAINEE))
    answer = client.post("/notifications/abonnement", json=change(Browser(service.url + "/a").json))
    assert answer.status_code == 400
    assert answer.get_json()["message"] in {
        "Ce service de notifications n'est pas accepté.",
        "L'abonnement envoyé par le navigateur n'est pas valide.",
    }
    assert _count() == 0


def test_only_the_owner_unsubscribes(client, push_on, service):
    owner, other = make_user(Role.TRAINEE), make_user(Role.REFERENT)
    login(client, owner)
    browser = Browser(service.url + "/mine")
    client.post("/notifications/abonnement", json=browser.json)
    client.post("/deconnexion")
    login(client, other)
    answer = client.post(
        "/notifications/desabonnement", json={"endpoint": browser.json["endpoint"]}
    )
    assert answer.status_code == 404 and _count() == 1
    client.post("/deconnexion")
    login(client, owner)
    answer = client.post(
        "/notifications/desabonnement", json={"endpoint": browser.json["endpoint"]}
    )
    assert answer.status_code == 200 and _count() == 0


def test_without_keys_push_is_off_and_hidden(client, service):
    user = make_user(Role.TRAINEE)
    login(client, user)
    assert "Recevoir les notifications" not in page_text(client.get("/parametres"))
    answer = client.post("/notifications/abonnement", json=Browser(service.url + "/a").json)
    assert answer.status_code == 404 and _count() == 0
    assert push.push_to_user(user.id, "T", "B", "/") == push.PushResult()
    assert service.received == []


def test_the_keys_command_prints_a_usable_pair(app):
    result = app.test_cli_runner().invoke(args=["push", "keys"])
    assert result.exit_code == 0
    lines = dict(line.split("=", 1) for line in result.output.splitlines() if "=" in line)
    assert len(unb64(lines["WEBPUSH_VAPID_PRIVATE_KEY"])) == 32
    public = unb64(lines["WEBPUSH_VAPID_PUBLIC_KEY"])
    assert len(public) == 65 and public[0] == 4


def test_logging_out_deletes_this_browsers_subscription_only(client, push_on, service):
    user, other = make_user(Role.TRAINEE), make_user(Role.TRAINEE)
    login(client, other)
    theirs = Browser(service.url + "/theirs")
    client.post("/notifications/abonnement", json=theirs.json)
    client.post("/deconnexion")
    login(client, user)
    here, phone = Browser(service.url + "/here"), Browser(service.url + "/phone")
    client.post("/notifications/abonnement", json=here.json)
    client.post("/notifications/abonnement", json=phone.json)
    # Someone else's endpoint named at logout is not touched.
    client.post("/deconnexion", data={"push_endpoint": theirs.json["endpoint"]})
    assert _count() == 3
    login(client, user)
    client.post("/deconnexion", data={"push_endpoint": here.json["endpoint"]})
    endpoints = set(db.session.scalars(select(PushSubscription.endpoint)))
    assert endpoints == {theirs.json["endpoint"], phone.json["endpoint"]}


def test_a_referents_message_reaches_the_trainees_phone_after_the_commit(
    app, client, push_on, service
):
    referent = make_user(Role.REFERENT)
    trainee = make_user(Role.TRAINEE, site=referent.site, referent=referent)
    login(client, trainee)
    browser = Browser(service.url + "/push/phone-of-the-trainee")
    assert client.post("/notifications/abonnement", json=browser.json).status_code == 201
    staff = app.test_client()
    login(staff, referent)
    refused = staff.post(
        "/messages/nouveau", data={"trainees": [trainee.id], "subject": "", "body": ""}
    )
    assert refused.status_code == 200 and service.received == []  # nothing written, nothing sent
    sent = staff.post(
        "/messages/nouveau",
        data={"trainees": [trainee.id], "subject": "Demain", "body": "Rendez-vous à 9 h."},
    )
    assert sent.status_code == 302
    path, _headers, body = service.received[-1]
    assert path == "/push/phone-of-the-trainee"
    notice = browser.decrypt(body)
    assert notice["title"] == f"{referent.first_name} vous a écrit"
    assert "/messages/" in notice["url"]
