"""Interview practice: a whole session without JavaScript, resuming, bad input, the referent."""

from __future__ import annotations

import io
import random
import re

from audio import samples
from builders_referent import team
from sqlalchemy import func, select

from builders import login, make_user, page_text
from portfolio.extensions import db
from portfolio.interview.services import sessions as svc
from portfolio.interview.services.questions import bank, choose_questions
from portfolio.models import (
    AssessmentSource,
    InterviewAnswer,
    InterviewComment,
    InterviewSession,
    InterviewStatus,
    Role,
    Trace,
    TraceCompetency,
)
from portfolio.services.rome import TradeChoice

KITCHEN = "G1602"  # Commis de cuisine: grand domaine G


def _start(client, code: str = KITCHEN) -> InterviewSession:
    started = client.post("/entretien", data={"trade": code})
    assert started.status_code == 302, page_text(started)
    assert re.search(r"/entretien/\d+/question/1$", started.location)
    found = db.session.scalar(select(InterviewSession).order_by(InterviewSession.id.desc()))
    assert found is not None
    return found


def _answer_all(client, session: InterviewSession, *, examples: int = 5) -> None:
    for n, answer in enumerate(session.answers, 1):
        posted = client.post(
            f"/entretien/{session.id}/question/{n}",
            data={"question_id": answer.question_id, "text": f"Ma réponse {n}, avec un exemple."},
        )
        assert posted.status_code == 302 and posted.location.endswith(f"/grille/{n}")
        rated = client.post(
            f"/entretien/{session.id}/grille/{n}",
            data={
                "clear": "1",
                "example": "1" if n <= examples else "0",
                "trade_named": "0",
                "posture": "2",
            },
        )
        assert rated.status_code == 302


def test_five_questions_three_general_two_of_the_trade_domain_opening_with_about_you():
    questions = choose_questions(bank(), "G", rng=random.Random(1))
    assert len(questions) == 5 and len({q.id for q in questions}) == 5
    assert questions[0].id == "gen-vous"
    assert [q.general for q in questions].count(False) == 2
    assert all("G" in q.domains for q in questions if not q.general)


def test_the_next_session_does_not_repeat_the_last_one():
    first = choose_questions(bank(), "N", rng=random.Random(2))
    again = choose_questions(bank(), "N", [q.id for q in first], rng=random.Random(3))
    assert not {q.id for q in first} & {q.id for q in again}
    assert again[0].id != "gen-vous"


def test_a_domain_with_few_questions_still_gives_five():
    few = choose_questions(bank(), "B", [q.id for q in bank().for_domain("B")], random.Random(4))
    assert len(few) == 5 and sum(not q.general for q in few) == 2  # repeated, as nothing else


def test_the_shipped_bank_has_sixty_questions_and_every_domain():
    questions = bank()
    assert len(questions.questions) >= 60
    assert len(questions.general()) >= 20
    for letter in "ABCDEFGHIJKLMN":
        assert len(questions.for_domain(letter)) >= 2, letter


def test_a_whole_practice_kept_as_a_trace_tagged_with_the_questions_competencies(client):
    _, _, trainee = team()
    login(client, trainee)
    home = page_text(client.get("/entretien"))
    assert "S'entraîner à l'entretien" in home and "Commencer" in home
    session = _start(client)
    page = page_text(client.get(f"/entretien/{session.id}/question/1"))
    assert "Question 1 sur 5" in page and "Parlez-moi de vous." in page
    assert "Écouter" in page and "Un conseil" in page
    _answer_all(client, session, examples=4)
    summary = client.get(f"/entretien/{session.id}/bilan")
    assert "1er entraînement : vous avez donné un exemple à 4 questions sur 5." in page_text(
        summary
    )
    done = client.post(f"/entretien/{session.id}/bilan", data={"keep": "1"})
    assert done.status_code == 302 and done.location.endswith(f"/entretien/{session.id}")
    db.session.expire_all()
    assert session.status is InterviewStatus.FINISHED and session.trace_id is not None
    trace = db.session.get(Trace, session.trace_id)
    assert trace is not None and trace.title == "Entraînement à l'entretien n° 1"
    assert "Ma réponse 3, avec un exemple." in trace.body
    tagged = {tc.competency_id for tc in trace.competencies}
    wanted = {c for c in svc.competency_ids(session) if c.startswith("E2C-")}
    assert tagged == wanted and tagged
    assert "Entraînement à l'entretien n° 1" in page_text(client.get("/portfolio/"))
    assert "1er entraînement" in page_text(client.get("/entretien"))


