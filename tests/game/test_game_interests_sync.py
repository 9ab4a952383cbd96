"""The game tells the portfolio the interests the player chose: once linked, best effort."""

from __future__ import annotations

import random
from typing import Any

import pytest
from fake_portfolio import TOKEN, FakePortfolio

from game.core.store import Link, Store
from game.net.client import PortfolioClient
from game.net.sender import Sender


def make_sender(store: Store, **kwargs: Any) -> Sender:
    kwargs.setdefault("rng", random.Random(0))
    kwargs.setdefault(
        "client_for", lambda link: PortfolioClient(link.base_url, link.token, timeout=2)
    )
    return Sender(lambda: store, **kwargs)


def link_to(store: Store, server: FakePortfolio) -> None:
    store.save_link(Link(server.base_url, TOKEN, "t1", "", server.actor, "Inès"))


def test_interests_chosen_before_linking_are_sent_once_linked(
    store: Store, portfolio: FakePortfolio
) -> None:
    store.save_interests(["S", "C"])
    sender = make_sender(store)
    sender.run_once(store)
    assert portfolio.interests == []  # not linked: nothing sent
    link_to(store, portfolio)
    sender.run_once(store)
    assert portfolio.interests == [["S", "C"]]
    sender.run_once(store)
    assert portfolio.interests == [["S", "C"]]  # sent once per choice
    assert sender.status().state == "idle"


def test_a_new_choice_while_linked_is_sent_and_a_new_link_sends_again(
    store: Store, portfolio: FakePortfolio
) -> None:
    link_to(store, portfolio)
    sender = make_sender(store)
    store.save_interests(["R"])
    sender.run_once(store)
    store.save_interests(["R", "E"])
    sender.run_once(store)
    assert portfolio.interests == [["R"], ["R", "E"]]
    link_to(store, portfolio)  # linked again (maybe another account): it learns them again
    sender.run_once(store)
    assert portfolio.interests == [["R"], ["R", "E"], ["R", "E"]]


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_failure_is_retried_at_the_next_round(
    store: Store, portfolio: FakePortfolio, status: int
) -> None:
    link_to(store, portfolio)
    store.save_interests(["A"])
    portfolio.interest_responses.append((status, {"error": {"code": "x", "message": "x"}}))
    sender = make_sender(store)
    sender.run_once(store)
    assert portfolio.interests == []
    assert store.interests_to_send() == ("A",)
    sender.run_once(store)
    assert portfolio.interests == [["A"]]
    assert store.interests_to_send() is None


def test_no_answer_is_retried_and_never_holds_the_statements_back(store: Store) -> None:
    store.save_interests(["I"])
    store.save_link(Link("http://127.0.0.1:9", TOKEN, "t1", "", {"name": "x"}, "Inès"))
    sender = make_sender(store)
    delay = sender.run_once(store)
    assert delay == sender.poll_interval and sender.status().state == "idle"
    assert store.interests_to_send() == ("I",)


def test_a_revoked_token_asks_to_link_again(store: Store, portfolio: FakePortfolio) -> None:
    link_to(store, portfolio)
    store.save_interests(["C"])
    portfolio.revoked = True
    sender = make_sender(store)
    sender.run_once(store)
    assert store.profile().relink_needed and sender.status().state == "relink"
    assert portfolio.interests == [] and store.interests_to_send() == ("C",)


def test_a_refusal_is_not_retried_for_the_same_choice(
    store: Store, portfolio: FakePortfolio
) -> None:
    link_to(store, portfolio)
    store.save_interests(["E"])
    portfolio.interest_responses.append((404, {"error": {"code": "not_found", "message": "x"}}))
    sender = make_sender(store)
    sender.run_once(store)
    sender.run_once(store)
    assert portfolio.interests == [] and store.interests_to_send() is None


def test_a_choice_changed_during_the_request_is_still_sent(store: Store) -> None:
    store.save_interests(["R"])
    assert store.mark_interests_sent(("S",)) is False
    store.save_link(Link("http://x", TOKEN, "t1", "", {}, "Inès"))
    assert store.interests_to_send() == ("R",)
