"""The generated E2C network (``flask demo network``): the counts asked for, rows that keep the
rules, pages that work for its people, and every main page's SQL query count flat with size."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import delete, func, select

from builders import counting_queries
from portfolio.demo import network_exits
from portfolio.demo.network import PASSWORD, NetworkSize, build_network
from portfolio.demo.network_follow_up import PATH_DAYS
from portfolio.extensions import db
from portfolio.models import (
    Activity,
    ActivitySession,
    ActivityTarget,
    Assessment,
    AssessmentSource,
    AssessmentStream,
    Attendance,
    Company,
    ContactMethod,
    Conversation,
    ConversationMessage,
    ConversationRead,
    ExplicitationNote,
    FollowUpContact,
    Handover,
    Internship,
    NoteCompetency,
    NoteReaction,
    NoteReply,
    NoteRevision,
    NoteVisibility,
    Objective,
    ObjectiveStatus,
    ProfessionalProject,
    ProjectTrade,
    ReactionChoice,
    ReferentAssignment,
    ReferentVisit,
    Review,
    ReviewCompetency,
    SessionAnimator,
    SessionParticipant,
    Showcase,
    ShowcaseCompetency,
    ShowcaseTrace,
    Site,
    Trace,
    TraceCompetency,
    TracePhoto,
    TraceStatus,
    TraineeExit,
    User,
    utcnow,
)
from portfolio.services.frameworks import framework, store_versions
from portfolio.services.passwords import hash_password
from portfolio.services.rome.trades import load_trades
from portfolio.trainee.services.photos import photo_storage

SMALL = NetworkSize(
    sites=2,
    trainees=12,
    referents=4,
    companies=2,
    traces=240,
    assessments=480,
    photos=30,
    showcases=6,
    sessions=40,
    messages=300,
    notes=60,
)
BIGGER = NetworkSize(
    sites=3,
    trainees=60,
    referents=6,
    companies=3,
    traces=3000,
    assessments=6000,
    photos=300,
    showcases=30,
    sessions=400,
    messages=3000,
    notes=300,
)
GENERATED = [
    Handover,
    Internship,
    FollowUpContact,
    TraineeExit,
    ProjectTrade,
    ProfessionalProject,
    NoteReaction,
    NoteReply,
    NoteRevision,
    NoteCompetency,
    ExplicitationNote,
    Objective,
    ReviewCompetency,
    Review,
    ConversationRead,
    ConversationMessage,
    Conversation,
    SessionParticipant,
    SessionAnimator,
    ActivitySession,
    ActivityTarget,
    Activity,
    ShowcaseCompetency,
    ShowcaseTrace,
    Showcase,
    TracePhoto,
    AssessmentStream,
    Assessment,
    TraceCompetency,
    Trace,
    ReferentVisit,
    ReferentAssignment,
    User,
    Company,
    Site,
]


def _generate(size: NetworkSize, sample: int = 2) -> dict[str, int]:
    store_versions()
    db.session.commit()
    with db.engine.connect() as conn:
        return build_network(
            conn,
            size,
            framework(),
            hash_password(PASSWORD),
            storage=photo_storage(),
            sample_trainees=sample,
            report=lambda *_args: None,
        )


def _wipe() -> None:
    db.session.remove()
    with db.engine.begin() as conn:
        for model in GENERATED:
            conn.execute(delete(model))


def _count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_the_network_has_the_counts_asked_for_and_keeps_the_rules(app):
    written = _generate(SMALL)
    assert _count(Site) == written["site"] == 2
    assert _count(Company) == 2
    assert _count(User) == 4 + 12 + 2
    assert _count(Trace) == 240
    assert _count(Assessment) == 480
    # Each stream of levels has its row, as the levels grouped give it (the home and the gap
    # page read these rows).
    a, s = Assessment, AssessmentStream
    keys = (a.trainee_id, a.framework_id, a.competency_id, a.source)
    grouped = select(*keys, func.min(a.id), func.max(a.id), func.count(a.id)).group_by(*keys)
    kept = select(
        s.trainee_id, s.framework_id, s.competency_id, s.source, s.first_id, s.last_id, s.total
    )
    streams = {tuple(row) for row in db.session.execute(kept)}
    assert written["assessment_stream"] == len(streams) > 100
    assert streams == {tuple(row) for row in db.session.execute(grouped)}
    first, last = Assessment.__table__.alias(), Assessment.__table__.alias()
    ends_differ = (
        select(func.count())
        .select_from(s)
        .join(first, first.c.id == s.first_id)
        .join(last, last.c.id == s.last_id)
        .where(
            (first.c.level != s.first_level)
            | (first.c.created_at != s.first_at)
            | (last.c.level != s.last_level)
            | (last.c.created_at != s.last_at)
            | (last.c.author_label != s.last_author_label)
        )
    )
    assert db.session.scalar(ends_differ) == 0
    assert 28 <= _count(TracePhoto) <= 30
    assert _count(Showcase) == 6
    assert _count(ReferentAssignment) == 12
    # Each trainee is followed by a referent of their own site.
    trainee, referent = User.__table__.alias(), User.__table__.alias()
    mismatched = db.session.scalar(
        select(func.count())
        .select_from(ReferentAssignment)
        .join(trainee, trainee.c.id == ReferentAssignment.trainee_id)
        .join(referent, referent.c.id == ReferentAssignment.referent_id)
        .where(trainee.c.site_id != referent.c.site_id)
    )
    assert mismatched == 0
    # Traces are skewed, dated over the last two years, never in the future; 10 % drafts.
    per_trainee = db.session.scalars(
        select(func.count()).select_from(Trace).group_by(Trace.trainee_id)
    ).all()
    assert max(per_trainee) > 2 * min(per_trainee)
    first, last = db.session.execute(
        select(func.min(Trace.happened_on), func.max(Trace.happened_on))
    ).one()
    today = utcnow().date()
    assert today - timedelta(days=731) <= first and last <= today
    drafts = db.session.scalar(select(func.count()).where(Trace.status == TraceStatus.DRAFT))
    assert drafts == 24
    # Photos only on complete traces; the sample trainees' photos have their files.
    on_drafts = db.session.scalar(
        select(func.count())
        .select_from(TracePhoto)
        .join(Trace)
        .where(Trace.status == TraceStatus.DRAFT)
    )
    assert on_drafts == 0
    sample = db.session.scalars(
        select(TracePhoto)
        .join(Trace)
        .join(User, User.id == Trace.trainee_id)
        .where(User.login.in_(["reseau.s1", "reseau.s2"]))
    ).all()
    assert sample and all(photo_storage().exists(p.display_key) for p in sample)
    # A new row gets an id after the generated ones (the sequences moved on, on PostgreSQL).
    site = Site(slug="apres", name="E2C Après")
    db.session.add(site)
    db.session.commit()
    assert site.id == 3


def test_a_year_of_sessions_and_messages_keeps_the_rules(app):
    written = _generate(SMALL)
    today = utcnow().date()
    assert _count(ActivitySession) == written["activity_session"] == 40
    assert _count(SessionAnimator) == 40
    assert written["session_participant"] == _count(SessionParticipant) >= 40 * 4
    sessions = db.session.scalars(select(ActivitySession)).all()
    assert all(s.end_time > s.start_time and s.day.weekday() < 5 for s in sessions)
    assert all(today - timedelta(days=366) <= s.day <= today + timedelta(days=14) for s in sessions)
    # Animators and participants belong to the session's site; the roll is taken for past
    # sessions only, by the animator.
    wrong_site = db.session.scalar(
        select(func.count())
        .select_from(SessionParticipant)
        .join(ActivitySession)
        .join(User, User.id == SessionParticipant.trainee_id)
        .where(User.site_id != ActivitySession.site_id)
    )
    assert wrong_site == 0
    for participant in db.session.scalars(select(SessionParticipant)):
        past = participant.session.day < today
        assert (participant.attendance is not Attendance.EXPECTED) == past
        assert (participant.marked_by_id is not None) == past
    animators = db.session.execute(
        select(User.site_id, ActivitySession.site_id, Activity.site_id)
        .select_from(SessionAnimator)
        .join(ActivitySession)
        .join(Activity)
        .join(User, User.id == SessionAnimator.user_id)
    ).all()
    assert animators and all(a == b == c for a, b, c in animators)
    # Each activity aims at two competencies of the framework: the trainee's path proposes it.
    competencies = {c.id for c in framework().active_competencies}
    targets = db.session.execute(select(ActivityTarget.activity_id, ActivityTarget.competency_id))
    aimed: dict[int, set[str]] = {}
    for activity_id, competency_id in targets:
        aimed.setdefault(activity_id, set()).add(competency_id)
    assert len(aimed) == _count(Activity) and all(len(a) == 2 for a in aimed.values())
    assert set().union(*aimed.values()) <= competencies
    # Messages: about the number asked for, each thread between a trainee and their referent,
    # ids growing with time, the thread's last moment its last message, read points on both
    # sides, never past the thread's last message.
    assert 300 - 12 <= _count(ConversationMessage) <= 300
    followed = {
        t: r
        for t, r in db.session.execute(
            select(ReferentAssignment.trainee_id, ReferentAssignment.referent_id)
        )
    }
    for conversation in db.session.scalars(select(Conversation)):
        messages = conversation.messages
        assert messages
        assert {m.author_id for m in messages} <= {
            conversation.trainee_id,
            followed[conversation.trainee_id],
        }
        assert [m.created_at for m in messages] == sorted(m.created_at for m in messages)
        assert conversation.last_message_at == messages[-1].created_at
        reads = db.session.scalars(
            select(ConversationRead).where(ConversationRead.conversation_id == conversation.id)
        ).all()
        assert {r.user_id for r in reads} == {
            conversation.trainee_id,
            followed[conversation.trainee_id],
        }
        assert all(r.last_read_message_id <= messages[-1].id for r in reads)
        # the kept counts of the trainee's messages (a referent's unread: their difference)
        theirs = [m.id for m in messages if m.author_id == conversation.trainee_id]
        assert conversation.trainee_messages == len(theirs)
        for r in reads:
            assert r.trainee_messages_seen == sum(1 for i in theirs if i <= r.last_read_message_id)
    # Skewed: some trainees write far more than others.
    per_trainee = db.session.scalars(
        select(func.count())
        .select_from(ConversationMessage)
        .join(Conversation)
        .group_by(Conversation.trainee_id)
    ).all()
    assert max(per_trainee) > 2 * min(per_trainee)


def _followed() -> dict[int, tuple[int, Any]]:
    """Each trainee's referent and the day the follow-up started."""
    rows = db.session.execute(
        select(
            ReferentAssignment.trainee_id,
            ReferentAssignment.referent_id,
            ReferentAssignment.started_at,
        )
    )
    return {t: (r, started.date()) for t, r, started in rows}


