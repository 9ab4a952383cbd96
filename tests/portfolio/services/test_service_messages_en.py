"""Errors raised by the services reach the reader in the language chosen in the footer.

The services raise French messages marked for translation (portfolio.services.i18n); the
views show them with ``str(err)``. Each case is read once in French (the default) and once
in English, after POST /langue as the footer does.
"""

from __future__ import annotations

import io

import pytest
from builders_traces import COMP_A, counts, form_data, make_trace
from photos import samples

from builders import login, make_user, page_text
from portfolio.models import Role

# language -> what the page says; the other language's texts must not be on the page.
TRACE_FORM = {
    "fr": [
        "Donnez un titre à votre trace.",
        "Choisissez où cela s'est passé.",
        "« javascript:alert(1) » n'est pas une adresse web.",
    ],
    "en": [
        "Give your trace a title.",
        "Choose where it happened.",
        "“javascript:alert(1)” is not a web address.",
    ],
}
SELF_ASSESSMENT = {
    "fr": "Une des traces choisies n'existe pas dans votre portfolio.",
    "en": "One of the chosen traces is not in your portfolio.",
}
PHOTO = {
    # Built without Flask by portfolio.services.photos, translated where the trace is saved.
    "fr": "La photo est trop grande (maximum 40 millions de pixels).",
    "en": "The photo is too big (40 million pixels at most).",
}


def _other(lang: str) -> str:
    return "en" if lang == "fr" else "fr"


@pytest.fixture(params=["fr", "en"])
def lang(request):
    return request.param


@pytest.fixture
def trainee(client, lang):
    """A trainee logged in, who then chose ``lang`` in the footer (French is the default)."""
    user = make_user(Role.TRAINEE)
    login(client, user)
    if lang == "en":
        client.post("/langue", data={"lang": "en", "next": "/portfolio/"})
    return user


def test_trace_refused_by_the_service_is_explained_in_the_readers_language(client, trainee, lang):
    response = client.post(
        "/portfolio/traces/nouvelle",
        data=form_data(title="", body="", competencies=[], context="", links="javascript:alert(1)"),
    )
    assert response.status_code == 422
    text = page_text(response)
    for message in TRACE_FORM[lang]:
        assert message in text
    for message in TRACE_FORM[_other(lang)]:
        assert message not in text
    assert counts()["Trace"] == 0


def test_self_assessment_refused_by_the_service_is_explained_in_the_readers_language(
    client, trainee, lang
):
    theirs = make_trace(make_user(Role.TRAINEE, site=trainee.site))
    response = client.post(
        f"/portfolio/competences/{COMP_A}", data={"level": "3", "traces": [str(theirs.id)]}
    )
    assert response.status_code == 422
    text = page_text(response)
    assert SELF_ASSESSMENT[lang] in text
    assert SELF_ASSESSMENT[_other(lang)] not in text
    assert counts()["Assessment"] == 0


def test_photo_refused_by_the_service_is_explained_in_the_readers_language(client, trainee, lang):
    data = samples.jpeg_claiming_size(8000, 6000, padding=200_000)
    response = client.post(
        "/portfolio/traces/nouvelle",
        data={**form_data(), "photos": [(io.BytesIO(data), "geante.jpg")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    text = page_text(response)
    assert PHOTO[lang] in text
    assert PHOTO[_other(lang)] not in text
    assert counts()["Trace"] == 0
