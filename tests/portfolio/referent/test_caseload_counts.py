"""The caseload's menu counts (messages, showcases to approve) come with the list's rows: the
same figures as on any other page, for the referent's own trainees only, without a query of
their own."""

from __future__ import annotations

import html
from datetime import date, timedelta
from typing import Any

from builders_company import publish_trainee
from builders_referent import make_trace, team

from builders import counting_queries, login, make_site, make_user, page_text
from portfolio.conversations.services import start_conversation
from portfolio.exits.services.exits import ExitInput, record_exit
from portfolio.extensions import db
from portfolio.models import Role


def _waiting_site() -> Any:
    site = make_site()
    site.showcase_needs_approval = True
    db.session.commit()
    return site


def test_the_caseload_counts_the_showcases_waiting_for_this_referent_only(client: Any) -> None:
    site = _waiting_site()
    mine = publish_trainee(site)
    referent = mine.referent
    colleague = make_user(Role.REFERENT, site=site)
    publish_trainee(site, referent=colleague)  # a colleague's trainee: not counted here
    publish_trainee(site, referent=referent, publish=False)  # not published: nothing to approve
    login(client, referent)

    client.get("/referent/stagiaires")  # warm: caches, first connection
    with counting_queries() as statements:
        caseload = page_text(client.get("/referent/stagiaires"))
    assert "Vitrines (1 à valider)" in caseload
    # Counted in the list's own statement (the one that reads the visits), not apart.
    apart = [s for s in statements if "count(showcase.id)" in s and "referent_visit" not in s]
    assert apart == []
    # The same figure as the menu of another page, which counts it alone.
    assert "Vitrines (1 à valider)" in page_text(client.get("/plus"))

    client.post("/deconnexion")
    login(client, colleague)
    assert "Vitrines (1 à valider)" in page_text(client.get("/referent/stagiaires"))


def test_the_caseload_menu_has_no_count_once_the_showcase_is_approved(client: Any) -> None:
    site = _waiting_site()
    pub = publish_trainee(site)
    login(client, pub.referent)
    assert "Vitrines (1 à valider)" in page_text(client.get("/referent/stagiaires"))

    client.post(f"/vitrine/validations/{pub.showcase.id}", data={"decision": "approve"})
    caseload = page_text(client.get("/referent/stagiaires"))
    assert "à valider" not in caseload and "Vitrines" in caseload


def test_one_who_left_is_followed_apart_and_their_message_still_counts(client: Any) -> None:
    """The table's figures are read for the trainees in their path only (issue 17: at network
    size half a caseload has left); a young person who left is in "Suivi après la sortie"
    with their contacts, and what they write still counts in the menu and on their line."""
    site, referent, staying = team()
    left = make_user(Role.TRAINEE, site=site, referent=referent)
    for person in (staying, left):
        make_trace(person, competencies=("E2C-1A",))  # something new for the table
    record_exit(referent, left, ExitInput(left_on=date.today() - timedelta(days=40), outcome="cdd"))
    start_conversation(left, left, "Des nouvelles", "J'ai signé mon contrat !")
    db.session.commit()
    login(client, referent)

    page = client.get("/referent/stagiaires").get_data(as_text=True)
    table, _, after = page.partition('id="suivi"')
    assert f'href="/referent/stagiaires/{staying.id}"' in table
    assert f'href="/referent/stagiaires/{left.id}"' not in table
    assert "1 stagiaire affiché" in html.unescape(table)
    assert f'href="/referent/stagiaires/{left.id}"' in after
    assert "Suivi après la sortie" in html.unescape(after) and "1 mois" in html.unescape(after)
    assert "Messages (1 non lu)" in html.unescape(page)
    # The caseload shows the contact to make now; the follow-up page the whole year, the
    # contacts to come folded under one line.
    assert "Noter le contact" in after and "followup-history" not in after
    person = html.unescape(client.get("/referent/sortis").get_data(as_text=True))
    assert person.index("Noter le contact") < person.index('<details class="followup-history">')
    assert "<summary>Contacts : 3 à venir</summary>" in person
