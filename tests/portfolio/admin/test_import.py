"""The CSV import: every bad row reported with its line number, nothing imported on error."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from builders import make_site, make_user
from portfolio.admin.services.trainee_import import credentials_csv, import_trainees
from portfolio.extensions import db
from portfolio.models import Role, User

HEADER = "identifiant;prenom;nom;email;date_naissance;referent\n"


def _users():
    return db.session.scalar(select(func.count(User.id)))


@pytest.mark.parametrize(
    "content,expected",
    [
        (b"", "Le fichier est vide"),
        (b"\x00\x01\x02PK\x03\x04", "n'est pas un fichier CSV"),
        (b"prenom;nom\nA;B\n", "Colonnes manquantes : identifiant"),
        (b"identifiant;prenom;nom;age\na.b;A;B;12\n", "Colonnes inconnues : age"),
        (HEADER.encode(), "aucun stagiaire"),
        (
            (HEADER + "a.b;A;B;pas-un-email;;\n").encode(),
            "Ligne 2 : email « pas-un-email » invalide",
        ),
        (
            (HEADER + "a.b;A;B;;31/02/2008;\n").encode(),
            "Ligne 2 : date de naissance « 31/02/2008 » non reconnue",
        ),
        ((HEADER + "a.b;A;B;;01/01/1950;\n").encode(), "peu probable"),
        ((HEADER + "a.b;A;B;;;inconnu\n").encode(), "référent « inconnu » inconnu sur ce site"),
        ((HEADER + "a.b;=HYPERLINK(1);B;;;\n").encode(), "caractère interdit"),
        ((HEADER + "a.b;A;B\n").encode(), "Ligne 2 : 3 colonnes au lieu de 6"),
        (
            (HEADER + "a.b;A;B;;;\nA.B;C;D;;;\n").encode(),
            "Ligne 3 : l'identifiant « a.b » est déjà à la ligne 2",
        ),
        (b"x" * 1_000_001, "trop gros"),
    ],
)
def test_bad_files_are_reported_and_nothing_is_imported(content, expected):
    site = make_site()
    before = _users()
    result = import_trainees(content, site, actor=None)
    db.session.rollback()
    assert not result.ok
    assert any(expected in str(e) for e in result.errors), [str(e) for e in result.errors]
    assert _users() == before


def test_all_errors_are_reported_at_once():
    site = make_site()
    make_user(site=site, login="deja.la")
    content = (HEADER + "deja.la;A;B;;;\nok.un;A;B;;;\n;C;D;;;\nok.deux;;;;;\n").encode()
    result = import_trainees(content, site, actor=None)
    lines = sorted(e.line for e in result.errors)
    assert lines == [2, 4, 5]


def test_windows_excel_file_with_commas_and_latin1_is_read():
    site = make_site()
    content = "identifiant,prénom,nom\nelo.d,Éloïse,Dupré\n".encode("cp1252")
    result = import_trainees(content, site, actor=None)
    db.session.commit()
    assert result.ok
    assert db.session.scalar(select(User).where(User.login == "elo.d")).first_name == "Éloïse"


def test_referent_of_another_site_is_unknown():
    site = make_site()
    make_user(Role.REFERENT, login="ailleurs")
    result = import_trainees((HEADER + "a.b;A;B;;;ailleurs\n").encode(), site, actor=None)
    assert "inconnu sur ce site" in str(result.errors[0])


def test_credentials_file_cannot_inject_formulas():
    from portfolio.services.accounts import ImportedAccount

    text = credentials_csv([ImportedAccount("a.b", "=cmd", "+x", "pw")])
    assert "'=cmd" in text and "'+x" in text
