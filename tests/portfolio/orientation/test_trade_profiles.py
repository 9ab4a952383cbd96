"""The trade profiles file: loaded once, and a wrong line stops the start-up with file:line."""

from __future__ import annotations

import pytest

from portfolio.orientation.services import profiles as module
from portfolio.orientation.services.profiles import (
    DEFAULT_PATH,
    TradeProfileError,
    parse_profiles,
    profiles,
)
from portfolio.services.frameworks import frameworks
from portfolio.services.rome import trades

HEADER = (
    "# Source : France Travail, ROME v4.60 (Licence Ouverte 2.0)\n"
    "code_rome,riasec,competences_e2c,cps\n"
)
GOOD = "D1507,CR,E2C-2C;E2C-5B,COG2-1\n"


def _parse(text: str):
    return parse_profiles(
        text,
        known_codes=trades(),
        e2c=frameworks()["e2c-apc"],
        cps=frameworks()["cps-spf2022"],
    )


def test_the_shipped_file_profiles_every_trade_of_the_game():
    loaded = profiles()
    assert len(loaded) == 50 == len(trades())
    assert {p.code for p in loaded} == {t.code for t in trades()}
    cariste = loaded.get("N1101")
    assert cariste is not None and cariste.riasec[0] in "RIASEC"


def test_the_file_names_its_source():
    assert "ROME v4.60" in DEFAULT_PATH.read_text(encoding="utf-8").split("code_rome")[0]


def test_a_good_line_is_read():
    loaded = _parse(HEADER + GOOD)
    profile = loaded.get("D1507")
    assert profile is not None
    assert (profile.riasec, profile.competencies, profile.cps) == (
        "CR",
        ("E2C-2C", "E2C-5B"),
        ("COG2-1",),
    )


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("Z9999,CR,E2C-2C,", "Z9999"),  # not a ROME code
        ("A1101,CR,E2C-2C,", "A1101"),  # a ROME code, not a known trade
        ("D1505,CX,E2C-2C,", "RIASEC"),
        ("D1505,CC,E2C-2C,", "RIASEC"),
        ("D1505,RIA,E2C-2C,", "RIASEC"),
        ("D1505,,E2C-2C,", "RIASEC"),
        ("D1505,CR,E2C-9Z,", "E2C-9Z"),
        ("D1505,CR,,", "aucune compétence"),
        ("D1505,CR,E2C-2C;E2C-2C,", "deux fois"),
        ("D1505,CR,E2C-2C,XYZ1-1", "XYZ1-1"),
        ("D1505,CR,E2C-2C", "colonnes"),
        ("D1507,CR,E2C-2C,", "double"),
    ],
)
def test_a_wrong_line_is_refused_with_file_and_line(line, words):
    with pytest.raises(TradeProfileError) as err:
        _parse(HEADER + GOOD + line + "\n")
    message = str(err.value)
    assert message.startswith("metiers_profils.csv:4: "), message
    assert words in message


def test_a_missing_provenance_or_header_is_refused():
    with pytest.raises(TradeProfileError, match="provenance"):
        _parse("code_rome,riasec,competences_e2c,cps\n" + GOOD)
    with pytest.raises(TradeProfileError, match=r"metiers_profils.csv:2: colonnes"):
        _parse(HEADER.replace("cps", "cps_ids") + GOOD)
    with pytest.raises(TradeProfileError, match="aucun métier"):
        _parse(HEADER)


def test_the_service_refuses_to_start_on_a_broken_file(tmp_path, monkeypatch, db_url):
    from portfolio import create_app

    broken = tmp_path / "metiers_profils.csv"
    broken.write_text(HEADER + GOOD + GOOD, encoding="utf-8")
    monkeypatch.setattr(module, "DEFAULT_PATH", broken)
    with pytest.raises(TradeProfileError, match=r"^metiers_profils.csv:4: .*double"):
        create_app({"SQLALCHEMY_DATABASE_URI": db_url, "SECRET_KEY": "x"})
