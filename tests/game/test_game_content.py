"""The real content in assets/game/trades: every file valid, about fifty trades, full coverage."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from game.core.content import ENGINES, REGULATED_TRADES, Catalogue
from game.core.framework import FrameworkView
from game.core.loader import load_catalogue, load_version
from game.core.paths import assets_dir

ASSETS = assets_dir()
TRADES = ASSETS / "trades"
# ROME facts of the 50 trades; provenance in tests/reference/PROVENANCE.md.
REFERENCE = Path(__file__).resolve().parents[1] / "reference" / "rome_50_trades.csv"


@pytest.fixture(scope="module")
def shipped(framework: FrameworkView) -> Catalogue:
    if not any(TRADES.glob("*.yaml")):
        pytest.skip("no trade file yet")
    return load_catalogue(
        TRADES, framework, version=load_version(ASSETS / "content.yaml"), assets_root=ASSETS
    )


def test_every_trade_file_validates_and_covers_the_framework(
    shipped: Catalogue, framework: FrameworkView
) -> None:
    assert 45 <= len(shipped.trades) <= 55
    engines = Counter(task.engine for trade in shipped.trades for task in trade.tasks)
    assert set(engines) == set(ENGINES)
    used = {ref.id for trade in shipped.trades for task in trade.tasks for ref in task.competencies}
    assert set(framework.active_ids) <= used
    assert len(framework.active_ids) == 35


def test_regulated_trades_say_how_to_get_in(shipped: Catalogue) -> None:
    for trade in shipped.trades:
        if trade.rome in REGULATED_TRADES:
            assert trade.regulated and trade.access, trade.rome


def test_trade_facts_match_the_rome_reference(shipped: Catalogue) -> None:
    with REFERENCE.open(encoding="utf-8") as handle:
        rows = {row["code_rome"]: row for row in csv.DictReader(handle)}
    for trade in shipped.trades:
        row = rows.get(trade.rome)
        assert row is not None, f"{trade.rome} is not in the reference list"
        assert trade.label == row["libelle_rome"], trade.rome
        assert trade.rome_parent == row["code_rome_parent"], trade.rome
        assert trade.grand_domaine == row["code_grand_domaine"], trade.rome
        letters = tuple(x for x in (row["riasec_majeur"], row["riasec_mineur"]) if x)
        assert trade.riasec == letters, trade.rome
        assert trade.regulated == (row["emploi_reglemente"] == "O"), trade.rome


def test_the_real_referentiel_is_used() -> None:
    """Once the referentiel package exists, tests must not run on the stand-in."""
    from game.core.framework import load_framework_view

    view = load_framework_view()
    assert view.id == "e2c-apc" and len(view.active_ids) == 35
    assert view.levels[1].label == "Je fais"