def test_the_second_session_says_its_number_and_may_not_be_kept(client):
    _, _, trainee = team()
    login(client, trainee)
    first = _start(client)
    _answer_all(client, first)
    client.post(f"/entretien/{first.id}/bilan", data={"keep": "0"})
    second = _start(client)
    assert not {a.question_id for a in first.answers} & {a.question_id for a in second.answers}
    _answer_all(client, second, examples=3)
    client.post(f"/entretien/{second.id}/bilan", data={"keep": "0"})
    text = page_text(client.get("/entretien"))
    assert "2e entraînement : vous avez donné un exemple à 3 questions sur 5." in text
    assert db.session.scalar(select(func.count(Trace.id))) == 0


def test_a_session_left_halfway_resumes_where_it_stopped(client):
    _, _, trainee = team()
    login(client, trainee)
    session = _start(client)
    first = session.answers[0]
    client.post(
        f"/entretien/{session.id}/question/1",
        data={"question_id": first.question_id, "text": "Oui"},
    )
    home = page_text(client.get("/entretien"))
    assert "Entraînement en cours" in home and f"/entretien/{session.id}/grille/1" in home
    # Starting another one meanwhile is refused, in words.
    again = page_text(client.post("/entretien", data={"trade": KITCHEN}, follow_redirects=True))
    assert "Vous avez déjà un entraînement en cours" in again
    assert db.session.scalar(select(func.count(InterviewSession.id))) == 1
    # The summary is not open yet: it sends back to the step to do.
    early = client.get(f"/entretien/{session.id}/bilan")
    assert early.status_code == 302 and early.location.endswith("/grille/1")


def _rows() -> tuple:
    return tuple(
        db.session.execute(
            select(InterviewAnswer.text, InterviewAnswer.clear, InterviewAnswer.posture)
        ).all()
    )


def test_bad_input_changes_nothing_and_says_why(client):
    _, _, trainee = team()
    login(client, trainee)
    session = _start(client)
    answer = session.answers[0]
    other_question = next(q for q in bank().questions if q.id != answer.question_id)
    url = f"/entretien/{session.id}/question/1"
    before = _rows()
    cases = [
        (url, {"question_id": other_question.id, "text": "x"}, "ne fait pas partie"),
        (url, {"question_id": answer.question_id, "text": "   "}, "Écrivez votre réponse"),
        (url, {"question_id": answer.question_id, "text": "a" * 5001}, "trop longue"),
    ]
    for address, data, message in cases:
        shown = page_text(client.post(address, data=data))
        assert message in shown, (data, shown[:300])
        assert _rows() == before
    early = client.post(f"/entretien/{session.id}/grille/1", data={"clear": "1"})
    assert early.status_code == 302 and early.location.endswith(url)  # answer first
    assert _rows() == before
    client.post(url, data={"question_id": answer.question_id, "text": "Bonjour"})
    before = _rows()
    for bad in ({"clear": "2", "example": "1", "trade_named": "1", "posture": "2"},
                {"clear": "1", "example": "1", "trade_named": "1", "posture": "9"},
                {"clear": "1", "example": ["1", "0"], "trade_named": "1"},
                {}):  # fmt: skip
        shown = page_text(client.post(f"/entretien/{session.id}/grille/1", data=bad))
        assert "Répondez oui ou non" in shown or "posture" in shown
        assert _rows() == before
    assert client.get(f"/entretien/{session.id}/question/6").status_code == 404
    assert client.get(f"/entretien/{session.id}/question/0").status_code == 404


