"""The background sender against a fake portfolio: 200, 400, 409, 5xx, timeouts, 401, backoff."""

from __future__ import annotations

import random
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fake_portfolio import TOKEN, FakePortfolio
from game_builders import outcome_for

from game.core.content import Catalogue
from game.core.statements import build_statement
from game.core.store import Link, Store
from game.net.client import (
    LinkError,
    NetworkError,
    PortfolioClient,
    check_base_url,
    link_device,
    normalise_code,
)
from game.net.sender import REASON_CONFLICT, Sender

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def link_to(store: Store, server: FakePortfolio) -> None:
    store.save_link(Link(server.base_url, TOKEN, "t1", "", server.actor, "Inès"))


def queue(store: Store, catalogue: Catalogue, count: int, actor: Any) -> list[str]:
    ids = []
    tasks = ["ranger-colis", "tournee-allees", "bon-livraison"]
    for n in range(count):
        # one play of each task per day: a same-day replay would not be queued again
        day = NOW - timedelta(days=n // 3)
        run, outcome = outcome_for(catalogue, "N1103", tasks[n % 3], day, attempt=n + 1)
        statement = build_statement(
            outcome, run.trade, run.task, actor=actor, content_version="v", game_version="0.1.0"
        )
        store.record(outcome, statement, run.task.title)
        ids.append(outcome.statement_id)
    return ids


def make_sender(store: Store, **kwargs: Any) -> Sender:
    kwargs.setdefault("rng", random.Random(0))
    kwargs.setdefault(
        "client_for", lambda link: PortfolioClient(link.base_url, link.token, timeout=2)
    )
    return Sender(lambda: store, **kwargs)


@pytest.fixture
def linked(store: Store, portfolio: FakePortfolio) -> Store:
    link_to(store, portfolio)
    return store


def statuses(store: Store) -> dict[str, str]:
    return {row.id: row.status for row in store.journal()}


def test_200_acknowledges_stored_and_duplicates(
    linked: Store, catalogue: Catalogue, portfolio: FakePortfolio
) -> None:
    ids = queue(linked, catalogue, 3, portfolio.actor)
    sender = make_sender(linked)
    assert sender.run_once(linked) == 0.0
    assert set(statuses(linked).values()) == {"acknowledged"}
    assert sorted(portfolio.stored) == sorted(ids)
    # Sending the same statements again (as after a crash) is harmless: duplicates.
    code, body = portfolio.ingest([row.body for row in linked.journal()])
    assert code == 200 and body["stored"] == [] and sorted(body["duplicates"]) == sorted(ids)
    assert sender.run_once(linked) == sender.poll_interval
    assert sender.status().state == "idle"


def test_batches_hold_at_most_100(
    linked: Store, catalogue: Catalogue, portfolio: FakePortfolio
) -> None:
    queue(linked, catalogue, 230, portfolio.actor)
    sender = make_sender(linked)
    while sender.run_once(linked) == 0.0:
        pass
    assert portfolio.posts == 3
    assert len(portfolio.received) == 230 and len(portfolio.stored) == 230


def test_400_rejects_the_bad_one_with_its_reason_and_sends_the_others(
    linked: Store, catalogue: Catalogue, portfolio: FakePortfolio
) -> None:
    ids = queue(linked, catalogue, 3, portfolio.actor)
    portfolio.reject[ids[1]] = "Compétence inconnue : E2C-9Z."
    sender = make_sender(linked)
    assert sender.run_once(linked) == 0.0  # the bad one is rejected; retry the rest at once
    assert sender.run_once(linked) == 0.0
    found = statuses(linked)
    assert found == {ids[0]: "acknowledged", ids[1]: "rejected", ids[2]: "acknowledged"}
    reason = next(r.reason for r in linked.journal() if r.id == ids[1])
    assert "Compétence inconnue : E2C-9Z." in reason
    assert sorted(portfolio.stored) == sorted([ids[0], ids[2]])


def test_409_marks_the_conflicting_statement(
    linked: Store, catalogue: Catalogue, portfolio: FakePortfolio
) -> None:
    [sid] = queue(linked, catalogue, 1, portfolio.actor)
    portfolio.stored[sid] = "{}"  # the server already has this id with other content
    sender = make_sender(linked)
    sender.run_once(linked)
    [row] = linked.journal()
    assert row.status == "rejected" and row.reason == REASON_CONFLICT


def test_400_without_details_falls_back_to_one_at_a_time(
    linked: Store, catalogue: Catalogue, portfolio: FakePortfolio
) -> None:
    ids = queue(linked, catalogue, 2, portfolio.actor)
    bad_answer = (400, {"error": {"code": "bad_request", "message": "Requête invalide."}})
    portfolio.responses = [bad_answer, bad_answer]
    sender = make_sender(linked)
    for _ in range(4):
        sender.run_once(linked)
    found = statuses(linked)
    assert found[ids[0]] == "rejected" and found[ids[1]] == "acknowledged"
    assert next(r.reason for r in linked.journal() if r.id == ids[0]) == "Requête invalide."


def test_5xx_backs_off_exponentially_with_jitter_then_recovers(
    linked: Store, catalogue: Catalogue, portfolio: FakePortfolio
) -> None:
    queue(linked, catalogue, 2, portfolio.actor)
    portfolio.responses = [(503, None)] * 12
    sender = make_sender(linked, base_delay=1.0, max_delay=60.0)
    delays = [sender.run_once(linked) for _ in range(12)]
    assert sender.status().state == "retrying"
    ceilings = [min(60.0, 2.0**n) for n in range(12)]
    for delay, ceiling in zip(delays, ceilings, strict=True):
        assert ceiling / 2 <= delay <= ceiling  # equal jitter: half fixed, half random
    assert delays[-1] <= 60.0 and delays[3] > delays[0]
    assert len(set(delays)) > 6  # jitter: not all the same
    assert set(statuses(linked).values()) == {"pending"}  # nothing lost meanwhile
    assert sender.run_once(linked) == 0.0
    assert set(statuses(linked).values()) == {"acknowledged"}
    assert sender.failures == 0


def test_retry_after_is_respected(
    linked: Store, catalogue: Catalogue, portfolio: FakePortfolio
) -> None:
    queue(linked, catalogue, 1, portfolio.actor)
    portfolio.responses = [
        (429, {"error": {"code": "rate_limited", "message": "Trop de requêtes."}})
    ]
    sender = make_sender(linked, base_delay=1.0)
    assert sender.run_once(linked) == pytest.approx(1.0, abs=0.5)


def test_timeouts_and_refused_connections_are_retried(
    store: Store, catalogue: Catalogue, portfolio: FakePortfolio
) -> None:
    link_to(store, portfolio)
    queue(store, catalogue, 1, portfolio.actor)
    portfolio.delay = 1.0
    sender = make_sender(
        store, client_for=lambda link: PortfolioClient(link.base_url, link.token, timeout=0.2)
    )
    delay = sender.run_once(store)
    assert delay > 0 and sender.status().state == "retrying"
    assert "Pas de réponse" in sender.status().message
    portfolio.delay = 0
    store.save_link(Link("http://127.0.0.1:9", TOKEN, "t1", "", portfolio.actor, "Inès"))
    assert sender.run_once(store) > 0  # nothing listens on port 9
    assert set(statuses(store).values()) == {"pending"}


def test_401_stops_sending_until_the_player_links_again(
    linked: Store, catalogue: Catalogue, portfolio: FakePortfolio
) -> None:
    queue(linked, catalogue, 2, portfolio.actor)
    portfolio.revoked = True
    sender = make_sender(linked)
    sender.run_once(linked)
    assert sender.status().state == "relink" and linked.profile().relink_needed
    posts = portfolio.posts
    sender.run_once(linked)
    assert portfolio.posts == posts  # no more tries while the token is refused
    portfolio.revoked = False
    link_to(linked, portfolio)  # linking again clears the flag
    sender.run_once(linked)
    assert set(statuses(linked).values()) == {"acknowledged"}


def test_nothing_is_sent_while_unlinked(
    store: Store, catalogue: Catalogue, portfolio: FakePortfolio
) -> None:
    queue(store, catalogue, 1, None)
    sender = make_sender(store)
    assert sender.run_once(store) == sender.poll_interval
    assert sender.status().state == "unlinked" and portfolio.posts == 0


def test_the_journal_brings_back_the_referent_decisions(
    linked: Store, catalogue: Catalogue, portfolio: FakePortfolio
) -> None:
    ids = queue(linked, catalogue, 3, portfolio.actor)
    sender = make_sender(linked)
    sender.run_once(linked)
    portfolio.remote_status = {ids[0]: "confirmed", ids[1]: "discarded"}
    sender.request_journal()
    sender.run_once(linked)
    assert statuses(linked) == {ids[0]: "confirmed", ids[1]: "discarded", ids[2]: "acknowledged"}


def test_the_thread_sends_in_the_background_and_stops(
    tmp_path: Any, catalogue: Catalogue, portfolio: FakePortfolio
) -> None:
    from game.core.store import open_store

    home = tmp_path / "bg"
    main = open_store(home)
    link_to(main, portfolio)
    slept: list[float] = []
    wake = threading.Event()

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        wake.wait(0.05)

    sender = Sender(lambda: open_store(home), sleep=sleep, rng=random.Random(1))
    sender.start()
    ids = queue(main, catalogue, 2, portfolio.actor)
    sender.notify()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and set(statuses(main).values()) != {"acknowledged"}:
        time.sleep(0.02)
    sender.stop()
    assert set(statuses(main).values()) == {"acknowledged"}
    assert sorted(portfolio.stored) == sorted(ids)
    assert sender.status().state == "stopped"
    assert slept  # it waited between rounds through the injected sleep
    main.close()


def test_client_helpers_and_linking(portfolio: FakePortfolio) -> None:
    assert normalise_code(" k7qf 93td ") == "K7QF-93TD"
    assert normalise_code("k7") == "K7"
    with pytest.raises(ValueError):
        check_base_url("ftp://x")
    with pytest.raises(ValueError):
        check_base_url("pas une adresse")
    link = link_device(portfolio.base_url + "/", "k7qf93td", "PC salle 2")
    assert link.token == TOKEN and link.display_name == "Inès"
    assert link.actor["account"]["name"] == "compte-42"
    with pytest.raises(LinkError, match="Ce code ne marche pas"):
        link_device(portfolio.base_url, "AAAA-BBBB", "PC")
    with pytest.raises(LinkError, match="ne répond pas"):
        link_device("http://127.0.0.1:9", "K7QF-93TD", "PC", timeout=1)
    with pytest.raises(NetworkError):
        PortfolioClient("http://127.0.0.1:9", timeout=1).journal_page()
    client = PortfolioClient(portfolio.base_url, TOKEN)
    assert client.unlink().status == 204 and portfolio.revoked
    answer = client.journal_page()
    assert answer.status == 401 and answer.error_code == "invalid_token"


def test_a_200_that_acknowledges_nothing_backs_off(
    linked: Store, catalogue: Catalogue, portfolio: FakePortfolio
) -> None:
    queue(linked, catalogue, 1, portfolio.actor)
    portfolio.responses = [(200, {"stored": [], "duplicates": []}), (200, {"oops": True})]
    sender = make_sender(linked)
    assert sender.run_once(linked) > 0
    assert sender.run_once(linked) > 0
    assert sender.status().state == "retrying"
    assert set(statuses(linked).values()) == {"pending"}
