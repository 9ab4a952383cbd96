"""Where a person lands after logging in or choosing a language: only a page of this site.

The address to go back to comes from the person (a form field, the query string), so anyone
can craft it; a browser reads a ``Location`` more loosely than Python does (a tab is dropped,
a backslash is a slash). Every hostile value must land on the home page, never elsewhere and
never on an error page.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from builders import PASSWORD, make_user
from portfolio import security

ROOT = Path(__file__).resolve().parents[3]
HOME = "/"

HOSTILE = [
    "/\t/evil.example/",  # the probe: answered Location: //evil.example/
    "/\n/x",  # the probe: a newline in a header, answered 500
    "/\r/x",
    "/\r\nSet-Cookie: a=b",
    "/x\x00y",
    "/\x7f",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "/%5Cevil.example",
    "/%09/evil.example/",
    "/%0A/x",
    "/%0d%0aSet-Cookie:%20a=b",
    "/%252F/evil.example",  # encoded twice
    "/ /evil.example",
    " /connexion",
    "/connexion ",
    "/\u00a0/evil.example",  # no-break space
    "/\u2028/evil.example",  # line separator
    "/\uff0f/evil.example",  # fullwidth solidus
    "/\u2215evil.example",  # division slash
    "/\u2044evil.example",  # fraction slash
    "/\ufe68evil.example",  # small reverse solidus
    "/%EF%BC%8F/evil.example",  # fullwidth solidus, encoded
    "https://evil.example/",
    "https:evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<b>x</b>",
    "evil.example",
    "connexion",
    "",
    pytest.param("/" + "a" * 5000, id="very-long"),
]

SAFE = [
    "/",
    "/connexion",
    "/parametres#jetons",
    "/referent/stagiaires?tri=nom&voir=tous",
    "/entreprise/recherche?q=%C3%A9b%C3%A9niste",  # accents, encoded as browsers send them
]


@pytest.mark.parametrize("target", HOSTILE)
def test_a_hostile_target_falls_back_to_the_default(target):
    assert security.safe_next(target, "/ici") == "/ici"


@pytest.mark.parametrize("target", [None, 42, b"/connexion", ["/connexion"]])
def test_a_target_that_is_not_text_falls_back_to_the_default(target):
    assert security.safe_next(target, "/ici") == "/ici"


@pytest.mark.parametrize("target", SAFE)
def test_a_page_of_this_site_is_kept(target):
    assert security.safe_next(target, "/ici") == target


@pytest.mark.parametrize("target", HOSTILE)
def test_choosing_a_language_never_leaves_the_site(client, target):
    response = client.post("/langue", data={"lang": "en", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == HOME


@pytest.mark.parametrize("target", HOSTILE)
def test_logging_in_never_leaves_the_site(client, target):
    user = make_user()
    response = client.post(
        "/connexion?next=" + quote(target, safe=""),
        data={"login": user.login, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == HOME


def test_a_page_of_this_site_is_followed_after_login_and_language(client):
    user = make_user()
    response = client.post(
        "/connexion?next=" + quote("/parametres?x=1#jetons", safe=""),
        data={"login": user.login, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/parametres?x=1#jetons"
    response = client.post("/langue", data={"lang": "en", "next": "/parametres"})
    assert response.headers["Location"] == "/parametres"


def test_every_next_target_read_from_a_request_goes_through_safe_next():
    """A new view reading ``next`` from the request must use the one helper."""
    reads = re.compile(r"request\.(args|form|values)\.get\(\s*[\"']next[\"']")
    offenders = []
    for path in sorted((ROOT / "portfolio").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if reads.search(line) and "safe_next(" not in line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert not offenders, offenders
    assert "request.referrer" not in "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "portfolio").rglob("*.py")
    )


def test_a_page_that_asked_for_a_login_opens_after_it(client):
    user = make_user()
    asked = client.get("/parametres?x=1")
    assert asked.status_code == 302 and "/connexion?next=" in asked.headers["Location"]
    response = client.post(
        asked.headers["Location"], data={"login": user.login, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/parametres?x=1"
