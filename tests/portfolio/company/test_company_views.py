"""Pages of the partner space, as trainees, companies, referents and admins use them, with the
bad input of the issue: unpublished or withdrawn showcase, private link after expiry or
revocation, company not yet approved, a trace id not in the showcase, a flood of contacts."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from builders_company import (
    COMP_A,
    count,
    make_contact,
    make_offer,
    make_partner,
    publish_trainee,
)
from builders_traces import make_trace
from sqlalchemy import select

from builders import login, make_site, make_user, page_text
from portfolio.extensions import db
from portfolio.models import (
    ApprovalState,
    CompanyJoinRequest,
    ContactRequest,
    ContactStatus,
    Offer,
    OfferAnswer,
    PrivateLink,
    Role,
    SavedSearch,
    ShowcaseView,
    User,
    utcnow,
)
from portfolio.showcase import services as service


def _logout(client):
    client.post("/deconnexion")


def _public_part(html: str) -> str:
    """The showcase as rendered for a company, with the address-only differences removed."""
    match = re.search(
        r'<article class="showcase-public".*?</article>\s*</section>\s*</article>', html, re.S
    )
    assert match, "no showcase in the page"
    part = re.sub(r'(src|href)="[^"]*"', r'\1=""', match.group(0))
    return re.sub(r"\s+", " ", part)


# --- the company side: what it may and may not see -----------------------------------------


def test_company_sees_a_published_showcase_and_the_view_is_logged(client):
    pub = publish_trainee(levels={COMP_A: 3})
    company_user = make_partner(pub.trainee.site, name="Boulangerie Dupain")
    login(client, company_user)
    response = client.get(f"/entreprise/vitrines/{pub.showcase.id}")
    text = page_text(response)
    assert response.status_code == 200
    assert "Atelier boulangerie" in text and "Confirmée" in text and "J'analyse" in text
    assert pub.trainee.last_name not in text  # only the initial
    client.get(f"/entreprise/vitrines/{pub.showcase.id}")  # a reload counts once
    assert count(ShowcaseView) == 1
    _logout(client)
    login(client, pub.trainee)
    visits = page_text(client.get("/vitrine/visites"))
    assert "Boulangerie Dupain" in visits


def test_unpublishing_hides_the_showcase_on_the_next_request(client):
    pub = publish_trainee()
    company_user = make_partner(pub.trainee.site)
    login(client, company_user)
    url = f"/entreprise/vitrines/{pub.showcase.id}"
    assert client.get(url).status_code == 200
    assert (
        client.get("/entreprise/recherche").get_data(as_text=True).count("/entreprise/vitrines/")
        == 1
    )
    service.unpublish(pub.trainee)
    db.session.commit()
    response = client.get(url)
    assert response.status_code == 404
    assert "Atelier boulangerie" not in page_text(response)
    assert client.get(f"{url}/traces/{pub.traces[0].id}").status_code == 404
    assert client.get(f"{url}/photos/{pub.traces[0].photos[0].id}").status_code == 404
    assert "/entreprise/vitrines/" not in client.get("/entreprise/recherche").get_data(as_text=True)


def test_a_withdrawn_trace_and_its_photos_are_gone_for_the_company(client):
    pub = publish_trainee()
    company_user = make_partner(pub.trainee.site)
    first = pub.traces[0]
    login(client, pub.trainee)
    response = client.post(f"/vitrine/traces/{first.id}/retirer", follow_redirects=True)
    assert "La trace est retirée" in page_text(response)
    _logout(client)
    login(client, company_user)
    base = f"/entreprise/vitrines/{pub.showcase.id}"
    assert "Atelier boulangerie" not in page_text(client.get(base))
    assert client.get(f"{base}/traces/{first.id}").status_code == 404
    assert client.get(f"{base}/photos/{first.photos[0].id}").status_code == 404


def test_a_trace_or_photo_id_that_is_not_in_the_showcase_answers_404(client):
    pub = publish_trainee()
    outside = make_trace(pub.trainee, title="Trace privée", photos=1)
    other = publish_trainee(pub.trainee.site)
    company_user = make_partner(pub.trainee.site)
    login(client, company_user)
    base = f"/entreprise/vitrines/{pub.showcase.id}"
    assert client.get(f"{base}/traces/{pub.traces[1].id}").status_code == 200
    for url in (
        f"{base}/traces/{outside.id}",
        f"{base}/traces/{other.traces[0].id}",
        f"{base}/photos/{outside.photos[0].id}",
        f"{base}/photos/{other.traces[0].photos[0].id}",
        f"{base}/traces/999999",
        "/entreprise/vitrines/99999999999",
    ):
        assert client.get(url).status_code == 404, url
    photo = client.get(f"{base}/photos/{pub.traces[0].photos[0].id}?vignette=1")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    assert photo.headers["X-Content-Type-Options"] == "nosniff"


def test_a_company_not_yet_approved_sees_only_a_plain_page(client):
    pub = publish_trainee()
    waiting = make_partner(pub.trainee.site, approved=False)
    login(client, waiting)
    for url in (
        "/entreprise/",
        "/entreprise/recherche",
        f"/entreprise/vitrines/{pub.showcase.id}",
        "/entreprise/offres/nouvelle",
    ):
        response = client.get(url)
        assert response.status_code == 404
        text = page_text(response)
        assert "pas (ou plus) partenaire" in text
        assert pub.trainee.first_name not in text
    response = client.post(
        f"/entreprise/vitrines/{pub.showcase.id}/contact",
        data={"message": "Bonjour, nous aimerions vous rencontrer.", "offer_id": 0},
    )
    assert response.status_code == 404 and count(ContactRequest) == 0


def test_another_sites_company_cannot_open_a_showcase_unless_network_wide(client):
    pub = publish_trainee()
    elsewhere = make_partner(make_site())
    login(client, elsewhere)
    url = f"/entreprise/vitrines/{pub.showcase.id}"
    assert client.get(url).status_code == 404
    pub.showcase.network_wide = True
    db.session.commit()
    assert client.get(url).status_code == 200


def test_preview_shows_exactly_what_a_company_sees(client):
    pub = publish_trainee(levels={COMP_A: 2})
    company_user = make_partner(pub.trainee.site)
    login(client, pub.trainee)
    preview = client.get("/vitrine/apercu").get_data(as_text=True)
    _logout(client)
    login(client, company_user)
    seen = client.get(f"/entreprise/vitrines/{pub.showcase.id}").get_data(as_text=True)
    assert _public_part(preview) == _public_part(seen)
    assert "Voici exactement ce qu'une entreprise voit" in page_text_of(preview)


def page_text_of(html: str) -> str:
    import html as html_lib

    return html_lib.unescape(html)


# --- contacts ------------------------------------------------------------------------------


def test_contact_then_acceptance_releases_only_the_chosen_details(client):
    pub = publish_trainee(email="yanis.h@example.org")
    company_user = make_partner(pub.trainee.site, name="Fournil Nord")
    login(client, company_user)
    response = client.post(
        f"/entreprise/vitrines/{pub.showcase.id}/contact",
        data={
            "message": "Bonjour, votre profil nous intéresse pour une alternance.",
            "offer_id": 0,
        },
        follow_redirects=True,
    )
    text = page_text(response)
    assert "Votre message est envoyé" in text
    assert "yanis.h@example.org" not in text and "Pas encore de réponse" in text
    contact = db.session.scalar(select(ContactRequest))
    _logout(client)

    login(client, pub.trainee)
    home = page_text(client.get("/vitrine/"))
    assert "Fournil Nord" in home and "Avis (1 nouveau)" in home
    page = page_text(client.get(f"/vitrine/contacts/{contact.id}"))
    assert "votre profil nous intéresse" in page
    response = client.post(
        f"/vitrine/contacts/{contact.id}/accepter",
        data={"email": "", "phone": "06 11 22 33 44", "message": ""},
        follow_redirects=True,
    )
    assert "C'est accepté" in page_text(response)
    notices = page_text(client.get("/vitrine/avis"))
    assert "Fournil Nord vous a écrit" in notices
    assert "Avis (1 nouveau)" not in page_text(client.get("/vitrine/"))
    _logout(client)

    login(client, company_user)
    text = page_text(client.get(f"/entreprise/contacts/{contact.id}"))
    assert "06 11 22 33 44" in text and "yanis.h@example.org" not in text
    assert "accepté" in text and "lu" in text  # the log shows what happened
    first = page_text(client.get("/entreprise/avis"))
    assert "Nouveau" in first  # the company's notices page opens and shows the new answer
    assert "Nouveau" not in page_text(client.get("/entreprise/avis"))  # and marks it read


def test_the_referent_is_told_and_sees_the_contact(client):
    pub = publish_trainee()
    company_user = make_partner(pub.trainee.site, name="Garage Est")
    make_contact(company_user, pub.showcase)
    login(client, pub.referent)
    notices = page_text(client.get("/vitrine/avis"))
    assert "Garage Est" in notices
    followed = page_text(client.get(f"/vitrine/suivi/{pub.trainee.id}"))
    assert "Garage Est" in followed


def test_declining_keeps_details_hidden(client):
    pub = publish_trainee(email="ines@example.org")
    company_user = make_partner(pub.trainee.site)
    contact = make_contact(company_user, pub.showcase)
    login(client, pub.trainee)
    client.post(f"/vitrine/contacts/{contact.id}/refuser", data={"message": "Non merci."})
    db.session.expire_all()
    assert db.session.get(ContactRequest, contact.id).status is ContactStatus.DECLINED
    _logout(client)
    login(client, company_user)
    text = page_text(client.get(f"/entreprise/contacts/{contact.id}"))
    assert "ne souhaite pas donner suite" in text and "ines@example.org" not in text


def test_a_flood_of_contact_messages_is_rate_limited(app, client):
    app.config["CONTACT_RATE_LIMIT"] = "3 per hour"
    site = make_site()
    showcases = [publish_trainee(site).showcase for _ in range(4)]
    company_user = make_partner(site)
    login(client, company_user)
    statuses = []
    for showcase in showcases:
        response = client.post(
            f"/entreprise/vitrines/{showcase.id}/contact",
            data={"message": "Bonjour, nous recrutons des apprentis cette année.", "offer_id": 0},
        )
        statuses.append(response.status_code)
    assert statuses == [302, 302, 302, 429]
    assert count(ContactRequest) == 3
    assert "Trop d'essais" in page_text(response)
    # Another person of the same company shares the budget.
    colleague = make_user(Role.COMPANY, site=site, company=company_user.company)
    _logout(client)
    login(client, colleague)
    response = client.post(
        f"/entreprise/vitrines/{showcases[3].id}/contact",
        data={"message": "Bonjour, nous recrutons des apprentis cette année.", "offer_id": 0},
    )
    assert response.status_code == 429 and count(ContactRequest) == 3


def test_bad_contact_forms_change_nothing(client):
    pub = publish_trainee()
    company_user = make_partner(pub.trainee.site)
    login(client, company_user)
    url = f"/entreprise/vitrines/{pub.showcase.id}/contact"
    for data in (
        {},
        {"message": "court", "offer_id": 0},
        {"message": "x" * 3000, "offer_id": 0},
        {"message": "Bonjour, je voudrais vous rencontrer.", "offer_id": "abc"},
    ):
        response = client.post(url, data=data)
        assert response.status_code == 200
    other_offer = make_offer(make_partner(pub.trainee.site, name="Autre"))
    response = client.post(
        url, data={"message": "Bonjour, je voudrais vous rencontrer.", "offer_id": other_offer.id}
    )
    assert response.status_code == 200  # not one of our offers: the form refuses the choice
    assert count(ContactRequest) == 0


def test_a_trainee_cannot_answer_someone_elses_contact(client):
    pub = publish_trainee()
    contact = make_contact(make_partner(pub.trainee.site), pub.showcase)
    other = make_user(Role.TRAINEE, site=pub.trainee.site)
    login(client, other)
    assert client.get(f"/vitrine/contacts/{contact.id}").status_code == 404
    response = client.post(
        f"/vitrine/contacts/{contact.id}/accepter", data={"email": "x@example.org"}
    )
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(ContactRequest, contact.id).status is ContactStatus.PENDING


# --- private links -------------------------------------------------------------------------


def _create_link(client, label="Job dating mardi", days=7):
    response = client.post("/vitrine/liens", data={"label": label, "days": days})
    html = response.get_data(as_text=True)
    match = re.search(r'value="(http://localhost/lien/[^"]+)"', html)
    return response, match.group(1).replace("http://localhost", "") if match else None


def test_private_link_shows_the_showcase_with_a_qr_code_and_only_once(client):
    pub = publish_trainee()
    login(client, pub.trainee)
    response, url = _create_link(client)
    html = response.get_data(as_text=True)
    assert url and 'src="data:image/svg+xml' in html
    token = url.rsplit("/", 1)[1]
    assert token not in client.get("/vitrine/liens").get_data(as_text=True)
    _logout(client)
    shown = client.get(url)
    assert shown.status_code == 200 and "Atelier boulangerie" in page_text(shown)
    photo_id = pub.traces[0].photos[0].id
    assert client.get(f"{url}/photos/{photo_id}").status_code == 200
    assert client.get(f"{url}/traces/{pub.traces[0].id}").status_code == 200
    outside = make_trace(pub.trainee, photos=1)
    assert client.get(f"{url}/traces/{outside.id}").status_code == 404
    assert client.get(f"{url}/photos/{outside.photos[0].id}").status_code == 404
    db.session.expire_all()
    assert db.session.scalar(select(PrivateLink)).use_count == 1
    assert count(ShowcaseView) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("expire", "Ce lien a expiré."),
        ("revoke", "Ce lien a été retiré."),
        ("unpublish", "Cette vitrine n'est plus en ligne."),
        ("unknown", "Ce lien n'existe pas."),
    ],
)
def test_private_link_after_expiry_or_revocation_shows_a_clear_page_and_nothing_else(
    client, change, message
):
    pub = publish_trainee()
    login(client, pub.trainee)
    _response, url = _create_link(client)
    link = db.session.scalar(select(PrivateLink))
    if change == "revoke":
        client.post(f"/vitrine/liens/{link.id}/retirer")
    elif change == "unpublish":
        client.post("/vitrine/retirer")
    elif change == "expire":
        link.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    elif change == "unknown":
        url = url[:-3] + "abc"
    _logout(client)
    for address in (url, f"{url}/traces/{pub.traces[0].id}"):
        response = client.get(address)
        text = page_text(response)
        assert response.status_code == 404
        assert message in text
        assert pub.trainee.first_name not in text and "Atelier boulangerie" not in text
    assert client.get(f"{url}/photos/{pub.traces[0].photos[0].id}").status_code == 404


def test_bad_private_link_forms_create_nothing(client):
    pub = publish_trainee()
    login(client, pub.trainee)
    for data in (
        {"label": "", "days": 7},
        {"label": "Salon", "days": 365},
        {"label": "Salon", "days": "abc"},
        {"label": "x" * 200, "days": 7},
    ):
        response = client.post("/vitrine/liens", data=data)
        assert response.status_code == 200
    assert count(PrivateLink) == 0
    other = make_user(Role.TRAINEE, site=pub.trainee.site)
    link, _token = service.create_private_link(pub.trainee, "Salon", 3)
    db.session.commit()
    _logout(client)
    login(client, other)
    assert client.post(f"/vitrine/liens/{link.id}/retirer").status_code == 404
    db.session.expire_all()
    assert db.session.get(PrivateLink, link.id).revoked_at is None


# --- the trainee building and publishing ---------------------------------------------------


def test_trainee_builds_publishes_and_unpublishes_from_the_pages(client):
    trainee = make_user(Role.TRAINEE, birth_date=date(2001, 1, 1))
    trace = make_trace(trainee, title="Inventaire au magasin", photos=1)
    login(client, trainee)
    found = page_text(
        client.post("/vitrine/projet", data={"trades-texte": "boulang", "trades-chercher": "1"})
    )
    assert "Boulanger / Boulangère" in found and "Cariste" not in found
    assert service.project_of(trainee) is None  # a search saves nothing
    response = client.post(
        "/vitrine/projet",
        data={"trades": ["N1103"], "kinds": ["job"], "area": "Douai", "mobility": "department"},
        follow_redirects=True,
    )
    assert "Votre projet est enregistré" in page_text(response)
    assert "Préparateur / Préparatrice de commandes" in page_text(response)
    response = client.post(
        "/vitrine/modifier",
        data={
            "presentation": "Je suis organisé et ponctuel.",
            "traces": [trace.id],
            "photos": [trace.photos[0].id],
            "competencies": [COMP_A],
            "levels": [COMP_A],
        },
        follow_redirects=True,
    )
    text = page_text(response)
    assert "Aperçu de ma vitrine" in text and "Inventaire au magasin" in text
    publish_page = page_text(client.get("/vitrine/publier"))
    assert "moins de 18 ans" not in publish_page and service.CONSENT_VERSION in publish_page
    response = client.post(
        "/vitrine/publier",
        data={"consent_version": service.CONSENT_VERSION},
        follow_redirects=True,
    )
    assert "Cochez la case" in page_text(response)
    assert not service.showcase_of(trainee).is_published
    response = client.post(
        "/vitrine/publier",
        data={"consent": "y", "consent_version": service.CONSENT_VERSION},
        follow_redirects=True,
    )
    assert "Votre vitrine est en ligne." in page_text(response)
    assert "Ma vitrine est en ligne" in page_text(response)
    response = client.post("/vitrine/retirer", follow_redirects=True)
    assert "Plus aucune entreprise ne la voit" in page_text(response)
    db.session.expire_all()
    assert not service.showcase_of(trainee).is_published


def test_a_minor_gets_a_plain_reminder_before_publishing(client):
    pub = publish_trainee(
        birth_date=date.today().replace(year=date.today().year - 16), publish=False
    )
    login(client, pub.trainee)
    text = page_text(client.get("/vitrine/publier"))
    assert "Important : vous avez moins de 18 ans" in text
    assert "parlez-en avec votre référent" in text


def test_hostile_showcase_forms_change_nothing(client):
    pub = publish_trainee()
    stranger = make_user(Role.TRAINEE, site=pub.trainee.site)
    theirs = make_trace(stranger, title="Pas à moi")
    login(client, pub.trainee)
    before = [t.trace_id for t in service.showcase_of(pub.trainee).traces]
    for data in (
        {"presentation": "x", "traces": ["abc"]},
        {"presentation": "x", "traces": [theirs.id]},
        {"presentation": "x", "traces": [pub.traces[0].id], "photos": ["1.5"]},
        {"presentation": "x", "competencies": ["<script>"]},
        {"presentation": "x", "expires_on": "demain"},
        {"presentation": "x" * 5000},
    ):
        response = client.post("/vitrine/modifier", data=data)
        assert response.status_code == 200
    db.session.expire_all()
    assert [t.trace_id for t in service.showcase_of(pub.trainee).traces] == before
    assert "Pas à moi" not in page_text(client.get("/vitrine/apercu"))
    response = client.post(f"/vitrine/traces/{theirs.id}/retirer", follow_redirects=True)
    assert "Cette trace n'est pas dans votre vitrine." in page_text(response)


def test_referent_approves_a_first_publication_from_the_preview(client):
    site = make_site()
    site.showcase_needs_approval = True
    db.session.commit()
    pub = publish_trainee(site)
    company_user = make_partner(site)
    login(client, company_user)
    assert client.get(f"/entreprise/vitrines/{pub.showcase.id}").status_code == 404
    _logout(client)
    login(client, pub.trainee)
    assert "attend l'accord de mon référent" in page_text(client.get("/vitrine/"))
    _logout(client)
    other_referent = make_user(Role.REFERENT, site=site)
    login(client, other_referent)
    assert client.get(f"/vitrine/validations/{pub.showcase.id}").status_code == 404
    _logout(client)
    login(client, pub.referent)
    assert "Vitrines (1 à valider)" in page_text(client.get("/vitrine/validations"))
    page = page_text(client.get(f"/vitrine/validations/{pub.showcase.id}"))
    assert "Atelier boulangerie" in page
    response = client.post(
        f"/vitrine/validations/{pub.showcase.id}", data={"decision": "maybe", "note": ""}
    )
    assert "Choisissez" in page_text(response)
    response = client.post(
        f"/vitrine/validations/{pub.showcase.id}",
        data={"decision": "approve", "note": ""},
        follow_redirects=True,
    )
    assert "La vitrine est validée" in page_text(response)
    db.session.expire_all()
    assert service.showcase_of(pub.trainee).approval is ApprovalState.APPROVED
    _logout(client)
    login(client, company_user)
    assert client.get(f"/entreprise/vitrines/{pub.showcase.id}").status_code == 200


# --- search and saved searches -------------------------------------------------------------


def test_search_page_reports_bad_criteria_in_french_and_still_answers(client):
    pub = publish_trainee()
    login(client, make_partner(pub.trainee.site))
    response = client.get("/entreprise/recherche?competence=XYZ&dispo=abc&niveau=9&page=-3")
    text = page_text(response)
    assert response.status_code == 200
    assert "Cette compétence n'existe pas" in text
    assert "1 vitrine trouvée" in text


def test_saved_searches_belong_to_the_company(client):
    site = make_site()
    company_user = make_partner(site)
    login(client, company_user)
    response = client.post(
        "/entreprise/recherches",
        data={"name": "Boulangers", "query": "metier=D1102&type=apprenticeship"},
        follow_redirects=True,
    )
    assert "La recherche est enregistrée" in page_text(response)
    assert "Boulangers" in page_text(client.get("/entreprise/"))
    bad = client.post(
        "/entreprise/recherches",
        data={"name": "Bizarre", "query": "metier=ZZZ"},
        follow_redirects=True,
    )
    assert "contient une erreur" in page_text(bad)
    saved = db.session.scalar(select(SavedSearch))
    assert count(SavedSearch) == 1
    _logout(client)
    login(client, make_partner(site, name="Autre"))
    assert client.post(f"/entreprise/recherches/{saved.id}/supprimer").status_code == 404
    assert count(SavedSearch) == 1


# --- offers --------------------------------------------------------------------------------


def test_offer_flow_company_posts_trainee_answers_company_sees_showcase(client):
    pub = publish_trainee(trades=("D1102",))
    company_user = make_partner(pub.trainee.site, name="Pains d'Antan")
    login(client, company_user)
    starts = (utcnow().date() + timedelta(days=20)).isoformat()
    response = client.post(
        "/entreprise/offres/nouvelle",
        data={
            "title": "Apprenti boulanger",
            "rome_code": "D1102",
            "kind": "apprenticeship",
            "place": "Lille",
            "starts_on": starts,
            "description": "Au fournil.",
        },
        follow_redirects=True,
    )
    assert "L'offre est publiée" in page_text(response)
    offer = db.session.scalar(select(Offer))
    bad = client.post(
        "/entreprise/offres/nouvelle",
        data={"title": "X", "rome_code": "ZZZ", "kind": "job", "place": "L", "starts_on": starts},
    )
    assert "Ce métier n'existe pas dans la liste" in page_text(bad)
    assert count(Offer) == 1
    _logout(client)
    login(client, pub.trainee)
    offers = page_text(client.get("/vitrine/offres"))
    assert "Apprenti boulanger" in offers and "Va avec mon projet" in offers
    response = client.post(
        f"/vitrine/offres/{offer.id}/repondre",
        data={"message": "Je suis motivé."},
        follow_redirects=True,
    )
    assert "Votre réponse est envoyée" in page_text(response)
    assert count(OfferAnswer) == 1
    _logout(client)
    login(client, company_user)
    page = client.get(f"/entreprise/offres/{offer.id}").get_data(as_text=True)
    assert f"/entreprise/vitrines/{pub.showcase.id}" in page and "Je suis motivé." in page_text_of(
        page
    )


def test_offers_of_other_companies_or_sites_are_404(client):
    pub = publish_trainee()
    offer = make_offer(make_partner(make_site(), name="Ailleurs"))
    login(client, pub.trainee)
    assert client.get(f"/vitrine/offres/{offer.id}").status_code == 404
    assert client.post(f"/vitrine/offres/{offer.id}/repondre", data={}).status_code == 404
    _logout(client)
    login(client, make_partner(pub.trainee.site))
    assert client.get(f"/entreprise/offres/{offer.id}").status_code == 404
    assert client.post(f"/entreprise/offres/{offer.id}/fermer").status_code == 404


# --- joining and approval ------------------------------------------------------------------


def _join_form(site, **overrides):
    data = {
        "site_id": site.id,
        "company_name": "Menuiserie Leroy",
        "siret": "",
        "first_name": "Anne",
        "last_name": "Leroy",
        "email": "anne@menuiserie.example",
        "phone": "",
        "login": "anne.leroy",
        "password": "copeau-rabot-77-chene",
        "password_confirm": "copeau-rabot-77-chene",
        "message": "Nous prenons des apprentis.",
        "accepts_charter": "y",
    }
    data.update(overrides)
    return data


def test_company_signs_up_admin_approves_and_the_company_logs_in(client):
    site = make_site()
    admin = make_user(Role.ADMIN, site=site)
    response = client.post("/entreprise/rejoindre", data=_join_form(site))
    assert "votre demande est envoyée" in page_text(response)
    request = db.session.scalar(select(CompanyJoinRequest))
    client.post("/connexion", data={"login": "anne.leroy", "password": "copeau-rabot-77-chene"})
    assert client.get("/entreprise/recherche").status_code in (302, 401)  # no account yet
    login(client, admin)
    assert "Entreprises (1 demande)" in page_text(client.get("/entreprise/gestion"))
    response = client.post(
        f"/entreprise/gestion/demandes/{request.id}",
        data={"signed_on": date.today().isoformat(), "reference": "CONV-7"},
        follow_redirects=True,
    )
    assert "Menuiserie Leroy est partenaire" in page_text(response)
    _logout(client)
    client.post("/connexion", data={"login": "anne.leroy", "password": "copeau-rabot-77-chene"})
    assert client.get("/entreprise/recherche").status_code == 200


def test_bad_join_forms_create_nothing(app, client):
    app.config["JOIN_RATE_LIMIT"] = "100 per hour"
    site = make_site()
    for change in (
        {"company_name": ""},
        {"accepts_charter": ""},
        {"password_confirm": "pas-pareil-12345"},
        {"siret": "12345678901234"},
        {"site_id": "abc"},
        {"email": "anne"},
        {"password": "azerty1234", "password_confirm": "azerty1234"},
    ):
        response = client.post("/entreprise/rejoindre", data=_join_form(site, **change))
        assert response.status_code == 200
        assert "votre demande est envoyée" not in page_text(response)
    assert count(CompanyJoinRequest) == 0


def test_a_flood_of_join_requests_is_rate_limited(app, client):
    app.config["JOIN_RATE_LIMIT"] = "2 per hour"
    site = make_site()
    statuses = [
        client.post("/entreprise/rejoindre", data=_join_form(site, login=f"anne.{n}")).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert count(CompanyJoinRequest) == 2


def test_join_form_needs_its_csrf_token(csrf_app):
    client = csrf_app.test_client()
    site = make_site()
    response = client.post("/entreprise/rejoindre", data=_join_form(site))
    assert response.status_code == 400 and count(CompanyJoinRequest) == 0


def test_admins_only_handle_their_own_sites_companies(client):
    site, other = make_site(), make_site()
    from portfolio.company import services as company_service

    request = company_service.submit_join_request(
        company_service.JoinRequestData(
            site_id=other.id,
            company_name="Loin",
            siret="",
            first_name="A",
            last_name="B",
            email="a@b.example",
            phone="",
            login="loin.loin",
            password="etoile-mer-58-vent",
            password_confirm="etoile-mer-58-vent",
            message="",
            accepts_charter=True,
        )
    )
    db.session.commit()
    waiting = make_partner(other, approved=False)
    login(client, make_user(Role.ADMIN, site=site))
    assert client.get(f"/entreprise/gestion/demandes/{request.id}").status_code == 404
    assert client.get(f"/entreprise/gestion/entreprises/{waiting.company_id}").status_code == 404
    response = client.post(
        f"/entreprise/gestion/entreprises/{waiting.company_id}",
        data={"signed_on": date.today().isoformat()},
    )
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(User, waiting.id).company.approved_at is None


def test_the_home_partial_shows_the_project_and_the_showcase_state(app):
    from flask import render_template_string
    from flask_login import login_user

    pub = publish_trainee(trades=("D1102", "G1602"), kinds=("apprenticeship",), area="Lille")
    with app.test_request_context("/"):
        login_user(pub.trainee)
        html = page_text_of(render_template_string('{% include "showcase/_home_project.html" %}'))
    assert "Boulanger / Boulangère, Commis / Commise de cuisine" in html
    assert "Alternance" in html and "Ma vitrine est en ligne." in html
