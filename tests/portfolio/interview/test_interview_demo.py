"""The demo practice: Yanis's first answers are recordings made by the project, commented at
a moment by the referent, and served to him as Ogg/Opus."""

from __future__ import annotations

from builders_referent import team

from builders import login
from portfolio.demo import interview as demo_interview
from portfolio.extensions import db
from portfolio.interview.services import sessions as svc


def test_demo_practice_has_recordings_and_a_comment_at_a_moment(client):
    site, referent, yanis = team()
    demo_interview.seed(site, {"yanis": yanis, "referente": referent})
    db.session.commit()
    (session,) = svc.sessions_of(yanis)
    said = [a for a in session.answers if a.recording is not None]
    assert [a.position for a in said] == [0, 1]
    assert all(a.recording.duration_ms > 1000 for a in said)
    (comment,) = session.answers[1].comments
    assert comment.at_second is not None and 1 <= comment.at_second <= 4
    login(client, yanis)
    served = client.get(f"/enregistrements/{said[0].recording.id}")
    assert served.status_code == 200
    assert served.mimetype == "audio/ogg" and served.data[:4] == b"OggS"