def test_finishing_twice_changes_nothing(client):
    _, _, trainee = team()
    login(client, trainee)
    session = _start(client)
    _answer_all(client, session)
    client.post(f"/entretien/{session.id}/bilan", data={"keep": "1"})
    again = client.post(f"/entretien/{session.id}/bilan", data={"keep": "1"}, follow_redirects=True)
    assert "Cet entraînement est terminé" in page_text(again)
    assert db.session.scalar(select(func.count(Trace.id))) == 1
    changed = client.post(
        f"/entretien/{session.id}/question/1",
        data={"question_id": session.answers[0].question_id, "text": "Autre chose"},
    )
    assert changed.status_code == 302 and changed.location.endswith(f"/entretien/{session.id}")
    assert session.answers[0].text != "Autre chose"


def test_someone_elses_session_answers_404(client):
    site, referent, trainee = team()
    other = make_user(Role.TRAINEE, site=site, referent=referent)
    login(client, trainee)
    session = _start(client)
    client.post("/deconnexion")
    login(client, other)
    for address in (
        f"/entretien/{session.id}",
        f"/entretien/{session.id}/question/1",
        f"/entretien/{session.id}/grille/1",
        f"/entretien/{session.id}/bilan",
    ):
        assert client.get(address).status_code == 404, address
    assert client.post(f"/entretien/{session.id}/arreter").status_code == 404
    assert client.get("/entretien/99999999999/bilan").status_code == 404
    assert db.session.scalar(select(func.count(InterviewSession.id))) == 1


def test_stopping_a_session_drops_it(client):
    _, _, trainee = team()
    login(client, trainee)
    session = _start(client)
    stopped = client.post(f"/entretien/{session.id}/arreter", follow_redirects=True)
    assert "Entraînement arrêté" in page_text(stopped)
    assert db.session.scalar(select(func.count(InterviewAnswer.id))) == 0


def test_the_trade_of_the_project_is_chosen_first(client):
    from portfolio.models import ProfessionalProject, ProjectTrade

    _, _, trainee = team()
    db.session.add(
        ProfessionalProject(
            trainee_id=trainee.id,
            trades=[ProjectTrade(rome_code="N1103", grand_domaine="N", position=0)],
        )
    )
    db.session.commit()
    login(client, trainee)
    page = page_text(client.get("/entretien"))
    assert 'value="N1103"' in page


def test_the_referent_reads_comments_and_is_sent_to_the_one_assessment_page(client):
    _, referent, trainee = team()
    session = svc.start_session(trainee, TradeChoice(KITCHEN), random.Random(5))
    for answer in session.answers:
        svc.save_answer(trainee, session, answer.position, answer.question_id, "Je range.")
        svc.rate_answer(trainee, session, answer.position, svc.Ratings("1", "1", "1", "3"))
    svc.finish_session(trainee, session, "1")
    db.session.commit()
    login(client, referent)
    listing = page_text(client.get(f"/referent/stagiaires/{trainee.id}/entretiens"))
    assert "Entraînement n° 1" in listing and "exemples : 5 sur 5" in listing
    address = f"/referent/stagiaires/{trainee.id}/entretiens/{session.id}"
    page = page_text(client.get(address))
    assert "Je range." in page and "Très bien" in page
    assert f"/referent/stagiaires/{trainee.id}/evaluer?competence=E2C-" in page
    first = session.answers[0]
    posted = client.post(address, data={"answer_id": str(first.id), "body": "Très bon exemple."})
    assert posted.status_code == 302
    assert [c.body for c in first.comments] == ["Très bon exemple."]
    # Another session's answer, an empty comment: refused, nothing written.
    for bad in ({"answer_id": "999999", "body": "x"}, {"answer_id": str(first.id), "body": " "}):
        client.post(address, data=bad)
    assert db.session.scalar(select(func.count(InterviewComment.id))) == 1
    # The trainee sees the comment under the answer.
    client.post("/deconnexion")
    login(client, trainee)
    assert "Très bon exemple." in page_text(client.get(f"/entretien/{session.id}"))
    # The kept trace is there for the referent's assessment of the questions' competencies.
    tagged = db.session.scalars(
        select(TraceCompetency.competency_id).where(TraceCompetency.trace_id == session.trace_id)
    ).all()
    assert tagged
    assert AssessmentSource.REFERENT  # the level itself: the referent's assess page