def test_bilans_and_objectives_keep_the_rules(app):
    _generate(SMALL)
    followed, today = _followed(), utcnow().date()
    competencies = {c.id for c in framework().active_competencies}
    reviews = db.session.scalars(select(Review).order_by(Review.id)).all()
    assert len(reviews) >= 12  # several per trainee during the path
    assert [r.held_on for r in reviews] == sorted(r.held_on for r in reviews)
    last: dict[int, Review] = {}
    for review in reviews:
        referent, started = followed[review.trainee_id]
        assert review.author_id == referent
        assert started < review.held_on <= today and review.held_on.weekday() < 5
        assert review.referent_agreed_at is not None
        assert len(review.participants) == 2 and all(review.participants)
        assert 2 <= len(review.competencies) <= 3
        assert {c.competency_id for c in review.competencies} <= competencies
        assert all(
            1 <= c.self_level <= 4 and 1 <= c.referent_level <= 4 for c in review.competencies
        )
        last[review.trainee_id] = review
    # Only a trainee's last bilan may still wait for their agreement, and some do.
    waiting = [r for r in reviews if r.trainee_agreed_at is None]
    assert waiting and all(last[r.trainee_id] is r for r in waiting)
    # The last bilan's objectives are open; earlier ones were reached or dropped, by the referent.
    objectives = db.session.scalars(select(Objective)).all()
    assert len(objectives) >= len(reviews)
    for objective in objectives:
        is_last = last[objective.trainee_id].id == objective.review_id
        assert (objective.status is ObjectiveStatus.OPEN) == is_last
        assert (objective.reached_at is not None) == (objective.status is ObjectiveStatus.REACHED)
        assert (objective.dropped_at is not None) == (objective.status is ObjectiveStatus.DROPPED)
        assert (objective.closed_by_id is None) == is_last
        assert objective.for_project == (objective.competency_id is None)


