"""Scoring, RIASEC suggestions, statements, session, clock, UI strings, paths."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from game_builders import catalogue_of, finished_run, task_dict, trade_dict

from game import __version__
from game.core.clock import FixedStep, ManualClock, iso_duration, iso_timestamp
from game.core.content import Band, Catalogue
from game.core.framework import FrameworkView
from game.core.i18n import CATALOGUES, EN, FR, Translator, placeholders
from game.core.paths import assets_dir, default_home
from game.core.riasec import check_interests, match_strength, suggest
from game.core.scoring import level_for
from game.core.statements import EXT, build_statement, check_statement, object_id, with_actor

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
ACTOR = {"objectType": "Agent", "account": {"homePage": "http://p", "name": "a1"}}
BANDS = (Band(0.0, 0), Band(0.5, 1), Band(0.85, 2))


@pytest.mark.parametrize(
    ("score", "level"), [(0.0, 0), (0.49, 0), (0.5, 1), (0.849, 1), (0.85, 2), (1.0, 2)]
)
def test_level_for_bands(score: float, level: int) -> None:
    assert level_for(score, BANDS, explained=True) == level


def test_level_two_needs_the_reasons_given_right() -> None:
    assert level_for(1.0, BANDS) == 1  # no reason step in the task
    assert level_for(1.0, BANDS, explained=False) == 1  # a reason given wrong
    assert level_for(1.0, BANDS, explained=True) == 2


def test_level_for_tolerates_float_noise() -> None:
    assert level_for(2 / 3 * 1.5 - 1e-12, (Band(0.0, 0), Band(1.0, 2)), explained=True) == 2


# -- RIASEC --------------------------------------------------------------------------------


@pytest.fixture
def town(tmp_path: Path, framework: FrameworkView) -> Catalogue:
    letters = {
        "D1507": ["C", "R"],
        "D1505": ["C", "R"],
        "D1214": ["E", "C"],
        "F1703": ["R", "E"],
        "J1501": ["S", "I"],
        "K1302": ["S"],
        "E1101": ["C", "I"],
        "G1203": ["S", "A"],
    }
    trades = []
    for rome, riasec in letters.items():
        extra: dict[str, Any] = {"access": "Diplôme d'État."} if rome == "J1501" else {}
        trades.append(trade_dict(rome, riasec=riasec, regulated=rome == "J1501", **extra))
    return catalogue_of(tmp_path / "town", framework, *trades)


def test_suggestions_match_the_interests_and_always_add_one_outside(town: Catalogue) -> None:
    found = suggest(town.trades, ["C"])
    # one per domain: the strongest match of D (C as major letter), then of E
    assert [t.rome for t in found.matching] == ["D1505", "E1101"]
    assert found.outside is not None
    assert not set(found.outside.riasec) & {"C"}


@pytest.mark.parametrize("interests", [["R"], ["C", "R"], ["S", "A"], ["I"], ["E", "C"], ["A"]])
def test_the_outside_suggestion_never_shares_a_letter(
    town: Catalogue, interests: list[str]
) -> None:
    for turn in range(5):
        found = suggest(town.trades, interests, turn=turn)
        assert found.outside is not None
        assert found.outside not in found.matching
        assert not set(found.outside.riasec) & set(interests)


def test_played_trades_come_after_new_ones_and_the_outside_one_rotates(town: Catalogue) -> None:
    first = suggest(town.trades, ["C"])
    assert first.matching[0].rome == "D1505"
    later = suggest(town.trades, ["C"], played={"D1505", "D1507"})
    assert [t.rome for t in later.matching][:1] == ["D1214"]  # the unplayed one of domain D
    outsides = {suggest(town.trades, ["C"], turn=n).outside.rome for n in range(4)}  # type: ignore[union-attr]
    assert len(outsides) >= 2


def test_when_every_trade_matches_the_weakest_match_is_the_outside_one(
    tmp_path: Path, framework: FrameworkView
) -> None:
    catalogue = catalogue_of(
        tmp_path,
        framework,
        trade_dict("D1507", riasec=["C"]),
        trade_dict("D1505", riasec=["C"]),
        trade_dict("F1703", riasec=["R", "C"]),
    )
    found = suggest(catalogue.trades, ["C"], count=2)
    assert found.outside is not None and found.outside.rome == "F1703"
    assert match_strength(found.outside, ["C"]) == 1


@pytest.mark.parametrize("bad", [[], ["R", "I", "A"], ["X"], ["R", "R"]])
def test_interests_are_one_or_two_riasec_letters(bad: list[str]) -> None:
    with pytest.raises(ValueError):
        check_interests(bad)


# -- statements ----------------------------------------------------------------------------


def test_statement_has_the_shape_of_game_api(catalogue: Catalogue) -> None:
    run = finished_run(catalogue, "N1103", "ranger-colis", attempt=2)
    run.use_hint()
    run.tick(95.4)
    outcome = run.finish(NOW)
    trade = catalogue.trade("N1103")
    statement = build_statement(
        outcome,
        trade,
        run.task,
        actor=ACTOR,
        content_version="2026.11",
        game_version=__version__,
        self_level=1,
    )
    assert check_statement(statement, now=NOW) == []
    assert uuid.UUID(statement["id"]).version == 4
    assert statement["actor"] == ACTOR
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"
    assert statement["object"]["id"] == "urn:e2c-jeu:task:N1103:ranger-colis"
    assert statement["object"]["definition"]["name"]["fr-FR"] == "Ranger les colis"
    assert statement["result"]["score"] == {"scaled": 1.0, "raw": 4, "min": 0, "max": 4}
    assert statement["result"]["success"] is True and statement["result"]["completion"] is True
    assert statement["result"]["duration"] == "PT1M35S"
    assert statement["timestamp"] == "2026-11-27T10:00:00Z"
    ext = statement["context"]["extensions"]
    assert ext[EXT + "attempt"] == 2 and ext[EXT + "hints"] == 1 and ext[EXT + "self-level"] == 1
    assert ext[EXT + "competencies"] == [
        {"framework": "e2c-apc", "id": "E2C-1A", "level": 1, "indicators": ["E2C-1A-06"]}
    ]
    play = ext[EXT + "play"]
    assert play["seed"] == 1 and play["changes"] == 0 and play["chance"] == 0.5
    assert len(play["answers"]) == 4 and all(a["ok"] is True for a in play["answers"])
    assert all(" → " in a["text"] for a in play["answers"])  # "item → box", in the order placed
    assert ext[EXT + "content-hash"] == trade.content_hash
    assert ext[EXT + "game-version"] == __version__
    assert statement["context"]["registration"] == outcome.registration
    json.dumps(statement)  # JSON-able as is


def test_a_statement_made_offline_has_no_actor_until_linked(catalogue: Catalogue) -> None:
    run = finished_run(catalogue, "G1602", "regles-hygiene")
    outcome = run.finish(NOW)
    statement = build_statement(
        outcome, run.trade, run.task, actor=None, content_version="v", game_version="0.1.0"
    )
    assert "actor" not in statement and EXT + "self-level" not in statement["context"]["extensions"]
    assert "actor.account needs homePage and name" in check_statement(statement, now=NOW)
    bound = with_actor(statement, ACTOR)
    assert list(bound)[:2] == ["id", "actor"] and check_statement(bound, now=NOW) == []
    with pytest.raises(ValueError):
        build_statement(
            outcome,
            run.trade,
            run.task,
            actor=None,
            content_version="v",
            game_version="0",
            self_level=3,
        )


def test_finishing_twice_keeps_the_same_statement_id(catalogue: Catalogue) -> None:
    run = finished_run(catalogue, "N1103", "bon-livraison")
    first = run.finish(NOW)
    run.tick(30)  # time after the end does not count
    second = run.finish(NOW + timedelta(minutes=5))
    assert first is second and first.duration == 0


def test_hints_are_counted_and_limited(catalogue: Catalogue) -> None:
    run = finished_run(catalogue, "N1103", "ranger-colis")
    assert run.use_hint() == "Regardez le mot écrit sur le colis."
    assert run.use_hint() is None
    assert run.hints_used == 1 and run.shown_hints == ("Regardez le mot écrit sur le colis.",)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda s: s.update(id="pas-un-uuid"), "id is not a UUID"),
        (lambda s: s["result"]["score"].update(scaled=1.5), "score out of range"),
        (lambda s: s["result"]["score"].update(raw="8"), "score fields must be numbers"),
        (lambda s: s.update(timestamp="2030-01-01T00:00:00Z"), "timestamp out of range"),
        (lambda s: s.update(timestamp="hier"), "timestamp is not ISO-8601 UTC"),
        (lambda s: s["result"].update(duration="90s"), "duration is not ISO-8601"),
        (lambda s: s["object"].update(id="urn:autre"), "object id is not a task IRI"),
        (lambda s: s["context"]["extensions"].update({EXT + "attempt": 0}), "attempt must be >= 1"),
    ],
)
def test_check_statement_finds_what_the_server_refuses(
    catalogue: Catalogue, change: object, problem: str
) -> None:
    run = finished_run(catalogue, "N1103", "ranger-colis")
    statement = build_statement(
        run.finish(NOW), run.trade, run.task, actor=ACTOR, content_version="v", game_version="0.1.0"
    )
    change(statement)  # type: ignore[operator]
    assert problem in check_statement(statement, now=NOW)


def test_object_id() -> None:
    assert object_id("D1507", "mise-en-rayon") == "urn:e2c-jeu:task:D1507:mise-en-rayon"


# -- clock ---------------------------------------------------------------------------------


def test_fixed_step_turns_time_into_whole_steps_and_caps_long_pauses() -> None:
    clock = ManualClock()
    fixed = FixedStep(clock, step=0.01, max_frame=0.1)
    clock.advance(0.035)
    assert fixed.steps() == 3
    clock.advance(0.005)
    assert fixed.steps() == 1  # the leftover 0.005 carried over
    clock.advance(60)
    assert fixed.steps() == 10  # a long pause counts as max_frame only
    with pytest.raises(ValueError):
        clock.advance(-1)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "PT0S"), (59.6, "PT1M"), (90, "PT1M30S"), (3725, "PT1H2M5S"), (-3, "PT0S")],
)
def test_iso_duration(seconds: float, text: str) -> None:
    assert iso_duration(seconds) == text


def test_iso_timestamp_is_utc() -> None:
    from datetime import timezone

    paris = timezone(timedelta(hours=1))
    assert iso_timestamp(datetime(2026, 11, 27, 11, 0, tzinfo=paris)) == "2026-11-27T10:00:00Z"


# -- UI strings ----------------------------------------------------------------------------


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    assert set(FR) == set(EN)
    for key in FR:
        assert placeholders(FR[key]) == placeholders(EN[key]), key
        assert FR[key].strip() and EN[key].strip(), key


def test_translator_falls_back_to_french_then_to_the_key() -> None:
    assert Translator("en")("start.play") == "Play"
    assert Translator("de")("start.play") == "Jouer"
    assert Translator("fr")("nope.key") == "nope.key"
    assert Translator("fr")("hub.tile", count=3, done=1) == "Métiers : 3 · Missions faites : 1"
    assert set(CATALOGUES) == {"fr", "en"}


# -- paths ---------------------------------------------------------------------------------


def test_home_and_assets_can_be_chosen_by_environment(tmp_path: Path) -> None:
    assert default_home({"E2C_GAME_HOME": str(tmp_path)}) == tmp_path
    assert default_home({"XDG_DATA_HOME": str(tmp_path)}).name == "e2c-jeu"
    assert assets_dir({"E2C_GAME_ASSETS": str(tmp_path)}) == tmp_path
    assert (assets_dir({}) / "content.yaml").is_file()


def test_task_builders_cover_every_engine() -> None:
    from game.core.content import ENGINES

    assert {task_dict(e)["engine"] for e in ENGINES} == set(ENGINES)
