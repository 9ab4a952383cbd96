"""One set of rules for a game statement (`game.core.statement_rules`), used by both sides.

What the game builds, the portfolio accepts; what the shared rules refuse, the game's own
check and the portfolio's validation both refuse.
"""

from __future__ import annotations

import dataclasses
import random
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from game_builders import solve

from builders import make_user
from game import __version__
from game.core import statement_rules as rules
from game.core.content import Catalogue, Task, Trade
from game.core.framework import load_framework_view
from game.core.loader import load_catalogue, load_version
from game.core.paths import assets_dir
from game.core.scoring import level_for, observations
from game.core.session import TaskRun
from game.core.statements import EXT, build_statement, check_statement, with_actor
from portfolio.game_link.services.statements import BadStatement, ValidStatement, competency_index
from portfolio.game_link.services.statements import check_statement as portfolio_check
from portfolio.models import Role, User
from portfolio.services.frameworks import frameworks

NOW = datetime.now(UTC).replace(microsecond=0)
ASSETS = assets_dir({})
CATALOGUE: Catalogue = load_catalogue(
    ASSETS / "trades",
    load_framework_view(),
    version=load_version(ASSETS / "content.yaml"),
    assets_root=ASSETS,
)
TASKS = [(trade, task) for trade in CATALOGUE.trades for task in trade.tasks]


def _built(trade: Trade, task: Task, user: User | None, seed: int = 0) -> dict[str, Any]:
    """The statement the game makes for one play of ``task``, offline then linked."""
    rng = random.Random(seed)
    run = TaskRun(
        trade,
        task,
        attempt=rng.randint(1, 4),
        registration=str(uuid.uuid4()),
        seed=rng.randrange(2**31),
    )
    for _ in range(rng.randint(0, len(task.hints))):
        run.use_hint()
    run.tick(rng.uniform(0, 4000))
    solve(run.engine)
    outcome = run.finish(NOW)
    # Any score the player could get, not only the perfect one.
    best = outcome.result
    raw = rng.randint(0, int(best.maximum))
    result = dataclasses.replace(best, score=raw / best.maximum, raw=float(raw))
    outcome = dataclasses.replace(
        outcome,
        result=result,
        observations=observations(task, result),
        level=level_for(result.score, task.bands, result.explained),
    )
    made = build_statement(
        outcome,
        trade,
        task,
        actor=None,
        content_version=CATALOGUE.version,
        game_version=__version__,
        self_level=rng.choice([None, 0, 1, 2]),
    )
    if user is None:
        return made
    account = {"homePage": "http://localhost", "name": user.public_id}
    return with_actor(made, {"objectType": "Agent", "account": account})


@pytest.fixture
def trainee(app) -> User:
    return make_user(Role.TRAINEE)


def test_every_statement_the_game_builds_passes_the_portfolio(trainee: User) -> None:
    index = competency_index(frameworks())
    assert len(TASKS) >= 100  # every task of the shipped trades
    for place, (trade, task) in enumerate(TASKS):
        made = _built(trade, task, trainee, seed=place)
        assert check_statement(made, now=NOW) == [], (trade.rome, task.id)
        checked = portfolio_check(place, made, trainee, NOW, index)
        assert isinstance(checked, ValidStatement), (trade.rome, task.id, checked)
        assert checked.rome == trade.rome and checked.task_name == task.title


def _ext(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda s: s["context"]["extensions"].__setitem__(EXT + key, value)


REFUSED = {
    "id": lambda s: s.update(id="pas-un-uuid"),
    "actor": lambda s: s["actor"].update(objectType="Group"),
    "verb": lambda s: s["verb"].update(id="http://adlnet.gov/expapi/verbs/liked"),
    "object": lambda s: s["object"].update(id="urn:e2c-jeu:task:d1507:x"),
    "scaled": lambda s: s["result"]["score"].update(scaled=1.5),
    "raw": lambda s: s["result"]["score"].update(raw=99),
    "nan": lambda s: s["result"]["score"].update(min=float("nan")),
    "success": lambda s: s["result"].update(success="yes"),
    "duration": lambda s: s["result"].update(duration="90s"),
    "response": lambda s: s["result"].update(response="x" * 2001),
    "registration": lambda s: s["context"].update(registration="r1"),
    "attempt": _ext("attempt", 0),
    "hints": _ext("hints", -1),
    "self-level": _ext("self-level", 3),
    "content-hash": _ext("content-hash", "abc"),
    "game-version": _ext("game-version", ""),
    "no-competency": _ext("competencies", []),
    "level": lambda s: s["context"]["extensions"][EXT + "competencies"][0].update(level=3),
    "future": lambda s: s.update(timestamp="2999-01-01T00:00:00Z"),
    "old": lambda s: s.update(timestamp="2019-12-31T23:59:59Z"),
    "no-zone": lambda s: s.update(timestamp="2026-01-01T10:00:00"),
    "not-a-date": lambda s: s.update(timestamp="hier"),
}


@pytest.mark.parametrize("change", list(REFUSED.values()), ids=list(REFUSED))
def test_what_the_shared_rules_refuse_both_sides_refuse(
    trainee: User, change: Callable[[dict[str, Any]], None]
) -> None:
    trade, task = TASKS[0]
    statement = _built(trade, task, trainee)
    change(statement)
    shared = rules.check(statement, now=NOW, account_name=None, index=None)
    assert shared.reasons  # the shared rules refuse it
    assert check_statement(statement, now=NOW)  # the game's check says why
    refused = portfolio_check(0, statement, trainee, NOW, competency_index(frameworks()))
    assert isinstance(refused, BadStatement) and refused.reason


def test_the_portfolio_words_every_reason_of_the_shared_rules(app) -> None:
    """No rule can be added to the shared module without a sentence on both sides."""
    from game.core.statements import _SAID
    from portfolio.game_link.services.statements import _say

    codes = set(_SAID) | {"not_object"}
    for code in codes:
        assert _say(rules.Reason(code, "x"))
    source = Path(rules.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'\.fail\("(\w+)"', source))
    assert len(used) >= 30 and used <= codes