def test_notes_answers_and_projects_keep_the_rules(app):
    _generate(SMALL)
    followed = _followed()
    notes = db.session.scalars(select(ExplicitationNote).order_by(ExplicitationNote.id)).all()
    assert 60 - 12 <= len(notes) <= 60
    assert [n.created_at for n in notes] == sorted(n.created_at for n in notes)
    for note in notes:
        referent, started = followed[note.trainee_id]
        assert note.author_id == referent and note.observed_on >= started
        assert 1 <= len(note.competencies) <= 2
        # JSON lists on both databases (COPY once wrote Python lists as arrays: "{}").
        assert all(c.indicator_ids == [] for c in note.competencies)
        assert [r.version for r in note.revisions] == [1]
        saved = json.loads(note.revisions[0].content)
        assert saved["visibility"] == note.visibility.value
        assert [c["competency_id"] for c in saved["competencies"]] == [
            c.competency_id for c in note.competencies
        ]
    assert all(tc.indicator_ids == [] for tc in db.session.scalars(select(TraceCompetency)))
    shared = {n.id: n for n in notes if n.visibility is NoteVisibility.SHARED}
    assert len(notes) > len(shared) > len(notes) // 2
    replies = db.session.scalars(select(NoteReply)).all()
    reactions = db.session.scalars(select(NoteReaction)).all()
    assert replies and reactions
    for answer in (*replies, *reactions):
        note = shared[answer.note_id]  # only shared notes are answered, by their trainee
        trainee = answer.author_id if isinstance(answer, NoteReply) else answer.trainee_id
        assert trainee == note.trainee_id and answer.created_at > note.created_at
    disagreeing = [r for r in reactions if r.choice is ReactionChoice.DISAGREE]
    assert all(r.comment for r in disagreeing)
    # Most trainees have a project, with trades of the platform's list.
    codes = {t.code: t.grand_domaine for t in load_trades().trades}
    projects = db.session.scalars(select(ProfessionalProject)).all()
    assert len(projects) == 12  # the first twenty trainees all have one
    for project in projects:
        assert 1 <= len(project.trades) <= 2
        assert all(codes[t.rome_code] == t.grand_domaine for t in project.trades)


