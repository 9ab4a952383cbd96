"""Demo content of interview practice: Yanis rehearsed once for his trade (car mechanic),
said his first two answers aloud (recordings made by the project, ``demo/voice.py``, through
the real audio pipeline), kept it as a trace, and the referent commented one answer at a
moment of its recording. Written by us. The caller commits."""

from __future__ import annotations

from portfolio.demo import voice
from portfolio.interview.services import comments, sessions
from portfolio.models import Role, Site, User
from portfolio.services.rome import TradeChoice

# (question id, answer, clear, example, trade named, posture 1-3)
ANSWERS = (
    (
        "gen-vous",
        "J'ai 21 ans. J'ai travaillé deux étés dans un entrepôt. À l'E2C, j'ai fait un stage "
        "dans un garage. Je veux devenir mécanicien.",
        "1", "1", "1", "2",
    ),
    (
        "i-panne",
        "D'abord je coupe le moteur et je mets les gants. Je regarde, j'écoute le bruit. "
        "Je teste une pièce après l'autre. Au garage, c'était une courroie usée.",
        "1", "1", "1", "3",
    ),
    (
        "i-chez-client",
        "Je dis bonjour et j'explique ce que je vais faire. Je laisse propre.",
        "1", "0", "0", "2",
    ),
    (
        "gen-qualite",
        "Je suis patient. Je ne m'énerve pas quand une réparation est longue.",
        "1", "0", "0", "2",
    ),
    (
        "gen-retard",
        "J'appelle avant l'heure pour prévenir. La fois d'après, je pars plus tôt.",
        "1", "1", "0", "3",
    ),
)  # fmt: skip
COMMENT = "Très bon exemple avec la courroie : gardez-le pour le vrai entretien."
SPOKEN = 2  # the first answers said aloud as well as written


def seed(site: Site, users: dict[str, User]) -> None:
    yanis, referent = users.get("yanis"), users.get("referente")
    if yanis is None or yanis.role is not Role.TRAINEE or yanis.site_id != site.id:
        return
    session = sessions.start_session(
        yanis, TradeChoice("I1604", "16446"), question_ids=[a[0] for a in ANSWERS]
    )
    for answer, (question_id, text, *grid) in zip(session.answers, ANSWERS, strict=True):
        said = voice.spoken_wav(text) if answer.position < SPOKEN else None
        sessions.save_answer(yanis, session, answer.position, question_id, text, said)
        sessions.rate_answer(yanis, session, answer.position, sessions.Ratings(*grid))
    sessions.finish_session(yanis, session, "1")
    if referent is not None and referent.role is Role.REFERENT:
        commented = session.answers[1]
        assert commented.recording is not None
        moment = min(4, commented.recording.duration_ms // 1000)  # "à 0:04", or earlier
        comments.add_comment(referent, session, commented.id, COMMENT, f"0:{moment:02d}")
