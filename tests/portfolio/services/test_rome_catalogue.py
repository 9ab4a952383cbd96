"""The whole ROME: the strict loader refuses every broken line (file and line), the shipped copy
matches its source, and the game's 50 trades link to their sheets.

Small files written here (the line numbers the messages name are in their comments) prove
each refusal; the shipped files are then checked against ``tests/reference/rome_whole.csv``.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pytest

from portfolio.services.rome import RomeFileError, TradeFileError, UnknownTrade, load_rome, rome
from portfolio.services.rome.catalogue import DATA_DIR
from portfolio.services.rome.trades import DEFAULT_PATH as TRADES_PATH

REFERENCE = Path(__file__).resolve().parents[2] / "reference"
SOURCE = "# Source : France Travail, ROME v3, données ouvertes (Licence Ouverte 2.0).\n"
LETTERS = "ABCDEFGHIJKLMN"

GRANDS_DOMAINES = (
    "# Les grands domaines.\n"
    "# Source : France Travail, ROME, données ouvertes (Licence Ouverte 2.0).\n"
    "code,libelle\n"  # line 3; A is line 4 ... N is line 17
    + "".join(f"{letter},Domaine {letter}\n" for letter in LETTERS)
)
FICHES = (
    "# Fiches.\n"
    + SOURCE
    + "code,libelle,domaine_professionnel\n"  # line 3
    + "D1102,Boulangerie - viennoiserie,Alimentaire\n"  # line 4
    + "G1602,Personnel de cuisine,Restauration\n"  # line 5
    + "N1101,Conduite d'engins de déplacement des charges,Logistique\n"  # line 6
)
APPELLATIONS = (
    "# Appellations.\n"
    + SOURCE
    + "code,libelle,fiche\n"  # line 3
    + "11573,Boulanger / Boulangère,D1102\n"  # line 4
    + "11564,Cuisinier / Cuisinière,G1602\n"  # line 5
    + "12345,Cariste,N1101\n"  # line 6
)
METIERS = (
    "# Métiers du jeu.\n"
    "# Source : France Travail, ROME v4.60 (Licence Ouverte 2.0)\n"
    "code_rome,libelle,code_parent,libelle_parent,grand_domaine,libelle_grand_domaine\n"
    "D1102,Boulanger / Boulangère,D1102,Boulanger / Boulangère,D,Commerce\n"  # line 4
    "G1609,Pizzaïolo / Pizzaïola,G1602,Cuisinier / Cuisinière,G,Hôtellerie\n"  # line 5
)
FILES = {
    "grands_domaines.csv": GRANDS_DOMAINES,
    "fiches.csv": FICHES,
    "appellations.csv": APPELLATIONS,
    "metiers.csv": METIERS,
}


def write_files(folder: Path, name: str = "", old: str = "", new: str = "") -> Path:
    """The four small files in ``folder``, with ``old`` replaced by ``new`` in ``name``."""
    folder.mkdir(exist_ok=True)
    for file, text in FILES.items():
        if file == name:
            assert old in text, old
            text = text.replace(old, new, 1)
        (folder / file).write_text(text, encoding="utf-8")
    return folder


def load(folder: Path):
    return load_rome(folder, folder / "metiers.csv")


# --- the small files load, and the loader reads them as the module says ----------------------


def test_small_files_load_with_the_game_labels_winning_and_child_sheets_in_their_family(tmp_path):
    catalogue = load(write_files(tmp_path))
    assert sorted(catalogue.sheets) == ["D1102", "G1602", "G1609", "N1101"]
    assert catalogue.sheet("D1102").label == "Boulanger / Boulangère"  # v4 wins over v3
    assert catalogue.sheet("N1101").label == "Conduite d'engins de déplacement des charges"
    pizza = catalogue.sheet("G1609")
    assert pizza.parent_code == "G1602" and pizza.domain == "Restauration"
    assert catalogue.family("G1602") == catalogue.family("G1609") == ("G1602", "G1609")
    assert [t.label for t in catalogue.titles_of("G1609")] == ["Cuisinier / Cuisinière"]
    assert catalogue.family("Z9999") == () and catalogue.titles_of("Z9999") == ()
    assert catalogue.grand_domaine_label("G") == "Domaine G"


# --- every broken line is refused with its file and line ---------------------------------------

BROKEN = [
    pytest.param(
        "fiches.csv",
        "code,libelle,domaine_professionnel",
        "code,label,domaine",
        "fiches.csv, ligne 3 : colonnes attendues code, libelle, domaine_professionnel",
        id="wrong header",
    ),
    pytest.param(
        "appellations.csv",
        SOURCE,
        "",
        "appellations.csv : la ligne de provenance « Source : France Travail » manque",
        id="no provenance line",
    ),
    pytest.param(
        "fiches.csv",
        "G1602,",
        "G16O2,",
        "fiches.csv, ligne 5 : code « G16O2 » invalide",
        id="bad sheet code (letter O for zero)",
    ),
    pytest.param(
        "fiches.csv",
        "N1101,",
        "Z1101,",
        "fiches.csv, ligne 6 : code « Z1101 » invalide",
        id="bad sheet code (no such grand domaine)",
    ),
    pytest.param(
        "fiches.csv",
        "N1101,Conduite",
        "D1102,Conduite",
        "fiches.csv, ligne 6 : la fiche D1102 est en double",
        id="duplicate sheet",
    ),
    pytest.param(
        "appellations.csv",
        "12345,Cariste",
        "11573,Cariste",
        "appellations.csv, ligne 6 : l'appellation 11573 est en double",
        id="duplicate job title code",
    ),
    pytest.param(
        "appellations.csv",
        "12345,Cariste,N1101",
        "12345,CUISINIER / cuisinière,N1101",
        "appellations.csv, ligne 6 : « CUISINIER / cuisinière » est déjà l'appellation 11564",
        id="duplicate job title label",
    ),
    pytest.param(
        "appellations.csv",
        "12345,Cariste",
        "12a45,Cariste",
        "appellations.csv, ligne 6 : code d'appellation « 12a45 » invalide",
        id="bad job title code",
    ),
    pytest.param(
        "appellations.csv",
        "Cariste,N1101",
        "Cariste,N9999",
        "appellations.csv, ligne 6 : la fiche N9999 n'existe pas dans fiches.csv",
        id="title pointing to a missing sheet",
    ),
    pytest.param(
        "appellations.csv",
        "12345,Cariste,",
        "12345,  ,",
        "appellations.csv, ligne 6 : une case est vide ou trop longue",
        id="empty cell",
    ),
    pytest.param(
        "fiches.csv",
        "Personnel de cuisine",
        "Cuisine " * 26,
        "fiches.csv, ligne 5 : une case est vide ou trop longue",
        id="too long cell",
    ),
    pytest.param(
        "appellations.csv",
        "12345,Cariste,N1101",
        "12345,Cariste",
        "appellations.csv, ligne 6 : 3 colonnes attendues, 2 lues",
        id="too few columns",
    ),
    pytest.param(
        "fiches.csv",
        "G1602,Personnel de cuisine,Restauration",
        "G1602,Personnel de cuisine,Restauration,en trop",
        "fiches.csv, ligne 5 : 3 colonnes attendues, 4 lues",
        id="too many columns",
    ),
    pytest.param(
        "grands_domaines.csv",
        "N,Domaine N\n",
        "",
        "grands_domaines.csv : les 14 grands domaines",
        id="13 grands domaines",
    ),
    pytest.param(
        "grands_domaines.csv",
        "N,Domaine N",
        "M,Domaine M bis",
        "grands_domaines.csv, ligne 17 : lettre « M » invalide ou en double",
        id="grand domaine twice",
    ),
    pytest.param(
        "grands_domaines.csv",
        "N,Domaine N",
        "O,Domaine O",
        "grands_domaines.csv, ligne 17 : lettre « O » invalide ou en double",
        id="grand domaine letter out of A-N",
    ),
    pytest.param(
        "metiers.csv",
        "G1609,Pizzaïolo / Pizzaïola,G1602,",
        "G1609,Pizzaïolo / Pizzaïola,G1699,",
        "metiers.csv, ligne 5 : G1609 n'est pas une fiche et son parent G1699 n'existe pas",
        id="game trade whose parent sheet is missing",
    ),
    pytest.param(
        "appellations.csv",
        "11573,Boulanger / Boulangère,D1102\n11564,Cuisinier / Cuisinière,G1602\n"
        "12345,Cariste,N1101\n",
        "",
        "appellations.csv : le fichier n'a aucune ligne de données",
        id="header only",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "message"), BROKEN)
def test_a_broken_line_is_refused_with_its_file_and_line(tmp_path, name, old, new, message):
    folder = write_files(tmp_path, name, old, new)
    with pytest.raises(RomeFileError) as err:
        load(folder)
    assert message in str(err.value)


def test_a_file_not_in_utf8_or_missing_is_refused_by_name(tmp_path):
    folder = write_files(tmp_path)
    (folder / "fiches.csv").write_bytes(FICHES.encode("latin-1"))
    with pytest.raises(RomeFileError, match=r"fiches\.csv : le fichier n'est pas en UTF-8"):
        load(folder)
    (folder / "fiches.csv").unlink()
    with pytest.raises(RomeFileError, match=r"Fichier introuvable : .*fiches\.csv"):
        load(folder)


def test_a_broken_game_trades_file_is_refused_with_its_line(tmp_path):
    folder = write_files(tmp_path, "metiers.csv", "G1609,Pizza", "G16O9,Pizza")
    with pytest.raises(TradeFileError, match=r"metiers\.csv, ligne 5 : code ROME « G16O9 »"):
        load(folder)


def test_a_fixed_file_is_read_again(tmp_path):
    """The loader keeps what it read while the files are unchanged, never a stale refusal."""
    folder = write_files(tmp_path, "appellations.csv", "Cariste,N1101", "Cariste,N9999")
    with pytest.raises(RomeFileError):
        load(folder)
    write_files(folder)
    assert load(folder).title("12345").sheet_code == "N1101"
    assert load(folder) is load(folder)


def test_the_service_refuses_to_start_on_a_broken_rome_file(tmp_path, db_url):
    from portfolio import create_app

    folder = tmp_path / "rome"
    shutil.copytree(DATA_DIR, folder)
    path = folder / "appellations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines, 1) if line.startswith("11987,"))
    lines[number - 1] = lines[number - 1].replace(",A1101", ",A9999")
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(RomeFileError) as err:
        create_app({"SQLALCHEMY_DATABASE_URI": db_url, "SECRET_KEY": "x", "ROME_DIR": str(folder)})
    assert str(err.value) == (
        f"appellations.csv, ligne {number} : la fiche A9999 n'existe pas dans fiches.csv."
    )


# --- the shipped files ----------------------------------------------------------------------


def _reference() -> dict[str, dict[str, str]]:
    with (REFERENCE / "rome_whole.csv").open(encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def _data_rows(path: Path) -> list[list[str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = list(csv.reader(line for line in lines if not line.startswith("#")))
    return sorted([cell.strip() for cell in row] for row in rows[1:])


@pytest.mark.parametrize("name", ["fiches.csv", "appellations.csv"])
def test_the_shipped_copy_is_the_published_rome(name):
    """Same rows, same codes, same words as the source (tests/reference/PROVENANCE.md)."""
    expected = _reference()[name]
    rows = _data_rows(DATA_DIR / name)
    digest = hashlib.sha256("".join("\t".join(row) + "\n" for row in rows).encode()).hexdigest()
    assert len(rows) == int(expected["rows"])
    assert digest == expected["sha256"]


def test_the_shipped_files_load_whole(app):
    catalogue = rome()
    v3 = [s for s in catalogue if s.parent_code is None]
    children = sorted(s.code for s in catalogue if s.parent_code is not None)
    assert len(v3) == int(_reference()["fiches.csv"]["rows"]) == 532
    assert children == ["A1208", "F1619", "G1609", "K2205", "M1855", "N1110"]
    assert len(catalogue.titles) == 11_118
    assert list(catalogue.grands_domaines) == list(LETTERS)
    assert catalogue.label("N1101", "0") == catalogue.sheet("N1101").label  # no such title
    assert catalogue.label("Z9999") == "Z9999"  # no such sheet: the raw code
    cariste = next(t for t in catalogue.titles.values() if t.label == "Cariste")
    assert catalogue.label("N1101", cariste.code) == "Cariste"
    assert {s.grand_domaine for s in catalogue} == set(LETTERS)
    assert all(s.grand_domaine == s.code[0] for s in catalogue)


def test_each_of_the_50_trades_has_its_v4_label_and_a_family_with_titles(app):
    catalogue = rome()
    assert len(catalogue.trades) == 50
    for trade in catalogue.trades:
        sheet = catalogue.sheet(trade.code)
        assert sheet is not None and sheet.label == trade.label, trade.code
        assert sheet.family_code == trade.parent_code, trade.code
        assert trade.code in catalogue.family(trade.parent_code), trade.code
        assert catalogue.titles_of(trade.code), f"{trade.code} has no job title to pick"
        domain = catalogue.grand_domaine_label(trade.grand_domaine)
        assert domain == trade.grand_domaine_label, trade.code
    assert catalogue.sheet("G1803").label == "Serveur / Serveuse en restauration"
    assert catalogue.sheet("F1619").parent_code is not None


def test_a_pick_keeps_its_sheet_and_an_unknown_one_is_refused_in_plain_french(app):
    catalogue = rome()
    cariste = next(t for t in catalogue.titles.values() if t.label == "Cariste")
    assert catalogue.choose(" n1101 ").code == "N1101"
    assert catalogue.choose(None, cariste.code).code == "N1101"
    child = catalogue.sheet("N1110")  # a ROME 4.0 child sheet: its parent's titles are its own
    parent_title = catalogue.titles_of(child.parent_code)[0]
    assert catalogue.choose("N1110", parent_title.code).code == "N1110"
    pizza = catalogue.titles_of("G1609")[0]
    assert catalogue.choose("G1609", pizza.code).job_title == pizza.code
    message = "Ce métier n'existe pas dans la liste. Choisissez-le à nouveau."
    for code, title in [
        ("Z9999", None),
        (None, None),
        ("", None),
        ("N1101", "999999999"),
        ("D1102", cariste.code),  # a title of another sheet
        (42, None),
    ]:
        with pytest.raises(UnknownTrade) as err:
            catalogue.choose(code, title)  # type: ignore[arg-type]
        assert str(err.value) == message


def test_the_loader_reads_the_shipped_files_by_default():
    assert load_rome() is load_rome(DATA_DIR, TRADES_PATH)