def test_referents_opened_most_files_lately_and_new_means_after_their_visit(app):
    _generate(BIGGER)
    followed = {
        t: r
        for t, r in db.session.execute(
            select(ReferentAssignment.trainee_id, ReferentAssignment.referent_id)
        )
    }
    visits = db.session.scalars(select(ReferentVisit)).all()
    assert 45 <= len(visits) < 60  # most files, not all: a newcomer's may not be opened yet
    now = utcnow()
    new_traces: list[int] = []
    for visit in visits:
        assert visit.referent_id == followed[visit.trainee_id]
        assert now - timedelta(days=14) <= visit.visited_at <= now
        # What the caseload counts as new is what the trainee wrote after the visit.
        seen_trace = db.session.scalar(
            select(func.coalesce(func.max(Trace.id), 0)).where(
                Trace.trainee_id == visit.trainee_id, Trace.created_at <= visit.visited_at
            )
        )
        seen_self = db.session.scalar(
            select(func.coalesce(func.max(Assessment.id), 0)).where(
                Assessment.trainee_id == visit.trainee_id,
                Assessment.source == AssessmentSource.SELF,
                Assessment.created_at <= visit.visited_at,
            )
        )
        assert (visit.seen_trace_id, visit.seen_assessment_id) == (seen_trace, seen_self)
        after = select(func.count(Trace.id)).where(
            Trace.trainee_id == visit.trainee_id, Trace.id > seen_trace
        )
        new_traces.append(db.session.scalar(after) or 0)
    # Some files have news since the visit, none shows everything as new.
    assert any(new_traces) and sum(new_traces) < _count(Trace) // 10


def test_the_command_refuses_a_database_that_already_has_accounts(app):
    _generate(SMALL)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "network", "--scale", "0.001"])
    assert result.exit_code == 1
    assert "La base contient déjà des comptes : rien n'a été ajouté." in result.output
    assert _count(User) == 18


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--showcases", "30000"], "Il ne peut pas y avoir plus de vitrines que de stagiaires."),
        (["--referents", "10"], "Il faut au moins un référent et une entreprise par site."),
        (["--scale", "0"], "0"),
        (["--traces", "-4"], "-4"),
        (["--sites", "beaucoup"], "beaucoup"),
    ],
)
def test_the_command_refuses_impossible_sizes_and_writes_nothing(app, options, message):
    result = app.test_cli_runner().invoke(args=["demo", "network", *options])
    assert result.exit_code != 0
    assert message in result.output
    assert _count(User) == 0


