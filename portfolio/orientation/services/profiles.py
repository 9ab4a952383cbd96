"""The profile of each trade the ranking may propose: RIASEC letters, E2C competencies, CPS.

Read once, at start-up, from ``portfolio/data/metiers_profils.csv`` (the project's own copy,
provenance in its header: ROME v4.60 RIASEC letters and savoir-être, mapped to the E2C
competencies and the CPS by an unofficial table written for this project). The loader is
strict, like the frameworks' and the trades' loaders: an unknown ROME code, a code twice, a
RIASEC letter that is not one of R I A S E C, an E2C competency or a CPS id that the loaded
frameworks do not know stops the start-up with ``file:line`` and the reason.

Only the trades of this file are ranked. A ROME sheet without a line here (the whole ROME
has 532) is never proposed by the ranking: nothing says which interests or competencies it
needs, and guessing would give reasons that are not true. It stays pickable wherever a trade
is chosen; adding it to the ranking is one line of this file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Container, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from portfolio.models.orientation import RIASEC
from referentiel import Framework

EXTENSION_KEY = "trade_profiles"
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "metiers_profils.csv"
PROVENANCE = "Source : France Travail, ROME v4.60 (Licence Ouverte 2.0)"
E2C_FRAMEWORK = "e2c-apc"
CPS_FRAMEWORK = "cps-spf2022"
COLUMNS = ("code_rome", "riasec", "competences_e2c", "cps")
CODE_RE = re.compile(r"^[A-N][0-9]{4}$")


class TradeProfileError(ValueError):
    """The trade profiles file is wrong; the message starts with ``file:line``."""


@dataclass(frozen=True, slots=True)
class TradeProfile:
    """What a trade asks for: its RIASEC letters (major first), E2C competencies, CPS ids."""

    code: str
    riasec: str
    competencies: tuple[str, ...]
    cps: tuple[str, ...]


@dataclass(frozen=True)
class TradeProfiles:
    """The profiles by ROME code, in code order."""

    by_code: Mapping[str, TradeProfile]

    def __iter__(self) -> Iterator[TradeProfile]:
        return iter(self.by_code.values())

    def __len__(self) -> int:
        return len(self.by_code)

    def get(self, code: str) -> TradeProfile | None:
        return self.by_code.get(code)


def parse_profiles(
    text: str,
    *,
    known_codes: Container[str],
    e2c: Framework,
    cps: Framework,
    source: str = "metiers_profils.csv",
) -> TradeProfiles:
    """Build the profiles from the CSV text. Raises :class:`TradeProfileError` (file:line)."""
    lines = text.splitlines()
    if not any(line.startswith("#") and PROVENANCE in line for line in lines):
        raise TradeProfileError(f"{source}:1: la ligne de provenance « {PROVENANCE} » manque.")
    body = [(n, line) for n, line in enumerate(lines, start=1) if not line.startswith("#")]
    if not body:
        raise TradeProfileError(f"{source}:1: le fichier ne contient aucun métier.")
    reader = csv.reader(io.StringIO("\n".join(line for _, line in body)))
    header = next(reader)
    if tuple(header) != COLUMNS:
        raise TradeProfileError(f"{source}:{body[0][0]}: colonnes attendues {', '.join(COLUMNS)}.")
    profiles: dict[str, TradeProfile] = {}
    for row in reader:
        where = f"{source}:{body[reader.line_num - 1][0]}"
        profile = _profile(row, where, known_codes, e2c, cps)
        if profile.code in profiles:
            raise TradeProfileError(f"{where}: le code {profile.code} est en double.")
        profiles[profile.code] = profile
    if not profiles:
        raise TradeProfileError(f"{source}:{body[0][0]}: le fichier ne contient aucun métier.")
    return TradeProfiles(MappingProxyType(dict(sorted(profiles.items()))))


def _profile(
    row: list[str], where: str, known_codes: Container[str], e2c: Framework, cps: Framework
) -> TradeProfile:
    if len(row) != len(COLUMNS):
        raise TradeProfileError(f"{where}: {len(COLUMNS)} colonnes attendues, {len(row)} lues.")
    code, letters, competencies, cps_ids = (cell.strip() for cell in row)
    if not CODE_RE.match(code) or code not in known_codes:
        raise TradeProfileError(f"{where}: le code ROME « {code} » n'est pas un métier connu.")
    if (
        not 1 <= len(letters) <= 2
        or any(letter not in RIASEC for letter in letters)
        or len(set(letters)) != len(letters)
    ):
        raise TradeProfileError(
            f"{where}: RIASEC « {letters} » : une ou deux lettres différentes parmi R I A S E C."
        )
    competency_ids = _ids(competencies, where, "compétence E2C")
    if not competency_ids:
        raise TradeProfileError(f"{where}: aucune compétence E2C.")
    for competency_id in competency_ids:
        found = e2c.get(competency_id)
        if found is None or found.retired:
            raise TradeProfileError(
                f"{where}: la compétence « {competency_id} » n'est pas dans le référentiel "
                f"{e2c.id} {e2c.version}."
            )
    cps_tuple = _ids(cps_ids, where, "CPS")
    for cps_id in cps_tuple:
        if cps.element(cps_id) is None:
            raise TradeProfileError(
                f"{where}: la CPS « {cps_id} » n'est pas dans le référentiel {cps.id}."
            )
    return TradeProfile(code, letters, competency_ids, cps_tuple)


def _ids(cell: str, where: str, kind: str) -> tuple[str, ...]:
    ids = tuple(part.strip() for part in cell.split(";") if part.strip())
    if len(set(ids)) != len(ids):
        raise TradeProfileError(f"{where}: une {kind} est écrite deux fois.")
    return ids


def load_profiles(
    known_codes: Container[str],
    e2c: Framework,
    cps: Framework,
    path: Path | str | None = None,
) -> TradeProfiles:
    """Read and check the profiles file. Raises :class:`TradeProfileError` (or OSError)."""
    path = Path(path or DEFAULT_PATH)
    text = path.read_text(encoding="utf-8")
    return parse_profiles(text, known_codes=known_codes, e2c=e2c, cps=cps, source=path.name)


def load_for_app(frameworks: Mapping[str, Framework], known_codes: Container[str]) -> TradeProfiles:
    """The profiles checked against the loaded E2C and CPS frameworks and the known trades."""
    missing = [fid for fid in (E2C_FRAMEWORK, CPS_FRAMEWORK) if fid not in frameworks]
    if missing:
        raise TradeProfileError(
            f"{DEFAULT_PATH.name}:1: le référentiel « {missing[0]} » n'est pas chargé."
        )
    return load_profiles(known_codes, frameworks[E2C_FRAMEWORK], frameworks[CPS_FRAMEWORK])


def profiles() -> TradeProfiles:
    """The profiles loaded at start-up for the current app."""
    from flask import current_app

    loaded: TradeProfiles = current_app.extensions[EXTENSION_KEY]
    return loaded
