"""The whole ROME: every job sheet, every job title, the grands domaines, the game's 50 trades.

Four files of ``portfolio/data/`` (see ``portfolio/data/rome/PROVENANCE.md``) are read once per
process and checked line by line: a bad or duplicate code, a title pointing to a missing sheet,
an empty label or a wrong header stops the start-up with the file and the line.

A *sheet* (fiche) is what records keep: its code is the trade's identity for search and
statistics. A *job title* (appellation) is what people say ("Cariste", "Serveur / Serveuse de
bar"); a choice keeps both, so the screens can show the words the person picked. The 50 trades
of the game are ROME 4.0 sheets: their newer labels win, and the six that are ROME 4.0 child
sheets (G1609 under G1602...) belong to the *family* of their v3 parent sheet.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import current_app

from portfolio.services.rome.search import Match, TitleIndex, fold
from portfolio.services.rome.trades import DEFAULT_PATH as TRADES_PATH
from portfolio.services.rome.trades import TradeCatalogue, load_trades

EXTENSION_KEY = "rome_catalogue"
DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "rome"
PROVENANCE = "Source : France Travail"
CODE_RE = re.compile(r"^[A-N][0-9]{4}$")
TITLE_CODE_RE = re.compile(r"^[1-9][0-9]{0,6}$")
MAX_LABEL = 200


class RomeFileError(ValueError):
    """A ROME data file is wrong; the message names the file and the line."""


class UnknownTrade(ValueError):
    """A code or a job title that the ROME does not hold (the message is for people)."""


@dataclass(frozen=True, slots=True)
class Sheet:
    """A ROME job sheet. ``parent_code`` is set for a ROME 4.0 child sheet (its v3 sheet)."""

    code: str
    label: str
    domain: str
    grand_domaine: str
    parent_code: str | None = None

    @property
    def family_code(self) -> str:
        """The v3 sheet a search by sheet groups this one under."""
        return self.parent_code or self.code


@dataclass(frozen=True, slots=True)
class JobTitle:
    """A job title (appellation) as people say it, and the sheet it belongs to."""

    code: str
    label: str
    sheet_code: str


@dataclass(frozen=True, slots=True)
class TradeChoice:
    """What someone picked: the sheet, and the job title they said when they named one."""

    code: str
    job_title: str | None = None


class Rome:
    """Lookups over the whole ROME, and the job-title search of the trade picker."""

    def __init__(
        self,
        sheets: Iterable[Sheet],
        titles: Iterable[JobTitle],
        grands_domaines: dict[str, str],
        trades: TradeCatalogue,
    ) -> None:
        self.sheets: dict[str, Sheet] = {s.code: s for s in sheets}
        self.titles: dict[str, JobTitle] = {t.code: t for t in titles}
        self.grands_domaines = dict(sorted(grands_domaines.items()))
        self.trades = trades
        by_sheet: dict[str, list[JobTitle]] = {}
        for title in self.titles.values():
            by_sheet.setdefault(title.sheet_code, []).append(title)
        self._titles_of = {code: tuple(found) for code, found in by_sheet.items()}
        family: dict[str, list[str]] = {}
        for sheet in self.sheets.values():
            family.setdefault(sheet.family_code, []).append(sheet.code)
        self._family = {code: tuple(sorted(codes)) for code, codes in family.items()}
        game_sheets = {s.family_code for s in self.sheets.values() if s.code in trades}
        named: dict[str, list[str]] = {}
        for sheet in self.sheets.values():
            named.setdefault(sheet.family_code, []).append(sheet.label)
        self.index = TitleIndex(self.titles.values(), known=game_sheets, sheet_labels=named)

    def __len__(self) -> int:
        return len(self.sheets)

    def __iter__(self) -> Iterator[Sheet]:
        return iter(self.sheets.values())

    def __contains__(self, code: object) -> bool:
        return code in self.sheets

    def sheet(self, code: str | None) -> Sheet | None:
        return self.sheets.get(code) if isinstance(code, str) else None

    def title(self, code: str | None) -> JobTitle | None:
        return self.titles.get(code) if isinstance(code, str) else None

    def titles_of(self, code: str) -> tuple[JobTitle, ...]:
        """The job titles of a sheet (a ROME 4.0 child sheet shows its parent's)."""
        sheet = self.sheets.get(code)
        return self._titles_of.get(sheet.family_code, ()) if sheet else ()

    def family(self, code: str) -> tuple[str, ...]:
        """Every sheet code under the same v3 sheet as ``code``: what a search by sheet matches."""
        sheet = self.sheets.get(code)
        return self._family[sheet.family_code] if sheet else ()

    def label(self, code: str, job_title: str | None = None) -> str:
        """The words to show: the job title picked, else the sheet's label, else the raw code."""
        title = self.titles.get(job_title) if job_title else None
        if title is not None:
            return title.label
        sheet = self.sheets.get(code)
        return sheet.label if sheet else code

    def grand_domaine_label(self, letter: str) -> str:
        return self.grands_domaines.get(letter, letter)

    def choose(self, code: str | None, job_title: str | None = None) -> TradeChoice:
        """Check a pick (a sheet code, a job title or both) and return it; :class:`UnknownTrade`."""
        from portfolio.services.i18n import gettext as _

        code = code.strip().upper() if isinstance(code, str) else None
        job_title = job_title.strip() if isinstance(job_title, str) else None
        title = self.titles.get(job_title) if job_title else None
        if job_title and title is None:
            raise UnknownTrade(_("Ce métier n'existe pas dans la liste. Choisissez-le à nouveau."))
        if title is not None:
            if code and code not in self.family(title.sheet_code):
                raise UnknownTrade(
                    _("Ce métier n'existe pas dans la liste. Choisissez-le à nouveau.")
                )
            return TradeChoice(code or title.sheet_code, title.code)
        if not code or code not in self.sheets:
            raise UnknownTrade(_("Ce métier n'existe pas dans la liste. Choisissez-le à nouveau."))
        return TradeChoice(code)

    def search(self, text: str, limit: int = 8) -> list[Match]:
        """Job titles matching what someone typed (see :mod:`.search`); ``TradeSearchError``."""
        return self.index.search(text, limit=limit)


def _data_lines(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each data row, after the header and provenance are checked."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise RomeFileError(f"{path.name} : le fichier n'est pas en UTF-8.") from err
    except OSError as err:
        raise RomeFileError(f"{path.name} : le fichier manque ou ne se lit pas.") from err
    lines = text.splitlines()
    if not any(line.startswith("#") and PROVENANCE in line for line in lines):
        raise RomeFileError(f"{path.name} : la ligne de provenance « {PROVENANCE} » manque.")
    body = [(n, line) for n, line in enumerate(lines, start=1) if line and not line.startswith("#")]
    if not body:
        raise RomeFileError(f"{path.name} : le fichier est vide.")
    reader = csv.reader(io.StringIO("\n".join(line for _, line in body)))
    header = next(reader)
    if tuple(header) != columns:
        raise RomeFileError(
            f"{path.name}, ligne {body[0][0]} : colonnes attendues {', '.join(columns)}."
        )
    rows = 0
    for row in reader:
        line_no = body[reader.line_num - 1][0]
        where = f"{path.name}, ligne {line_no}"
        if len(row) != len(columns):
            raise RomeFileError(f"{where} : {len(columns)} colonnes attendues, {len(row)} lues.")
        cells = [cell.strip() for cell in row]
        if any(not cell or len(cell) > MAX_LABEL for cell in cells):
            raise RomeFileError(f"{where} : une case est vide ou trop longue.")
        rows += 1
        yield line_no, cells
    if not rows:
        raise RomeFileError(f"{path.name} : le fichier n'a aucune ligne de données.")


def _grands_domaines(path: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for line_no, (letter, label) in _data_lines(path, ("code", "libelle")):
        if not re.fullmatch(r"[A-N]", letter) or letter in found:
            raise RomeFileError(
                f"{path.name}, ligne {line_no} : lettre « {letter} » invalide ou en double."
            )
        found[letter] = label
    if len(found) != 14:
        raise RomeFileError(f"{path.name} : les 14 grands domaines (A à N) sont attendus.")
    return found


def _sheets(path: Path) -> dict[str, Sheet]:
    found: dict[str, Sheet] = {}
    for line_no, (code, label, domain) in _data_lines(
        path, ("code", "libelle", "domaine_professionnel")
    ):
        where = f"{path.name}, ligne {line_no}"
        if not CODE_RE.match(code):
            raise RomeFileError(
                f"{where} : code « {code} » invalide (une lettre A à N et 4 chiffres)."
            )
        if code in found:
            raise RomeFileError(f"{where} : la fiche {code} est en double.")
        found[code] = Sheet(code, label, domain, code[0])
    return found


def _titles(path: Path, sheets: dict[str, Sheet]) -> list[JobTitle]:
    found: dict[str, JobTitle] = {}
    labels: dict[str, str] = {}  # folded label -> code: two equal labels cannot be told apart
    for line_no, (code, label, sheet) in _data_lines(path, ("code", "libelle", "fiche")):
        where = f"{path.name}, ligne {line_no}"
        if not TITLE_CODE_RE.match(code):
            raise RomeFileError(f"{where} : code d'appellation « {code} » invalide.")
        if code in found:
            raise RomeFileError(f"{where} : l'appellation {code} est en double.")
        same = labels.setdefault(fold(label), code)
        if same != code:
            raise RomeFileError(f"{where} : « {label} » est déjà l'appellation {same}.")
        if sheet not in sheets:
            raise RomeFileError(f"{where} : la fiche {sheet} n'existe pas dans fiches.csv.")
        found[code] = JobTitle(code, label, sheet)
    return list(found.values())


def _with_game_trades(
    sheets: dict[str, Sheet], trades: TradeCatalogue, trades_path: Path
) -> dict[str, Sheet]:
    """The 50 trades' ROME 4.0 labels win; their child sheets join under their v3 parent."""
    merged = dict(sheets)
    for trade in trades:
        known = sheets.get(trade.code)
        if known is not None:
            merged[trade.code] = Sheet(trade.code, trade.label, known.domain, known.grand_domaine)
            continue
        parent = sheets.get(trade.parent_code)
        if parent is None:
            raise RomeFileError(
                f"{trades_path.name}, ligne {_line_of(trades_path, trade.code)} : {trade.code}"
                f" n'est pas une fiche et son parent {trade.parent_code} n'existe pas dans"
                " fiches.csv."
            )
        merged[trade.code] = Sheet(
            trade.code, trade.label, parent.domain, trade.grand_domaine, parent_code=parent.code
        )
    return merged


def _line_of(path: Path, code: str) -> int:
    """The line of ``path`` that starts with ``code`` (0 if none): for a message."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next((n for n, line in enumerate(lines, 1) if line.startswith(f"{code},")), 0)


@lru_cache(maxsize=4)
def _load_cached(data_dir: Path, trades_path: Path, stamp: tuple[float, ...]) -> Rome:
    del stamp  # part of the cache key only: a changed file is read again
    trades = load_trades(trades_path)
    domains = _grands_domaines(data_dir / "grands_domaines.csv")
    sheets = _sheets(data_dir / "fiches.csv")
    titles = _titles(data_dir / "appellations.csv", sheets)
    sheets = _with_game_trades(sheets, trades, trades_path)
    return Rome(sheets.values(), titles, domains, trades)


def load_rome(data_dir: Path | str = DATA_DIR, trades_path: Path | str = TRADES_PATH) -> Rome:
    """Read and check the ROME files (once per process while they are unchanged)."""
    data_dir, trades_path = Path(data_dir), Path(trades_path)
    files = [data_dir / n for n in ("grands_domaines.csv", "fiches.csv", "appellations.csv")]
    missing = [str(path) for path in [*files, trades_path] if not path.is_file()]
    if missing:
        raise RomeFileError(f"Fichier introuvable : {', '.join(missing)}.")
    stamp = tuple(path.stat().st_mtime for path in [*files, trades_path])
    return _load_cached(data_dir, trades_path, stamp)


def rome() -> Rome:
    """The ROME loaded at start-up for the current app."""
    catalogue: Rome = current_app.extensions[EXTENSION_KEY]
    return catalogue