def test_the_command_builds_a_small_network(app):
    result = app.test_cli_runner().invoke(
        args=["demo", "network", "--scale", "0.001", "--sample-trainees", "1"]
    )
    assert result.exit_code == 0, result.output
    assert re.search(r"trace\s+5,000 lignes", result.output)
    assert "mot de passe reseau-e2c-2026" in result.output
    assert _count(Trace) == 5000


def _pages(app) -> dict[str, int]:
    """The SQL queries each main page runs for generated people (and that it answers 200)."""
    counts: dict[str, int] = {}
    client = app.test_client()
    assert (
        client.post("/connexion", data={"login": "reseau.s1", "password": PASSWORD}).status_code
        == 302
    )
    for name, url in (("trainee home", "/"), ("portfolio", "/portfolio/")):
        counts[name] = _queries(client, url)
    # The home proposes one of the site's activities (what its path ranks first).
    assert 'class="card path-home"' in client.get("/").get_data(as_text=True)
    client = app.test_client()
    client.post("/connexion", data={"login": "reseau.ref1", "password": PASSWORD})
    caseload = client.get("/referent/stagiaires").get_data(as_text=True)
    followed = re.findall(r'href="/referent/stagiaires/(\d+)"', caseload)
    assert followed
    counts["caseload"] = _queries(client, "/referent/stagiaires")
    counts["gap"] = _queries(client, f"/referent/stagiaires/{followed[0]}/ecart")
    client = app.test_client()
    client.post("/connexion", data={"login": "reseau.ent1", "password": PASSWORD})
    found = re.findall(
        r'href="/entreprise/vitrines/(\d+)[?"]',
        client.get("/entreprise/recherche").get_data(as_text=True),
    )
    assert found
    # A competency a listed showcase shows, so the search finds someone on either size (an
    # empty result runs fewer queries: not what this compares).
    shown = db.session.scalar(
        select(ShowcaseCompetency.competency_id)
        .where(ShowcaseCompetency.showcase_id == int(found[0]))
        .order_by(ShowcaseCompetency.competency_id)
        .limit(1)
    )
    search = f"/entreprise/recherche?competence={shown}"
    assert re.search(r'href="/entreprise/vitrines/\d+', client.get(search).get_data(as_text=True))
    counts["company search"] = _queries(client, "/entreprise/recherche")
    counts["company search, competency"] = _queries(client, search)
    counts["showcase"] = _queries(client, f"/entreprise/vitrines/{found[0]}")
    return counts


def _queries(client, url: str) -> int:
    client.get(url)  # warm: caches, first connection
    with counting_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


def test_every_main_page_runs_as_many_queries_on_a_bigger_network(app):
    app.config["SUMMARY_CACHE_SIZE"] = 0  # the real case: summaries computed each time
    _generate(SMALL)
    small = _pages(app)
    _wipe()
    _generate(BIGGER)
    bigger = _pages(app)
    assert small == bigger
    assert set(small) == {
        "trainee home",
        "portfolio",
        "caseload",
        "gap",
        "company search",
        "company search, competency",
        "showcase",
    }


def _login(app, user_id: int) -> Any:
    """A client logged in as the generated person ``user_id``."""
    login = db.session.scalar(select(User.login).where(User.id == user_id))
    client = app.test_client()
    answer = client.post("/connexion", data={"login": login, "password": PASSWORD})
    assert answer.status_code == 302
    return client


def test_the_follow_up_shows_where_people_look(app):
    _generate(SMALL)
    # A trainee whose last bilan waits for their agreement is told so on their home.
    waiting = db.session.scalar(
        select(Review.trainee_id).where(Review.trainee_agreed_at.is_(None)).limit(1)
    )
    home = _login(app, waiting).get("/").get_data(as_text=True)
    assert "Un bilan attend votre accord." in home
    # A referent finds the observation a trainee disagrees with on that trainee's gap page.
    reaction = db.session.scalars(
        select(NoteReaction).where(NoteReaction.choice == ReactionChoice.DISAGREE).limit(1)
    ).one()
    referent = reaction.note.author_id
    gap = _login(app, referent).get(f"/referent/stagiaires/{reaction.trainee_id}/ecart")
    assert "pas d'accord avec l'observation" in gap.get_data(as_text=True)
    assert reaction.comment in gap.get_data(as_text=True).replace("&#39;", "'")


