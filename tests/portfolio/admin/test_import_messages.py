"""After a CSV import the page says what happened, with the right plural, in both languages."""

from __future__ import annotations

import io

import pytest

from builders import login, make_site, make_user, page_text
from portfolio.models import Role


def _import(client, csv_text: str):
    site = make_site()
    login(client, make_user(Role.ADMIN, site=site))
    return client.post(
        "/admin/import",
        data={"site_id": site.id, "file": (io.BytesIO(csv_text.encode()), "stagiaires.csv")},
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize(
    ("rows", "lang", "message"),
    [
        (1, "fr", "1 stagiaire ajouté."),
        (12, "fr", "12 stagiaires ajoutés."),
        (1, "en", "1 trainee added."),
        (12, "en", "12 trainees added."),
    ],
)
def test_a_successful_import_says_how_many_trainees_were_added(client, rows, lang, message):
    client.post("/langue", data={"lang": lang, "next": "/"})
    lines = "".join(f"eleve.{n};Prénom;Nom{n}\n" for n in range(rows))
    text = page_text(_import(client, "identifiant;prenom;nom\n" + lines))
    assert message in text


@pytest.mark.parametrize(
    ("bad_rows", "message"),
    [(1, "1 ligne à corriger."), (2, "2 lignes à corriger.")],
)
def test_a_refused_import_says_how_many_lines_to_fix(client, bad_rows, message):
    lines = "ok.one;Un;Deux\n" + "".join(f"BAD LOGIN {n};Trois;Quatre\n" for n in range(bad_rows))
    text = page_text(_import(client, "identifiant;prenom;nom\n" + lines))
    assert f"Rien n'a été importé : {message}" in text
