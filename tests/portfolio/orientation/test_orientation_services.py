"""Interests and the ranking of trades: reasons, confirmed levels over self, one outside."""

from __future__ import annotations

from datetime import date

import pytest
from builders_referent import make_level, team
from sqlalchemy import func, select

from builders import make_user
from portfolio.extensions import db
from portfolio.models import AssessmentSource, GameInterests, InterestCardAnswer, Role
from portfolio.models.orientation import CARD_IDS
from portfolio.orientation.services import interests, ranking
from portfolio.orientation.services.profiles import profiles
from portfolio.orientation.services.ranking import Shown, rank
from portfolio.services.rome import trades

DAY = date(2026, 11, 30)


def _answers(liked: str, disliked: str = "") -> dict[str, str]:
    """Like every card of the letters ``liked``, dislike those of ``disliked``."""
    answers = {}
    for card in interests.CARDS:
        if card.letter in liked:
            answers[card.id] = "like"
        elif card.letter in disliked:
            answers[card.id] = "dislike"
        else:
            answers[card.id] = "unsure"
    return answers


def _riasec(code: str) -> str:
    profile = profiles().get(code)
    assert profile is not None
    return profile.riasec


def test_the_cards_are_the_ones_the_database_accepts():
    assert tuple(card.id for card in interests.CARDS) == CARD_IDS
    assert all(card.text and card.alt and card.picture.endswith(".svg") for card in interests.CARDS)


def test_questionnaire_letters_are_the_two_liked_most():
    _, _, trainee = team()
    answers = _answers("S", disliked="R")
    answers["C1"] = "like"
    interests.save_answers(trainee, answers)
    db.session.commit()
    found = interests.interests_of(trainee)
    assert found == interests.Interests("questionnaire", ("S", "C"))


def test_answering_again_replaces_the_answers():
    _, _, trainee = team()
    interests.save_answers(trainee, _answers("R"))
    interests.save_answers(trainee, {"A1": "like"})
    db.session.commit()
    assert interests.answers_of(trainee) == {"A1": interests.InterestAnswer.LIKE}
    assert interests.interests_of(trainee).letters == ("A",)


@pytest.mark.parametrize(
    "answers",
    [{}, {"X9": "like"}, {"R1": "love"}, {"R1": ""}, {"R1": "like", "Z1": "like"}],
)
def test_bad_answers_are_refused_and_change_nothing(answers):
    _, _, trainee = team()
    interests.save_answers(trainee, {"R1": "like"})
    db.session.commit()
    with pytest.raises(interests.InterestError) as err:
        interests.save_answers(trainee, answers)
    db.session.rollback()
    assert str(err.value)[0].isupper()
    assert interests.answers_of(trainee) == {"R1": interests.InterestAnswer.LIKE}


def test_only_a_trainee_has_answers():
    site, referent, _ = team()
    with pytest.raises(interests.InterestError):
        interests.save_answers(referent, {"R1": "like"})
    with pytest.raises(interests.InterestError):
        interests.save_game_interests(make_user(Role.COMPANY, site=site), ["R"])
    db.session.rollback()
    assert db.session.scalar(select(func.count(InterestCardAnswer.id))) == 0
    assert db.session.scalar(select(func.count(GameInterests.id))) == 0


@pytest.mark.parametrize("letters", [[], ["R", "I", "A"], ["R", "R"], ["X"], ["r"], "RI"])
def test_bad_game_letters_are_refused(letters):
    _, _, trainee = team()
    with pytest.raises(interests.InterestError):
        interests.save_game_interests(trainee, letters)
    db.session.rollback()
    assert interests.game_letters(trainee) == ()


def test_the_questionnaire_wins_over_the_game_and_they_stay_apart():
    _, _, trainee = team()
    interests.save_game_interests(trainee, ["C", "R"])
    db.session.commit()
    assert interests.interests_of(trainee) == interests.Interests("game", ("C", "R"))
    interests.save_answers(trainee, _answers("S"))
    db.session.commit()
    assert interests.interests_of(trainee) == interests.Interests("questionnaire", ("S",))
    assert interests.game_letters(trainee) == ("C", "R")


