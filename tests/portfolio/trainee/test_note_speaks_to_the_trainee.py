"""A shared explicitation note read by its trainee says "vous"; the referent's page keeps
"le stagiaire"."""

from __future__ import annotations

from builders_referent import make_note, team

from builders import login, page_text


def test_the_trainee_reads_what_they_said_as_vous_and_the_referent_keeps_le_stagiaire(client):
    _site, referent, trainee = team()
    note = make_note(referent, trainee)
    login(client, trainee)
    text = page_text(client.get(f"/mon-suivi/notes/{note.id}"))
    assert "Ce que vous avez dit" in text and "Partagée avec vous" in text
    assert "J'ai vu qu'on allait être en retard" in text
    assert "stagiaire" not in text.split("<main")[-1].split("</main>")[0]
    client.post("/deconnexion")
    login(client, referent)
    text = page_text(client.get(f"/referent/stagiaires/{trainee.id}/notes/{note.id}"))
    assert "Les mots du stagiaire" in text and "Partagée avec le stagiaire" in text
    assert "Ce que vous avez dit" not in text
