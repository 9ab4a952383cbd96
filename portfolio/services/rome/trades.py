"""The 50 trades of the game (ROME 4.0 codes): loaded and validated once, at start-up.

The list lives in ``portfolio/data/metiers.csv`` (codes and official labels from France Travail,
ROME v4.60, Licence Ouverte 2.0). A wrong line stops the start-up with its line number.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

EXTENSION_KEY = "rome_trades"
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "metiers.csv"
PROVENANCE = "Source : France Travail, ROME v4.60 (Licence Ouverte 2.0)"
COLUMNS = (
    "code_rome",
    "libelle",
    "code_parent",
    "libelle_parent",
    "grand_domaine",
    "libelle_grand_domaine",
)
CODE_RE = re.compile(r"^[A-N][0-9]{4}$")
GRAND_DOMAINE_RE = re.compile(r"^[A-N]$")


class TradeFileError(ValueError):
    """The trades file is wrong; the message names the line."""


def fold(text: str) -> str:
    """Lower case, no accents, apostrophes unified: for matching words typed by people."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True, slots=True)
class Trade:
    """One ROME trade. ``parent_code`` is the ROME v3 sheet it belongs to (often itself)."""

    code: str
    label: str
    parent_code: str
    parent_label: str
    grand_domaine: str
    grand_domaine_label: str


@dataclass(frozen=True)
class TradeCatalogue:
    """The trades in code order, with lookups by code and by grand domaine."""

    trades: tuple[Trade, ...]
    provenance: str = PROVENANCE
    _by_code: dict[str, Trade] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {t.code: t for t in self.trades})

    def __iter__(self) -> Iterator[Trade]:
        return iter(self.trades)

    def __len__(self) -> int:
        return len(self.trades)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Trade | None:
        return self._by_code.get(code)

    def grand_domaines(self) -> list[tuple[str, str]]:
        """(letter, official label) of the grand domaines that have at least one trade."""
        seen: dict[str, str] = {}
        for trade in self.trades:
            seen.setdefault(trade.grand_domaine, trade.grand_domaine_label)
        return sorted(seen.items())

    def search(self, text: str) -> list[Trade]:
        """Trades whose label (or code) contains every word typed; accents and case ignored."""
        words = fold(text).split()
        if not words:
            return list(self.trades)
        found = []
        for trade in self.trades:
            haystack = fold(f"{trade.code} {trade.label} {trade.parent_label}")
            if all(word in haystack for word in words):
                found.append(trade)
        return found


def parse_trades(text: str, *, source: str = "metiers.csv") -> TradeCatalogue:
    """Build the catalogue from the CSV text. Raises :class:`TradeFileError`."""
    lines = text.splitlines()
    comments = [line for line in lines if line.startswith("#")]
    if not any(PROVENANCE in line for line in comments):
        raise TradeFileError(f"{source} : la ligne de provenance « {PROVENANCE} » manque.")
    body = [(n, line) for n, line in enumerate(lines, start=1) if not line.startswith("#")]
    if not body:
        raise TradeFileError(f"{source} : le fichier ne contient aucun métier.")
    reader = csv.reader(io.StringIO("\n".join(line for _, line in body)))
    header = next(reader)
    if tuple(header) != COLUMNS:
        raise TradeFileError(
            f"{source}, ligne {body[0][0]} : colonnes attendues {', '.join(COLUMNS)}."
        )
    trades: list[Trade] = []
    seen: set[str] = set()
    domain_labels: dict[str, str] = {}
    for row in reader:
        line_no = body[reader.line_num - 1][0]
        where = f"{source}, ligne {line_no}"
        if len(row) != len(COLUMNS):
            raise TradeFileError(f"{where} : {len(COLUMNS)} colonnes attendues, {len(row)} lues.")
        code, label, parent, parent_label, domain, domain_label = (c.strip() for c in row)
        if not CODE_RE.match(code):
            raise TradeFileError(f"{where} : code ROME « {code} » invalide (ex. D1102).")
        if not CODE_RE.match(parent):
            raise TradeFileError(f"{where} : code parent « {parent} » invalide.")
        if not GRAND_DOMAINE_RE.match(domain) or code[0] != domain:
            raise TradeFileError(
                f"{where} : le grand domaine « {domain} » ne correspond pas au code {code}."
            )
        if not label or not parent_label or not domain_label:
            raise TradeFileError(f"{where} : un libellé est vide.")
        if code in seen:
            raise TradeFileError(f"{where} : le code {code} est en double.")
        if domain_labels.setdefault(domain, domain_label) != domain_label:
            raise TradeFileError(
                f"{where} : deux libellés différents pour le grand domaine {domain}."
            )
        seen.add(code)
        trades.append(Trade(code, label, parent, parent_label, domain, domain_label))
    if not trades:
        raise TradeFileError(f"{source} : le fichier ne contient aucun métier.")
    return TradeCatalogue(tuple(sorted(trades, key=lambda t: t.code)))


def load_trades(path: Path | str = DEFAULT_PATH) -> TradeCatalogue:
    """Read and validate the trades file. Raises :class:`TradeFileError` (or OSError)."""
    path = Path(path)
    return parse_trades(path.read_text(encoding="utf-8"), source=path.name)


def trades() -> TradeCatalogue:
    """The catalogue loaded at start-up for the current app."""
    catalogue: TradeCatalogue = current_app.extensions[EXTENSION_KEY]
    return catalogue