def test_ranking_from_interests_gives_one_plain_reason_and_one_outside():
    _, _, trainee = team()
    interests.save_answers(trainee, _answers("S"))
    db.session.commit()
    result = ranking.ranking_for(trainee, DAY)
    assert result.interests.source == "questionnaire"
    assert len(result.proposals) == ranking.COUNT
    *matching, outside = result.proposals
    for proposal in matching:
        assert "S" in _riasec(proposal.trade.code)
        assert proposal.reason.text() == "Vous aimez aider les autres."
        assert not proposal.outside
    assert outside.outside and outside.reason.text() == "Pour découvrir autre chose."
    assert "S" not in _riasec(outside.trade.code)
    # Major letter first: an S-major trade comes before an S-minor one.
    assert [_riasec(p.trade.code)[0] == "S" for p in matching] == sorted(
        (_riasec(p.trade.code)[0] == "S" for p in matching), reverse=True
    )


def test_the_outside_trade_rotates_with_the_week_and_is_stable_within_it():
    _, _, trainee = team()
    interests.save_game_interests(trainee, ["R"])
    db.session.commit()
    monday = ranking.ranking_for(trainee, date(2026, 11, 30)).proposals[-1].trade.code
    sunday = ranking.ranking_for(trainee, date(2026, 12, 6)).proposals[-1].trade.code
    later = ranking.ranking_for(trainee, date(2026, 12, 7)).proposals[-1].trade.code
    assert monday == sunday != later
    assert "R" not in _riasec(later)


def test_confirmed_levels_weigh_more_than_self_assessed_ones():
    _, referent, trainee = team()
    # E2C-1A and E2C-2A each belong to few trades: the one confirmed comes first.
    make_level(trainee, "E2C-1C", 3, source=AssessmentSource.SELF)
    make_level(trainee, "E2C-6A", 3, source=AssessmentSource.REFERENT, author=referent)
    result = ranking.ranking_for(trainee, DAY)
    assert result.interests.source is None
    first = result.proposals[0]
    assert first.reason.kind == "competency"
    assert first.reason.competency_id == "E2C-6A"
    label = "« " + first.reason.competency_label + " »"
    assert first.reason.text() == f"Vous avez montré {label}."
    self_only = [p for p in result.proposals if p.reason.competency_id == "E2C-1C"]
    assert self_only and result.proposals.index(self_only[0]) > 0
    assert result.proposals[-1].outside


def test_a_confirmed_level_counts_even_when_the_trainee_rated_lower():
    shown = {"E2C-1C": Shown(confirmed=0, self_level=4), "E2C-6A": Shown(confirmed=2, self_level=1)}
    assert shown["E2C-6A"].weight == 4 == shown["E2C-1C"].weight
    assert Shown(confirmed=3, self_level=1).weight > Shown(confirmed=0, self_level=3).weight


def test_no_interests_and_nothing_shown_proposes_nothing():
    _, _, trainee = team()
    result = ranking.ranking_for(trainee, DAY)
    assert result.interests.source is None and result.proposals == ()


def test_ranking_is_deterministic_and_only_ranks_trades_with_a_profile():
    catalogue, known = trades(), profiles()
    shown = {"E2C-4B": Shown(2, 1)}
    first = rank(catalogue, known, ("R", "C"), shown, {"E2C-4B": "x"}, turn=5)
    again = rank(catalogue, known, ("R", "C"), shown, {"E2C-4B": "x"}, turn=5)
    assert first == again
    assert {p.trade.code for p in first} <= {p.code for p in known}
    assert sum(p.outside for p in first) == 1


def test_when_every_trade_shares_a_letter_the_weakest_match_is_outside():
    catalogue, known = trades(), profiles()
    letters = ("R", "C")  # every ranked trade is R or C or S ...
    result = rank(catalogue, known, letters, {}, {}, turn=0)
    outside = result[-1]
    assert outside.outside
    strengths = [ranking.match_strength(p.riasec, letters) for p in known]
    assert ranking.match_strength(_riasec(outside.trade.code), letters) == min(strengths)
