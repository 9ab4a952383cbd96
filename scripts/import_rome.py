"""Write the project's copy of the whole ROME from France Travail's open data.

Usage: ``python scripts/import_rome.py SOURCE_DIR`` where SOURCE_DIR holds
``rome_v3_fiches.csv`` (code_rome, libelle_rome, domaine_professionnel) and
``rome_v3_appellations.csv`` (code_ogr, libelle_appellation, code_rome), as described in
``portfolio/data/rome/PROVENANCE.md``. It writes ``portfolio/data/rome/fiches.csv`` and
``appellations.csv`` in the project's own layout (French column names, sorted, one provenance
header). Run it by hand when France Travail publishes a new version; the strict loader
(``portfolio.services.rome``) then checks what it wrote at every start-up.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "portfolio" / "data" / "rome"
HEADER = (
    "# {what}\n"
    "# Source : France Travail, ROME v3, données ouvertes (Licence Ouverte 2.0).\n"
    "# Codes et libellés officiels, repris comme des faits. Voir PROVENANCE.md.\n"
)


def _rows(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


def _write(path: Path, what: str, columns: list[str], rows: list[list[str]]) -> None:
    out = io.StringIO()
    out.write(HEADER.format(what=what))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def main(source: Path) -> None:
    sheets = sorted(
        [r["code_rome"].strip(), r["libelle_rome"].strip(), r["domaine_professionnel"].strip()]
        for r in _rows(source / "rome_v3_fiches.csv")
    )
    titles = sorted(
        (
            [r["code_ogr"].strip(), r["libelle_appellation"].strip(), r["code_rome"].strip()]
            for r in _rows(source / "rome_v3_appellations.csv")
        ),
        key=lambda row: (row[2], int(row[0])),
    )
    _write(
        TARGET / "fiches.csv",
        "Fiches métiers du ROME (toutes les fiches).",
        ["code", "libelle", "domaine_professionnel"],
        sheets,
    )
    _write(
        TARGET / "appellations.csv",
        "Appellations du ROME : les noms de métiers, chacun rattaché à sa fiche.",
        ["code", "libelle", "fiche"],
        titles,
    )
    print(f"{len(sheets)} fiches, {len(titles)} appellations -> {TARGET}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python scripts/import_rome.py SOURCE_DIR")
    main(Path(sys.argv[1]))