def test_paths_end_with_an_exit_a_year_of_contacts_internships_and_leaves(app):
    written = _generate(BIGGER)
    followed, today = _followed(), utcnow().date()
    exits = db.session.scalars(select(TraineeExit).order_by(TraineeExit.id)).all()
    # Those whose path is over left on its last day, recorded by their referent; the first
    # trainees (load tests log in as them) never leave; ids follow the exit dates.
    assert written["trainee_exit"] == len(exits) and 20 <= len(exits) < 60 - 15
    assert [e.left_on for e in exits] == sorted(e.left_on for e in exits)
    first = set(sorted(followed)[:15])
    for row in exits:
        referent, started = followed[row.trainee_id]
        assert row.trainee_id not in first and row.recorded_by_id == referent
        assert started + timedelta(days=PATH_DAYS) <= row.left_on < today
        assert (row.rome_code is not None) == (row.outcome in network_exits.WITH_TRADE)
    assert len({e.outcome for e in exits}) >= 4
    left = {e.trainee_id for e in exits}
    # The others are still in their path.
    still = [s for t, (_r, s) in followed.items() if t not in left and t not in first]
    assert still and all(today - s <= timedelta(days=PATH_DAYS + 30) for s in still)
    # Each exit has the default schedule's contacts; most of those due a week ago were done.
    contacts = db.session.scalars(select(FollowUpContact)).all()
    assert len(contacts) == 4 * len(exits)
    by_exit = {e.id: e for e in exits}
    done = [c for c in contacts if c.done_on is not None]
    late = [c for c in contacts if c.done_on is None and c.due_on < today]
    assert done and late and len(done) > 2 * len(late)
    for contact in contacts:
        row = by_exit[contact.exit_id]
        assert contact.trainee_id == row.trainee_id and contact.month in (1, 3, 6, 12)
        assert contact.due_on > row.left_on
        if contact.done_on is not None:
            assert contact.done_on <= today and contact.recorded_by_id == row.recorded_by_id
            assert (contact.situation is None) == (contact.method is ContactMethod.NO_ANSWER)
    # Internships during the path, with a tutor and two or three competencies to ask about.
    competencies = {c.id for c in framework().active_competencies}
    codes = {t.code for t in load_trades().trades}
    internships = db.session.scalars(select(Internship)).all()
    assert len(internships) > 60 // 2
    for internship in internships:
        referent, started = followed[internship.trainee_id]
        assert internship.created_by_id == referent and "@" in internship.tutor_email
        assert started < internship.starts_on <= today and internship.rome_code in codes
        assert 13 <= (internship.ends_on - internship.starts_on).days <= 20
        assert 2 <= len(internship.competency_ids) <= 3
        assert set(internship.competency_ids) <= competencies
    # Leaves: covered by a colleague of the same site; a few cancelled; some going on today,
    # and the trainees of a referent away are on the caseload of the one covering.
    site = dict(db.session.execute(select(User.id, User.site_id)).tuples().all())
    leaves = db.session.scalars(select(Handover)).all()
    assert all(site[h.from_referent_id] == site[h.to_referent_id] for h in leaves)
    assert all(h.from_referent_id != h.to_referent_id for h in leaves)
    assert any(h.cancelled_at is not None for h in leaves)
    today_leaves = [
        h for h in leaves if h.starts_on <= today <= h.ends_on and h.cancelled_at is None
    ]
    assert today_leaves and all(h.from_referent_id > 1 for h in today_leaves)
    away = today_leaves[0]
    theirs = [t for t, (r, _s) in followed.items() if r == away.from_referent_id]
    covering = _login(app, away.to_referent_id)
    shown: set[int] = set()
    for path in ("/referent/stagiaires", "/referent/sortis"):  # in their path, and who left
        answer = covering.get(path)
        assert answer.status_code == 200
        found = re.findall(r'href="/referent/stagiaires/(\d+)"', answer.get_data(as_text=True))
        shown |= set(map(int, found))
    assert theirs and set(theirs) <= shown
    # A referent's caseload lists those who left apart; their page, each with their contacts.
    referent = _login(app, next(r for t, (r, _s) in followed.items() if t in left))
    assert "Suivi après la sortie" in referent.get("/referent/stagiaires").get_data(as_text=True)
    assert "followup-contact" in referent.get("/referent/sortis").get_data(as_text=True)
