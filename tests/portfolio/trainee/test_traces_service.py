"""trainee.services without HTTP: drafts, complete traces, competencies, links, lists."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from builders_traces import COMP_A, COMP_B, counts, make_trace, retire
from sqlalchemy import select

from builders import make_user
from portfolio.extensions import db
from portfolio.models import (
    FrameworkVersion,
    Role,
    Trace,
    TraceCompetency,
    TraceContext,
    TraceStatus,
    utcnow,
)
from portfolio.trainee import services as traces
from portfolio.trainee.services import LinkInput, TraceData, TraceError, TraceFilters


def complete(**overrides: object) -> TraceData:
    values: dict[str, object] = {
        "title": "Atelier cuisine",
        "status": TraceStatus.COMPLETE,
        "body": "J'ai préparé le repas avec mon groupe.",
        "happened_on": date(2025, 3, 12),
        "context": TraceContext.WORKSHOP,
        "competency_ids": [COMP_A],
    }
    values.update(overrides)
    return TraceData(**values)  # type: ignore[arg-type]


def test_a_draft_needs_only_a_title_and_gets_today_and_other():
    trainee = make_user(Role.TRAINEE)
    trace = traces.create_trace(
        trainee, TraceData(title="  Visite du chantier  ", status=TraceStatus.DRAFT)
    )
    db.session.commit()
    assert trace.title == "Visite du chantier"
    assert trace.status is TraceStatus.DRAFT
    assert trace.happened_on == utcnow().date()
    assert trace.context is TraceContext.OTHER
    assert trace.competencies == []


def test_a_draft_without_title_is_refused():
    trainee = make_user(Role.TRAINEE)
    with pytest.raises(TraceError) as caught:
        traces.create_trace(trainee, TraceData(title="   ", status=TraceStatus.DRAFT))
    assert caught.value.errors == {"title": "Donnez un titre à votre trace."}
    db.session.rollback()
    assert counts()["Trace"] == 0


def test_a_complete_trace_needs_only_a_title_and_where_it_happened():
    trainee = make_user(Role.TRAINEE)
    with pytest.raises(TraceError) as caught:
        traces.create_trace(trainee, TraceData(title="", status=TraceStatus.COMPLETE))
    assert caught.value.errors == {
        "title": "Donnez un titre à votre trace.",
        "context": "Choisissez où cela s'est passé.",
    }
    assert "autre(s) point(s)" in str(caught.value)
    db.session.rollback()
    assert counts()["Trace"] == 0

    trace = traces.create_trace(
        trainee,
        TraceData(title="Stage", status=TraceStatus.COMPLETE, context=TraceContext.INTERNSHIP),
    )
    # The date defaults to today; text, competencies and company can come later.
    assert trace.status is TraceStatus.COMPLETE
    assert trace.happened_on == utcnow().date()
    assert (trace.body, trace.competencies, trace.company_name) == ("", [], None)


def test_an_internship_keeps_the_company_name_when_given():
    trainee = make_user(Role.TRAINEE)
    trace = traces.create_trace(
        trainee, complete(context=TraceContext.INTERNSHIP, company_name="Garage Martin")
    )
    assert trace.company_name == "Garage Martin"


def test_company_name_is_dropped_when_the_context_is_not_an_internship():
    trainee = make_user(Role.TRAINEE)
    trace = traces.create_trace(trainee, complete(company_name="Garage Martin"))
    assert trace.company_name is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "x" * 201, "Le titre est trop long"),
        ("body", "x" * 20_001, "Le texte est trop long"),
        ("happened_on", date.today() + timedelta(days=5), "dans le futur"),
        ("happened_on", date(1950, 1, 1), "trop ancienne"),
        ("happened_on", "2025-03-12", "La date n'est pas valide."),
        ("context", "atelier", "Choisissez un contexte dans la liste."),
        ("title", 42, "Le titre n'est pas valide."),
    ],
)
def test_bad_values_are_refused_with_a_message_and_nothing_is_written(field, value, message):
    trainee = make_user(Role.TRAINEE)
    with pytest.raises(TraceError) as caught:
        traces.create_trace(trainee, complete(**{field: value}))
    assert message in caught.value.errors[field]
    db.session.rollback()
    assert counts()["Trace"] == 0


def test_competencies_are_stored_with_framework_version_and_indicators():
    trainee = make_user(Role.TRAINEE)
    trace = traces.create_trace(
        trainee, complete(competency_ids=[COMP_B, COMP_A], indicator_ids=["E2C-1A-03"])
    )
    db.session.commit()
    rows = {tc.competency_id: tc for tc in trace.competencies}
    assert list(rows) == [COMP_A, COMP_B]  # framework order
    assert rows[COMP_A].framework_id == "e2c-apc"
    assert rows[COMP_A].framework_version == "2018.1"
    assert rows[COMP_A].indicator_ids == ["E2C-1A-03"]
    assert rows[COMP_B].indicator_ids == []
    # Evidence was recorded only after the framework version was stored.
    assert db.session.scalar(
        select(FrameworkVersion).where(FrameworkVersion.framework_id == "e2c-apc")
    )


def test_an_indicator_selects_its_competency():
    trainee = make_user(Role.TRAINEE)
    trace = traces.create_trace(trainee, complete(competency_ids=[], indicator_ids=["E2C-2A-01"]))
    assert [tc.competency_id for tc in trace.competencies] == ["E2C-2A"]


@pytest.mark.parametrize(
    ("ids", "indicators", "message"),
    [
        (["E2C-99Z"], [], "La compétence « E2C-99Z » n'existe pas"),
        (["E2C-D1"], [], "n'existe pas"),  # a domain is not a competency
        ([], ["E2C-1A-99"], "L'indicateur « E2C-1A-99 » n'existe pas"),
        ([7], [], "Cette compétence n'existe pas."),
    ],
)
def test_unknown_competencies_are_refused(ids, indicators, message):
    trainee = make_user(Role.TRAINEE)
    with pytest.raises(TraceError) as caught:
        traces.create_trace(trainee, complete(competency_ids=ids, indicator_ids=indicators))
    assert message in str(caught.value)


def test_a_retired_competency_cannot_be_added_but_stays_on_old_traces(monkeypatch):
    trainee = make_user(Role.TRAINEE)
    trace = make_trace(trainee, competencies=(COMP_A, COMP_B))
    fw = retire(monkeypatch, COMP_B)
    assert fw.get(COMP_B).retired

    other = make_user(Role.TRAINEE)
    with pytest.raises(TraceError) as caught:
        traces.create_trace(other, complete(competency_ids=[COMP_B]))
    assert "n'est plus utilisée" in str(caught.value)

    # Editing the old trace keeps the retired competency and its recorded version.
    traces.update_trace(trainee, trace, complete(title="Modifiée", competency_ids=[COMP_A, COMP_B]))
    db.session.commit()
    versions = {tc.competency_id: tc.framework_version for tc in trace.competencies}
    assert versions == {COMP_A: "2018.1", COMP_B: "2018.1"}
    # A competency added now is recorded with the new version.
    traces.update_trace(
        trainee, trace, complete(title="Modifiée", competency_ids=[COMP_A, COMP_B, "E2C-2A"])
    )
    assert {tc.competency_id: tc.framework_version for tc in trace.competencies}["E2C-2A"] == (
        fw.version
    )


def test_update_replaces_fields_links_and_competencies():
    trainee = make_user(Role.TRAINEE)
    trace = make_trace(trainee, competencies=(COMP_A,), links=("https://a.example.org/",))
    traces.update_trace(
        trainee,
        trace,
        complete(
            title="Nouveau titre",
            competency_ids=[COMP_B],
            links=[LinkInput("https://b.example.org/x", "Ma vidéo")],
        ),
    )
    db.session.commit()
    db.session.expire_all()
    fresh = db.session.get(Trace, trace.id)
    assert fresh.title == "Nouveau titre"
    assert [tc.competency_id for tc in fresh.competencies] == [COMP_B]
    assert [(link.url, link.title) for link in fresh.links] == [
        ("https://b.example.org/x", "Ma vidéo")
    ]
    assert counts()["TraceLink"] == 1
    assert counts()["TraceCompetency"] == 1


def test_a_complete_trace_can_go_back_to_draft_and_a_draft_can_be_completed():
    trainee = make_user(Role.TRAINEE)
    trace = traces.create_trace(trainee, TraceData(title="Vite fait", status=TraceStatus.DRAFT))
    traces.update_trace(trainee, trace, complete(title="Vite fait"))
    assert trace.status is TraceStatus.COMPLETE
    traces.update_trace(trainee, trace, TraceData(title="Vite fait", status=TraceStatus.DRAFT))
    assert trace.status is TraceStatus.DRAFT


def test_only_the_owner_trainee_can_change_a_trace():
    owner = make_user(Role.TRAINEE)
    trace = make_trace(owner)
    referent = make_user(Role.REFERENT, site=owner.site)
    other = make_user(Role.TRAINEE, site=owner.site)
    for intruder in (referent, other):
        with pytest.raises(traces.TraceNotFound):
            traces.update_trace(intruder, trace, complete(title="Piraté"))
        with pytest.raises(traces.TraceNotFound):
            traces.delete_trace(intruder, trace)
    with pytest.raises(TraceError):
        traces.create_trace(referent, complete())
    db.session.rollback()
    assert db.session.get(Trace, trace.id).title != "Piraté"


# --------------------------------------------------------------------------- links


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "ftp://example.org/file",
        "//example.org/no-scheme",
        "https://",
        "https://localhost/",
        "http://exa mple.org/",
        "https://example.org/\x00",
        "https://user:secret@example.org/",
        "https://example.org:99999/",
        "https://" + "a" * 2000 + ".org/",
        "",
    ],
)
def test_bad_links_are_refused(url):
    trainee = make_user(Role.TRAINEE)
    with pytest.raises(TraceError) as caught:
        traces.create_trace(trainee, complete(links=[LinkInput(url)]))
    assert caught.value.errors["links"]
    db.session.rollback()
    assert counts()["TraceLink"] == 0


def test_good_links_are_kept_and_shown_with_their_domain():
    link = traces.validate_link("  https://www.youtube.com/watch?v=abc  ")
    assert link.url == "https://www.youtube.com/watch?v=abc"
    assert traces.link_domain(link.url) == "youtube.com"
    assert traces.link_domain("http://Exemple.FR:8080/a") == "exemple.fr"
    assert traces.validate_link("HTTP://exemple.fr/").url == "HTTP://exemple.fr/"


def test_too_many_links_are_refused():
    trainee = make_user(Role.TRAINEE)
    links = [LinkInput(f"https://example.org/{n}") for n in range(traces.MAX_LINKS + 1)]
    with pytest.raises(TraceError) as caught:
        traces.create_trace(trainee, complete(links=links))
    assert "au plus 20 liens" in str(caught.value)


# --------------------------------------------------------------------------- lists


def test_list_filters_by_domain_competency_context_status_and_dates():
    trainee = make_user(Role.TRAINEE)
    a = make_trace(trainee, title="A", competencies=("E2C-1A",), happened_on=date(2025, 1, 10))
    b = make_trace(
        trainee,
        title="B",
        competencies=("E2C-2A",),
        context=TraceContext.INTERNSHIP,
        company_name="Garage",
        happened_on=date(2025, 2, 10),
    )
    c = traces.create_trace(
        trainee,
        TraceData(title="C", status=TraceStatus.DRAFT, happened_on=date(2025, 3, 10)),
    )
    db.session.commit()
    make_trace(make_user(Role.TRAINEE), title="Autre stagiaire", competencies=("E2C-1A",))

    def titles(**filters: object) -> list[str]:
        page = traces.list_traces(trainee, TraceFilters(**filters))  # type: ignore[arg-type]
        return [t.title for t in page.items]

    assert titles() == ["C", "B", "A"]
    assert titles(domain_id="E2C-D1") == ["A"]
    assert titles(competency_id="E2C-2A") == ["B"]
    assert titles(domain_id="E2C-D1", competency_id="E2C-2A") == []
    assert titles(context=TraceContext.INTERNSHIP) == ["B"]
    assert titles(status=TraceStatus.DRAFT) == ["C"]
    assert titles(date_from=date(2025, 2, 1)) == ["C", "B"]
    assert titles(date_from=date(2025, 2, 1), date_to=date(2025, 2, 28)) == ["B"]
    assert titles(domain_id="E2C-D99") == []
    assert {a.id, b.id, c.id} == {t.id for t in traces.list_traces(trainee).items}


def test_list_is_paginated_and_a_page_past_the_end_gives_the_last():
    trainee = make_user(Role.TRAINEE)
    for n in range(25):
        make_trace(trainee, title=f"T{n:02d}", happened_on=date(2025, 1, 1) + timedelta(days=n))
    first = traces.list_traces(trainee, page=1)
    assert (first.total, first.pages, len(first.items)) == (25, 2, 20)
    assert first.items[0].title == "T24"
    last = traces.list_traces(trainee, page=99)
    assert last.page == 2
    assert [t.title for t in last.items] == [f"T{n:02d}" for n in range(4, -1, -1)]
    assert not last.has_next and last.has_prev


@pytest.mark.parametrize("listing", [traces.list_traces, traces.list_cards])
def test_both_lists_keep_a_page_between_1_and_100_traces(listing):
    trainee = make_user(Role.TRAINEE)
    for n in range(3):
        make_trace(trainee, title=f"T{n}", photos=n, competencies=(COMP_A, COMP_B)[: n or 1])
    whole = listing(trainee, per_page=500)
    assert (whole.per_page, whole.pages, len(whole.items)) == (100, 1, 3)
    tiny = listing(trainee, per_page=0, page=2)
    assert (tiny.per_page, tiny.page, tiny.pages, len(tiny.items)) == (1, 2, 3, 1)
    # The cards say what the whole traces say, photos and competencies in their order.
    cards = traces.list_cards(trainee).items
    whole_traces = traces.list_traces(trainee).items
    assert [(c.id, c.title, len(c.photos)) for c in cards] == [
        (t.id, t.title, len(t.photos)) for t in whole_traces
    ]
    assert [[tag.competency_id for tag in c.competencies] for c in cards] == [
        [tc.competency_id for tc in t.competencies] for t in whole_traces
    ]


def test_find_trace_follows_who_may_see_the_trainee():
    referent = make_user(Role.REFERENT)
    trainee = make_user(Role.TRAINEE, site=referent.site, referent=referent)
    trace = make_trace(trainee)
    stranger_referent = make_user(Role.REFERENT, site=referent.site)
    site_admin = make_user(Role.ADMIN, site=referent.site)
    other_site_admin = make_user(Role.ADMIN, site=make_user(Role.TRAINEE).site)
    company = make_user(Role.COMPANY, site=referent.site)
    assert traces.find_trace(trainee, trace.id) is trace
    assert traces.find_trace(referent, trace.id) is trace
    assert traces.find_trace(site_admin, trace.id) is trace
    for viewer in (stranger_referent, other_site_admin, company, make_user(Role.TRAINEE)):
        assert traces.find_trace(viewer, trace.id) is None
    assert traces.find_trace(trainee, 2**40) is None
    assert traces.find_trace(trainee, -1) is None


def test_deleting_a_trace_removes_its_rows():
    trainee = make_user(Role.TRAINEE)
    trace = make_trace(trainee, competencies=(COMP_A, COMP_B), links=("https://e.org/x",))
    traces.delete_trace(trainee, trace)
    db.session.commit()
    assert counts() == {
        "Trace": 0,
        "TracePhoto": 0,
        "TraceLink": 0,
        "TraceCompetency": 0,
        "Assessment": 0,
    }
    assert db.session.scalar(select(TraceCompetency)) is None