def test_another_referent_and_companies_get_404(client):
    site, _, trainee = team()
    stranger = make_user(Role.REFERENT, site=site)
    company = make_user(Role.COMPANY, site=site)
    session = svc.start_session(trainee, TradeChoice(KITCHEN))
    db.session.commit()
    for person in (stranger, company):
        login(client, person)
        for address in (
            f"/referent/stagiaires/{trainee.id}/entretiens",
            f"/referent/stagiaires/{trainee.id}/entretiens/{session.id}",
            f"/entretien/{session.id}",
            "/entretien",
        ):
            assert client.get(address).status_code == 404, (person.role, address)
        client.post("/deconnexion")


def test_the_practice_pages_query_counts_do_not_grow_with_the_sessions(client):
    from builders import counting_queries

    _, _, trainee = team()

    def practise(times: int) -> None:
        for _ in range(times):
            session = svc.start_session(trainee, TradeChoice(KITCHEN))
            for a in session.answers:
                svc.save_answer(trainee, session, a.position, a.question_id, "Oui.")
                svc.rate_answer(trainee, session, a.position, svc.Ratings("1", "1", "0", "2"))
            svc.finish_session(trainee, session, "0")
        db.session.commit()

    def counts() -> list[int]:
        found = []
        for address in ("/entretien", f"/entretien/{last.id}"):
            with counting_queries() as seen:
                assert client.get(address).status_code == 200
            found.append(len(seen))
        return found

    login(client, trainee)
    practise(1)
    last = db.session.scalar(select(InterviewSession).order_by(InterviewSession.id.desc()))
    few = counts()
    practise(6)
    last = db.session.scalar(select(InterviewSession).order_by(InterviewSession.id.desc()))
    assert counts() == few


def test_an_answer_said_aloud_counts_and_the_referent_comments_a_moment_of_it(client, app):
    _, referent, trainee = team()
    login(client, trainee)
    session = _start(client)
    first = session.answers[0]
    address = f"/entretien/{session.id}/question/1"
    # Neither words nor voice: refused; a video: refused; nothing kept.
    empty = client.post(address, data={"question_id": first.question_id, "text": ""})
    assert "dites-la à voix haute" in page_text(empty)
    film = client.post(
        address,
        data={
            "question_id": first.question_id,
            "text": "",
            "voice": (io.BytesIO(samples.video_mp4()), "a.mp4"),
        },
        content_type="multipart/form-data",
    )
    assert "vidéos ne sont pas acceptées" in page_text(film)
    db.session.refresh(first)
    assert first.answered_at is None and first.recording_id is None
    spoken = client.post(
        address,
        data={
            "question_id": first.question_id,
            "text": "",
            "voice": (io.BytesIO(samples.webm_opus(3.0)), "r.webm"),
        },
        content_type="multipart/form-data",
    )
    assert spoken.status_code == 302 and spoken.location.endswith("/grille/1")
    db.session.refresh(first)
    assert first.recording is not None and first.recording.kind.value == "interview"
    assert 2500 < first.recording.duration_ms < 3500
    heard = client.get(f"/enregistrements/{first.recording_id}")
    assert heard.status_code == 200 and heard.mimetype == "audio/ogg"
    staff = app.test_client()
    login(staff, referent)
    page = f"/referent/stagiaires/{trainee.id}/entretiens/{session.id}"
    assert "<audio controls" in staff.get(page).get_data(as_text=True)
    assert staff.get(f"/enregistrements/{first.recording_id}").status_code == 200
    for moment in ("0:09", "abc", "1:75"):
        staff.post(page, data={"answer_id": str(first.id), "body": "Bien.", "at": moment})
    assert db.session.scalar(select(func.count(InterviewComment.id))) == 0
    staff.post(page, data={"answer_id": str(first.id), "body": "Très bon exemple.", "at": "0:02"})
    [comment] = first.comments
    assert comment.at_second == 2
    assert "à 0:02" in page_text(staff.get(page))
