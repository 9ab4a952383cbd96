"""Services of the partner space: project, showcase, consent, visibility, private links,
contacts, offers, search, joining; each with its bad input (nothing changes on error)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from builders_company import (
    COMP_A,
    COMP_B,
    confirm_level,
    count,
    make_contact,
    make_offer,
    make_partner,
    publish_trainee,
)
from builders_traces import make_trace
from sqlalchemy import select

from builders import counting_queries, make_site, make_user
from portfolio.company import services as company_service
from portfolio.company.services import search
from portfolio.extensions import db
from portfolio.models import (
    ApprovalState,
    Company,
    CompanyJoinRequest,
    ContactEvent,
    ContactRequest,
    ContactStatus,
    Notification,
    PartnershipAgreement,
    PrivateLink,
    Role,
    ShowcaseCompetency,
    ShowcaseTrace,
    TraceStatus,
    User,
    utcnow,
)
from portfolio.services.passwords import WeakPassword
from portfolio.services.rome import TradeFileError, load_trades, parse_trades, trades
from portfolio.showcase import services as service

# --- trades list -----------------------------------------------------------------------------


def test_trades_file_is_loaded_at_start_with_its_provenance():
    catalogue = trades()
    assert len(catalogue) == 50
    baker = catalogue.get("D1102")
    assert baker is not None and baker.label == "Boulanger / Boulangère"
    assert catalogue.get("N1110").parent_code == "N1103"  # ROME 4.0 child sheet keeps its parent
    assert "France Travail, ROME v4.60 (Licence Ouverte 2.0)" in catalogue.provenance
    assert [t.code for t in catalogue.search("boulangere")] == ["D1102"]  # no accent typed
    assert [letter for letter, _label in catalogue.grand_domaines()] == list("ADEFGHIJKMN")


HEADER = "code_rome,libelle,code_parent,libelle_parent,grand_domaine,libelle_grand_domaine\n"
PROVENANCE = "# Source : France Travail, ROME v4.60 (Licence Ouverte 2.0)\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEADER + "D1102,Boulanger,D1102,Boulanger,D,Commerce\n", "provenance"),
        (PROVENANCE + HEADER + "D11O2,Boulanger,D1102,Boulanger,D,Commerce\n", "ligne 3"),
        (PROVENANCE + HEADER + "D1102,Boulanger,D1102,Boulanger,F,Commerce\n", "grand domaine"),
        (PROVENANCE + HEADER + "D1102,,D1102,Boulanger,D,Commerce\n", "libellé est vide"),
        (
            PROVENANCE
            + HEADER
            + "D1102,Boulanger,D1102,Boulanger,D,Commerce\nD1102,Boulanger,D1102,B,D,Commerce\n",
            "en double",
        ),
        (PROVENANCE + "code,label\nD1102,Boulanger\n", "colonnes attendues"),
        (PROVENANCE + HEADER, "aucun métier"),
        (PROVENANCE + HEADER + "D1102,Boulanger,D1102\n", "colonnes"),
    ],
)
def test_a_wrong_trades_file_stops_the_start_with_its_line(text, message):
    with pytest.raises(TradeFileError, match=message):
        parse_trades(text)


def test_the_shipped_trades_file_validates(tmp_path):
    assert len(load_trades()) == 50
    bad = tmp_path / "metiers.csv"
    bad.write_text(PROVENANCE + HEADER + "Z9999,X,Z9999,X,Z,X\n", encoding="utf-8")
    with pytest.raises(TradeFileError, match="Z9999"):
        load_trades(bad)


# --- professional project ------------------------------------------------------------------


def test_project_keeps_trades_in_order_and_kinds():
    trainee = make_user(Role.TRAINEE)
    project = service.save_project(
        trainee,
        service.ProjectData(
            trade_codes=["G1602", "D1102", "G1602"],
            kinds=["job", "internship"],
            area="Roubaix",
            mobility="region",
            available_from=date(2026, 9, 1),
        ),
    )
    db.session.commit()
    assert [t.rome_code for t in project.trades] == ["G1602", "D1102"]
    assert [t.grand_domaine for t in project.trades] == ["G", "D"]
    assert {k.kind.value for k in project.kinds} == {"job", "internship"}
    assert project.area_folded == "roubaix"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"trade_codes": ["Z0000"]}, "pas dans la liste"),
        ({"trade_codes": [12]}, "pas dans la liste"),
        ({"trade_codes": []}, "au moins un métier"),
        ({"trade_codes": ["D1102", "D1101", "D1202", "D1214", "D1408", "D1505"]}, "au plus 5"),
        ({"kinds": ["holiday"]}, "n'existe pas"),
        ({"kinds": []}, "stage, alternance"),
        ({"mobility": "moon"}, "jusqu'où"),
        ({"area": "x" * 121}, "120"),
        ({"available_from": "2026-01-01"}, "pas valide"),
        ({"available_from": date(1900, 1, 1)}, "pas valide"),
    ],
)
def test_bad_project_is_refused_and_nothing_is_saved(data, message):
    trainee = make_user(Role.TRAINEE)
    base = {"trade_codes": ["D1102"], "kinds": ["job"], "area": "", "mobility": "city"}
    base.update(data)
    with pytest.raises(service.ShowcaseError, match=message):
        service.save_project(trainee, service.ProjectData(**base))
    db.session.rollback()
    assert service.project_of(trainee) is None


def test_only_a_trainee_has_a_project():
    referent = make_user(Role.REFERENT)
    with pytest.raises(service.ShowcaseError):
        service.save_project(referent, service.ProjectData(["D1102"], ["job"]))


# --- building the showcase -----------------------------------------------------------------


def _content(**overrides):
    data = {
        "presentation": "Bonjour",
        "trace_ids": [],
        "photo_ids": [],
        "competency_ids": [],
        "level_ids": [],
    }
    data.update(overrides)
    return service.ShowcaseContent(**data)


def test_showcase_takes_only_the_trainees_own_complete_traces_and_their_photos():
    trainee = make_user(Role.TRAINEE)
    other = make_user(Role.TRAINEE, site=trainee.site)
    mine = make_trace(trainee, photos=2)
    draft = make_trace(trainee, status=TraceStatus.DRAFT)
    theirs = make_trace(other, photos=1)
    service.save_showcase(trainee, _content(trace_ids=[mine.id], photo_ids=[mine.photos[0].id]))
    db.session.commit()
    showcase = service.showcase_of(trainee)
    before = [t.trace_id for t in showcase.traces]
    for bad in (
        _content(trace_ids=[theirs.id]),
        _content(trace_ids=[draft.id]),
        _content(trace_ids=[mine.id], photo_ids=[theirs.photos[0].id]),
        _content(trace_ids=[], photo_ids=[mine.photos[0].id]),  # photo of an unticked trace
        _content(trace_ids=["1"]),
        _content(trace_ids=[True]),
        _content(trace_ids=[2**40]),
        _content(competency_ids=["E2C-9Z"]),
        _content(competency_ids=["E2C-2A"]),  # exists, but no evidence in the portfolio
        _content(level_ids=[COMP_A]),  # a level without its competency
        _content(presentation="x" * 1501),
        _content(expires_on=utcnow().date()),
        _content(expires_on=utcnow().date() + timedelta(days=400)),
    ):
        with pytest.raises(service.ShowcaseError):
            service.save_showcase(trainee, bad)
        db.session.rollback()
    showcase = service.showcase_of(trainee)
    assert [t.trace_id for t in showcase.traces] == before
    assert [p.photo_id for p in showcase.photos] == [mine.photos[0].id]


def test_public_showcase_separates_confirmed_from_declared_and_hides_unchosen_levels():
    pub = publish_trainee(levels={COMP_A: 3}, show_levels=False)
    public = service.public_showcase(pub.showcase)
    assert [c.id for c in public.confirmed] == [COMP_A]
    assert [c.id for c in public.declared] == [COMP_B]
    assert public.confirmed[0].confirmed_level is None  # the trainee did not choose to show it
    service.save_showcase(
        pub.trainee,
        _content(
            presentation="Bonjour",
            trace_ids=[t.id for t in pub.traces],
            competency_ids=[COMP_A, COMP_B],
            level_ids=[COMP_A],
        ),
    )
    db.session.commit()
    public = service.public_showcase(pub.showcase)
    assert public.confirmed[0].confirmed_level == "J'analyse"
    assert public.name == f"{pub.trainee.first_name} {pub.trainee.last_name[0]}."
    assert pub.trainee.last_name not in public.name


def test_a_new_referent_level_updates_the_search_cache():
    pub = publish_trainee(levels={COMP_A: 1})
    row = db.session.scalar(
        select(ShowcaseCompetency).where(ShowcaseCompetency.competency_id == COMP_A)
    )
    assert row.confirmed_level == 1
    confirm_level(pub.trainee, pub.referent, COMP_A, 4)
    db.session.refresh(row)
    assert row.confirmed_level == 4


def test_withdrawing_a_trace_removes_it_and_its_photos_at_once():
    pub = publish_trainee(photos=2)
    first = pub.traces[0]
    service.withdraw_trace(pub.trainee, first.id)
    db.session.commit()
    public = service.public_showcase(pub.showcase)
    assert [t.id for t in public.traces] == [pub.traces[1].id]
    assert service.showcase_photo(pub.showcase, first.photos[0].id) is None
    with pytest.raises(service.ShowcaseError, match="pas dans votre vitrine"):
        service.withdraw_trace(pub.trainee, first.id)
    with pytest.raises(service.ShowcaseError):
        service.withdraw_trace(pub.trainee, "abc")


def test_deleting_a_trace_takes_it_out_of_the_showcase():
    from portfolio.trainee.services import delete_trace

    pub = publish_trainee()
    delete_trace(pub.trainee, pub.traces[0])
    db.session.commit()
    db.session.expire_all()
    assert count(ShowcaseTrace) == 1


# --- publishing and visibility -------------------------------------------------------------


def test_publish_records_consent_date_and_wording_version():
    pub = publish_trainee()
    showcase = pub.showcase
    assert showcase.is_published and showcase.consent_version == service.CONSENT_VERSION
    assert abs((utcnow() - showcase.consent_at).total_seconds()) < 60
    assert service.is_visible(showcase)


@pytest.mark.parametrize(
    ("consent", "version", "message"),
    [
        (False, service.CONSENT_VERSION, "Cochez la case"),
        ("yes", service.CONSENT_VERSION, "Cochez la case"),
        (True, "2019-0", "relisez"),
    ],
)
def test_publish_needs_consent_on_the_current_wording(consent, version, message):
    pub = publish_trainee(publish=False)
    with pytest.raises(service.ShowcaseError, match=message):
        service.publish(pub.trainee, consent=consent, consent_version=version)
    db.session.rollback()
    assert not service.showcase_of(pub.trainee).is_published


def test_publish_refuses_an_empty_showcase_or_no_project():
    trainee = make_user(Role.TRAINEE)
    with pytest.raises(service.ShowcaseError, match="vide"):
        service.publish(trainee, consent=True, consent_version=service.CONSENT_VERSION)
    trace = make_trace(trainee)
    service.save_showcase(trainee, _content(trace_ids=[trace.id]))
    with pytest.raises(service.ShowcaseError, match="projet professionnel"):
        service.publish(trainee, consent=True, consent_version=service.CONSENT_VERSION)


def test_unpublished_expired_or_deactivated_showcases_are_invisible_to_companies():
    pub = publish_trainee()
    company = make_partner(pub.trainee.site).company
    assert service.visible_to_company(pub.showcase, company)
    service.unpublish(pub.trainee)
    db.session.commit()
    assert not service.visible_to_company(pub.showcase, company)
    with pytest.raises(service.ShowcaseError, match="pas en ligne"):
        service.unpublish(pub.trainee)
    service.publish(pub.trainee, consent=True, consent_version=service.CONSENT_VERSION)
    pub.showcase.expires_at = utcnow() - timedelta(seconds=1)
    assert not service.visible_to_company(pub.showcase, company)
    pub.showcase.expires_at = None
    pub.trainee.active = False
    assert not service.visible_to_company(pub.showcase, company)


def test_companies_of_other_sites_see_it_only_when_network_wide():
    pub = publish_trainee()
    elsewhere = make_partner(make_site()).company
    not_partner = make_partner(pub.trainee.site, approved=False).company
    assert not service.visible_to_company(pub.showcase, elsewhere)
    assert not service.visible_to_company(pub.showcase, not_partner)
    pub.showcase.network_wide = True
    assert service.visible_to_company(pub.showcase, elsewhere)
    assert not service.visible_to_company(pub.showcase, not_partner)


def test_first_publication_waits_for_the_referent_when_the_site_asks():
    site = make_site()
    site.showcase_needs_approval = True
    db.session.commit()
    pub = publish_trainee(site)
    assert pub.showcase.approval is ApprovalState.PENDING
    assert not service.is_visible(pub.showcase)
    assert db.session.scalar(
        select(Notification).where(Notification.user_id == pub.referent.id)
    ).kind == ("approval_requested")
    assert service.pending_approvals(pub.referent) == [pub.showcase]
    assert service.pending_approvals(make_user(Role.REFERENT, site=site)) == []
    with pytest.raises(service.ShowcaseError, match="ce qu'il faut changer"):
        service.approve_or_refuse(pub.referent, pub.showcase, approve=False, note=" ")
    service.approve_or_refuse(pub.referent, pub.showcase, approve=True, note="")
    db.session.commit()
    assert service.is_visible(pub.showcase)
    # Later publications need no new approval.
    service.unpublish(pub.trainee)
    service.publish(pub.trainee, consent=True, consent_version=service.CONSENT_VERSION)
    assert service.is_visible(pub.showcase)
    with pytest.raises(service.ShowcaseError, match="n'attend pas"):
        service.approve_or_refuse(pub.referent, pub.showcase, approve=True, note="")


# --- private links -------------------------------------------------------------------------


def test_private_link_is_hashed_expires_and_can_be_revoked():
    pub = publish_trainee()
    link, token = service.create_private_link(pub.trainee, "Job dating mardi", 7)
    db.session.commit()
    assert token not in link.token_hash and len(link.token_hash) == 64
    assert service.resolve_private_link(token).status == "ok"
    assert service.resolve_private_link(token + "x").status == "unknown"
    assert service.resolve_private_link("court").status == "unknown"
    link.expires_at = utcnow() - timedelta(seconds=1)
    assert service.resolve_private_link(token).status == "expired"
    assert service.resolve_private_link(token).showcase is None
    link.expires_at = utcnow() + timedelta(days=1)
    service.revoke_private_link(pub.trainee, link.id)
    assert service.resolve_private_link(token).status == "revoked"


def test_private_link_shows_nothing_once_the_showcase_is_unpublished():
    pub = publish_trainee()
    _link, token = service.create_private_link(pub.trainee, "Salon", 1)
    service.unpublish(pub.trainee)
    state = service.resolve_private_link(token)
    assert state.status == "offline" and state.showcase is None


@pytest.mark.parametrize(
    ("label", "days", "message"),
    [
        ("", 7, "pour qui"),
        ("x" * 121, 7, "120"),
        ("Salon", 0, "1 à 30"),
        ("Salon", 31, "1 à 30"),
        ("Salon", "7", "1 à 30"),
        ("Salon", True, "1 à 30"),
    ],
)
def test_bad_private_link_requests_create_nothing(label, days, message):
    pub = publish_trainee()
    with pytest.raises(service.ShowcaseError, match=message):
        service.create_private_link(pub.trainee, label, days)
    db.session.rollback()
    assert count(PrivateLink) == 0


def test_a_trainee_cannot_revoke_someone_elses_link():
    pub = publish_trainee()
    link, token = service.create_private_link(pub.trainee, "Salon", 7)
    other = make_user(Role.TRAINEE, site=pub.trainee.site)
    with pytest.raises(service.ShowcaseError):
        service.revoke_private_link(other, link.id)
    assert service.resolve_private_link(token).status == "ok"


# --- contacts ------------------------------------------------------------------------------


def test_contact_tells_trainee_and_referent_and_hides_details_until_accepted():
    pub = publish_trainee(email="yanis@example.org")
    company_user = make_partner(pub.trainee.site)
    contact = make_contact(company_user, pub.showcase)
    told = {n.user_id: n.kind for n in db.session.scalars(select(Notification))}
    assert told == {
        pub.trainee.id: "contact_received",
        pub.referent.id: "contact_received_referent",
    }
    assert contact.shared_email == "" and contact.shared_phone == ""
    with pytest.raises(company_service.CompanyError, match="attendez sa réponse"):
        make_contact(company_user, pub.showcase)
    db.session.rollback()
    with pytest.raises(company_service.CompanyError, match="au moins un moyen"):
        company_service.accept_contact(pub.trainee, contact, email="", phone="")
    with pytest.raises(company_service.CompanyError, match="e-mail"):
        company_service.accept_contact(pub.trainee, contact, email="pas-une-adresse", phone="")
    db.session.rollback()
    assert contact.status is ContactStatus.PENDING
    company_service.accept_contact(
        pub.trainee, contact, email="yanis@example.org", phone="06 12 34 56 78"
    )
    db.session.commit()
    assert contact.status is ContactStatus.ACCEPTED
    assert contact.shared_phone == "06 12 34 56 78"
    actions = [e.action for e in db.session.scalars(select(ContactEvent).order_by(ContactEvent.id))]
    assert actions == ["sent", "accepted"]
    with pytest.raises(company_service.CompanyError, match="déjà répondu"):
        company_service.decline_contact(pub.trainee, contact)


def test_declined_contact_keeps_details_hidden_and_blocks_messages():
    pub = publish_trainee()
    company_user = make_partner(pub.trainee.site)
    contact = make_contact(company_user, pub.showcase)
    company_service.decline_contact(pub.trainee, contact, message="Merci, j'ai déjà trouvé.")
    db.session.commit()
    assert contact.status is ContactStatus.DECLINED and contact.shared_email == ""
    with pytest.raises(company_service.CompanyError, match="aura accepté"):
        company_service.post_message(company_user, contact, "Pouvons-nous en reparler bientôt ?")


def test_no_contact_with_an_unpublished_showcase_or_from_a_company_not_approved():
    pub = publish_trainee()
    waiting = make_partner(pub.trainee.site, approved=False)
    with pytest.raises(company_service.CompanyError, match="pas encore partenaire"):
        make_contact(waiting, pub.showcase)
    db.session.rollback()
    partner = make_partner(pub.trainee.site)
    service.unpublish(pub.trainee)
    db.session.commit()
    with pytest.raises(company_service.CompanyError, match="plus en ligne"):
        make_contact(partner, pub.showcase)
    db.session.rollback()
    service.publish(pub.trainee, consent=True, consent_version=service.CONSENT_VERSION)
    with pytest.raises(company_service.CompanyError, match="20 caractères"):
        company_service.send_contact(partner, pub.showcase, "Salut")
    db.session.rollback()
    assert count(ContactRequest) == 0


# --- offers --------------------------------------------------------------------------------


def test_offers_matching_the_project_come_first():
    pub = publish_trainee(trades=("D1102",), kinds=("apprenticeship",))
    company_user = make_partner(pub.trainee.site)
    far = make_offer(company_user, rome_code="N4101", kind="job")
    near = make_offer(company_user, rome_code="D1101", kind="internship")  # same grand domaine
    best = make_offer(company_user, rome_code="D1102", kind="apprenticeship")
    matches = company_service.offers_for_trainee(pub.trainee)
    assert [m.offer.id for m in matches] == [best.id, near.id, far.id]
    assert matches[0].same_trade and not matches[2].matches
    other_site = make_partner(make_site())
    make_offer(other_site)
    assert len(company_service.offers_for_trainee(pub.trainee)) == 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rome_code": "Z1234"}, "métier n'existe pas dans la liste"),
        ({"kind": "stage"}, "type d'offre"),
        ({"title": " "}, "Titre"),
        ({"place": ""}, "Lieu"),
        ({"starts_on": None}, "date de début"),
        ({"starts_on": "2026-01-01"}, "date de début"),
        ({"starts_on": date(2000, 1, 1)}, "passée"),
        ({"ends_on": date(2000, 1, 1)}, "après la date de début"),
    ],
)
def test_bad_offers_are_refused(change, message):
    user = make_partner(make_site())
    data = {
        "title": "Vendeur",
        "description": "",
        "rome_code": "D1505",
        "kind": "job",
        "place": "Lille",
        "starts_on": utcnow().date() + timedelta(days=3),
    }
    data.update(change)
    with pytest.raises(company_service.CompanyError, match=message):
        company_service.create_offer(user, company_service.OfferData(**data))


def test_answering_an_offer_needs_an_online_showcase_and_tells_the_company():
    pub = publish_trainee()
    company_user = make_partner(pub.trainee.site)
    offer = make_offer(company_user)
    service.unpublish(pub.trainee)
    with pytest.raises(company_service.CompanyError, match="en ligne"):
        company_service.answer_offer(pub.trainee, offer, "")
    service.publish(pub.trainee, consent=True, consent_version=service.CONSENT_VERSION)
    company_service.answer_offer(pub.trainee, offer, "Je suis motivé.")
    db.session.commit()
    assert db.session.scalar(
        select(Notification.kind).where(Notification.user_id == company_user.id)
    ) == ("offer_answered")
    with pytest.raises(company_service.CompanyError, match="déjà répondu"):
        company_service.answer_offer(pub.trainee, offer, "")
    company_service.close_offer(company_user, offer)
    other = publish_trainee(pub.trainee.site)
    with pytest.raises(company_service.CompanyError, match="fermée"):
        company_service.answer_offer(other.trainee, offer, "")


# --- search --------------------------------------------------------------------------------


def _criteria(**args):
    criteria, errors = search.parse_criteria(args)
    assert errors == {}
    return criteria


def test_search_shows_only_visible_showcases_ranked_by_relevance():
    site = make_site()
    referent = make_user(Role.REFERENT, site=site)
    strong = publish_trainee(site, referent=referent, levels={COMP_A: 4})
    weak = publish_trainee(site, referent=referent, levels={COMP_A: 1})
    declared = publish_trainee(site, referent=referent)  # COMP_A chosen, not confirmed
    hidden_levels = publish_trainee(site, referent=referent, levels={COMP_A: 4}, show_levels=False)
    offline = publish_trainee(site, referent=referent, levels={COMP_A: 4}, publish=False)
    company = make_partner(site).company

    result = search.search_showcases(company, _criteria(competence=COMP_A))
    ids = [h.showcase_id for h in result.hits]
    assert ids[0] == strong.showcase.id and ids[1] == weak.showcase.id
    assert set(ids) == {
        strong.showcase.id,
        weak.showcase.id,
        declared.showcase.id,
        hidden_levels.showcase.id,
    }
    assert offline.showcase.id not in ids

    minimum = search.search_showcases(company, _criteria(competence=COMP_A, niveau="2"))
    assert [h.showcase_id for h in minimum.hits] == [strong.showcase.id]
    assert minimum.hits[0].competencies[0].level == "Je transfère"
    by_domain = search.search_showcases(company, _criteria(competence="E2C-D1", niveau="4"))
    assert [h.showcase_id for h in by_domain.hits] == [strong.showcase.id]


def test_search_leaves_out_deactivated_trainees_and_expired_showcases():
    site = make_site()
    kept = publish_trainee(site)
    gone = publish_trainee(site)
    expired = publish_trainee(site)
    company = make_partner(site).company
    gone.trainee.active = False
    expired.showcase.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    result = search.search_showcases(company, _criteria())
    assert [h.showcase_id for h in result.hits] == [kept.showcase.id]
    assert result.total == 1


def test_a_page_past_the_end_shows_the_last_page():
    site = make_site()
    only = publish_trainee(site)
    company = make_partner(site).company
    result = search.search_showcases(company, _criteria(page="7"))
    assert result.page == 1 and [h.showcase_id for h in result.hits] == [only.showcase.id]


def test_search_by_trade_domain_kind_site_area_and_availability():
    site = make_site()
    baker = publish_trainee(site, trades=("D1102",), kinds=("job",), area="Lille Sud")
    cook = publish_trainee(
        site,
        trades=("G1602", "D1102"),
        kinds=("apprenticeship",),
        area="Roubaix",
        available_from=date(2030, 1, 1),
    )
    company = make_partner(site).company

    def ids(**args):
        return [h.showcase_id for h in search.search_showcases(company, _criteria(**args)).hits]

    assert ids(metier="D1102") == [baker.showcase.id, cook.showcase.id]  # first choice first
    assert ids(metier="G1602") == [cook.showcase.id]
    assert ids(domaine="G") == [cook.showcase.id]
    assert ids(type="job") == [baker.showcase.id]
    assert ids(lieu="lille") == [baker.showcase.id]
    assert ids(lieu="%") == []  # typed wildcards are plain characters
    assert set(ids(dispo="2026-06-01")) == {baker.showcase.id}
    assert set(ids(site=str(site.id))) == {baker.showcase.id, cook.showcase.id}
    assert ids(site=str(make_site().id)) == []


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"competence": "E2C-99"}, "competence"),
        ({"niveau": "2"}, "niveau"),
        ({"competence": COMP_A, "niveau": "9"}, "niveau"),
        ({"competence": COMP_A, "niveau": "deux"}, "niveau"),
        ({"metier": "D9999"}, "metier"),
        ({"domaine": "Z"}, "domaine"),
        ({"type": "vacances"}, "type"),
        ({"site": "abc"}, "site"),
        ({"site": "99999999999999"}, "site"),
        ({"dispo": "31/12/2026"}, "dispo"),
        ({"dispo": "2026-02-30"}, "dispo"),
        ({"lieu": "x" * 121}, "lieu"),
    ],
)
def test_bad_search_criteria_are_named_and_left_out(args, field):
    criteria, errors = search.parse_criteria(args)
    assert list(errors) == [field]
    without_it, _ = search.parse_criteria({k: v for k, v in args.items() if k != field})
    assert criteria == without_it


def test_search_query_count_does_not_grow_with_results():
    site = make_site()
    referent = make_user(Role.REFERENT, site=site)
    company = make_partner(site).company

    def queries(n):
        while len(list(db.session.scalars(select(ShowcaseCompetency.showcase_id).distinct()))) < n:
            publish_trainee(site, referent=referent, levels={COMP_A: 2})
        db.session.expire_all()
        with counting_queries() as statements:
            result = search.search_showcases(company, _criteria(competence=COMP_A))
        assert len(result.hits) == n
        return len(statements)

    assert queries(2) == queries(6)


def test_search_criteria_round_trip_through_the_query_string():
    criteria = _criteria(competence=COMP_A, niveau="3", metier="D1102", type="job", lieu="Lille")
    again, errors = search.parse_criteria(
        dict(p.split("=") for p in criteria.as_query().split("&"))
    )
    assert errors == {} and again == criteria


# --- joining -------------------------------------------------------------------------------


def _join(site, **overrides):
    data = {
        "site_id": site.id,
        "company_name": "Garage du Centre",
        "siret": "73282932000074",
        "first_name": "Paul",
        "last_name": "Durand",
        "email": "paul@garage.example",
        "phone": "03 20 00 00 00",
        "login": "paul.garage",
        "password": "vidange-pneu-42-phare",
        "password_confirm": "vidange-pneu-42-phare",
        "message": "",
        "accepts_charter": True,
    }
    data.update(overrides)
    return company_service.JoinRequestData(**data)


def test_join_request_then_approval_creates_partner_account_with_agreement():
    site = make_site()
    admin = make_user(Role.ADMIN, site=site)
    request = company_service.submit_join_request(_join(site))
    db.session.commit()
    assert request.password_hash != "vidange-pneu-42-phare"
    assert db.session.scalar(select(User).where(User.login == "paul.garage")) is None
    company, user = company_service.approve_join_request(
        admin, request, signed_on=utcnow().date(), reference="CONV-2025-12"
    )
    db.session.commit()
    assert company.approved_at is not None and company.siret == "73282932000074"
    assert user.role is Role.COMPANY and user.company_id == company.id
    agreement = db.session.scalar(select(PartnershipAgreement))
    assert agreement.reference == "CONV-2025-12" and agreement.recorded_by_id == admin.id
    from portfolio.services.accounts import authenticate

    assert authenticate("paul.garage", "vidange-pneu-42-phare") is not None
    with pytest.raises(company_service.CompanyError, match="déjà été traitée"):
        company_service.refuse_join_request(admin, request, "")


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"siret": "73282932000075"}, "SIRET"),
        ({"siret": "1234"}, "SIRET"),
        ({"email": "paul@"}, "e-mail"),
        ({"phone": "appelez-moi"}, "téléphone"),
        ({"login": "Paul Garage!"}, "identifiant"),
        ({"password_confirm": "autre-chose-1234"}, "identiques"),
        ({"password": "motdepasse123", "password_confirm": "motdepasse123"}, None),
        ({"accepts_charter": False}, "charte"),
        ({"company_name": ""}, "obligatoire"),
        ({"site_id": 999999}, "école"),
        ({"site_id": "1"}, "école"),
    ],
)
def test_bad_join_requests_are_refused(change, error):
    site = make_site()
    with pytest.raises((company_service.CompanyError, WeakPassword)) as caught:
        company_service.submit_join_request(_join(site, **change))
    if error:
        assert error in str(caught.value)
    db.session.rollback()
    assert count(CompanyJoinRequest) == 0


def test_a_login_already_used_is_accepted_and_the_approval_gives_a_free_one():
    """The public form does not tell whether a login exists (see test_company_join_logins)."""
    site = make_site()
    admin = make_user(Role.ADMIN, site=site)
    make_user(Role.TRAINEE, site=site, login="paul.garage")
    request = company_service.submit_join_request(_join(site))
    db.session.commit()
    assert company_service.given_login(request) == "paul.garage2"
    _company, user = company_service.approve_join_request(
        admin, request, signed_on=date.today(), reference=""
    )
    assert (request.login, user.login) == ("paul.garage", "paul.garage2")


def test_ending_a_partnership_hides_everything_from_the_company():
    pub = publish_trainee()
    admin = make_user(Role.ADMIN, site=pub.trainee.site)
    company_user = make_partner(pub.trainee.site)
    company = db.session.get(Company, company_user.company_id)
    company_service.end_partnership(admin, company)
    db.session.commit()
    assert not service.visible_to_company(pub.showcase, company)
    with pytest.raises(company_service.CompanyError, match="signature"):
        company_service.approve_company(admin, company, signed_on=None, reference="")
    with pytest.raises(company_service.CompanyError, match="futur"):
        company_service.approve_company(
            admin, company, signed_on=utcnow().date() + timedelta(days=2), reference=""
        )


# --- demo ----------------------------------------------------------------------------------


def test_demo_gives_the_demo_company_offers_and_yanis_a_published_showcase():
    from portfolio.demo import company as demo_company
    from portfolio.demo import seed_demo
    from portfolio.demo import traces as demo_traces
    from portfolio.models import Offer, Site

    seed_demo()
    site = db.session.scalar(select(Site).where(Site.slug == "demo"))
    users = {u.login: u for u in db.session.scalars(select(User))}
    demo_traces.seed(site, users)
    demo_company.seed(site, users)
    db.session.commit()
    offers = list(db.session.scalars(select(Offer)))
    assert {o.company.name for o in offers} == {"Boulangerie du Marché"}
    assert {o.rome_code for o in offers} == {"D1102", "D1505", "D1106"}
    assert {o.job_title for o in offers} == {"11573", None, "20560"}
    yanis = users["yanis"]
    showcase = service.showcase_of(yanis)
    company = users["entreprise"].company
    assert service.visible_to_company(showcase, company)
    public = service.public_showcase(showcase)
    assert public.name == "Yanis H." and public.traces and public.trades[0].code == "I1604"
    assert service.showcase_of(users["lea"]) is None  # the minor has not published
    result = search.search_showcases(company, _criteria(metier="I1604"))
    assert [h.showcase_id for h in result.hits] == [showcase.id]
