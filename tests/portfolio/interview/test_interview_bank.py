"""The question bank's strict loader: every problem reported with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio.interview.bank import DEFAULT_PATH, QuestionBankError, load_bank, parse_bank

KNOWN = {"E2C-1C", "SOC1", "COG1"}
DOMAINS = set("ABCDEFGHIJKLMN")
GOOD = """\
version: 1
questions:
  - id: gen-vous
    domains: []
    text: "Parlez-moi de vous."
    text_en: "Tell me about yourself."
    looking_for: "Qui vous êtes."
    looking_for_en: "Who you are."
    tip: "Parlez en trois parties."
    tip_en: "Talk in three parts."
    competencies: [E2C-1C, SOC1]
  - id: f-securite
    domains: [F]
    text: "Comment vous protégez-vous ?"
    text_en: "How do you protect yourself?"
    looking_for: "La sécurité."
    looking_for_en: "Safety."
    tip: "Citez le casque."
    tip_en: "Name the helmet."
    competencies: [COG1]
"""


def _problems(text: str) -> list[str]:
    with pytest.raises(QuestionBankError) as caught:
        parse_bank(text.encode(), "banque.yaml", competencies=KNOWN, domains=DOMAINS)
    return [str(p) for p in caught.value.problems]


def test_a_good_file_loads_with_general_and_domain_questions():
    bank = parse_bank(GOOD.encode(), "banque.yaml", competencies=KNOWN, domains=DOMAINS)
    assert [q.id for q in bank.general()] == ["gen-vous"]
    assert [q.id for q in bank.for_domain("F")] == ["f-securite"]
    assert bank.get("gen-vous").words("en")[0] == "Tell me about yourself."  # type: ignore[union-attr]
    assert bank.get(12) is None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("competencies: [COG1]", "competencies: [COG1, XYZ9]"), "banque.yaml:20: "
         "questions[1].competencies: Compétence inconnue « XYZ9 »"),
        (("id: f-securite", "id: gen-vous"), "banque.yaml:12: questions[1].id: "
         "Identifiant « gen-vous » en double (déjà ligne 3)"),
        (('    tip_en: "Name the helmet."\n', ""), "banque.yaml:12: questions[1].tip_en: "
         "Champ obligatoire manquant"),
        (("domains: [F]", "domains: [Z]"), "banque.yaml:13: questions[1].domains: "
         "Grand domaine inconnu « Z »"),
        (('text: "Comment vous protégez-vous ?"', 'text: "  "'), "banque.yaml:14: "
         "questions[1].text: Texte vide"),
        (('text: "Comment vous protégez-vous ?"', "text: 12"), "banque.yaml:14: "
         "questions[1].text: Il faut un texte"),
        (("competencies: [COG1]", "competencies: []"), "banque.yaml:20: "
         "questions[1].competencies: Au moins une compétence"),
        (("domains: [F]", "domains: F"), "banque.yaml:13: questions[1].domains: Il faut une liste"),
        (("id: f-securite", "id: F Sécurité"), "banque.yaml:12: questions[1].id: "
         "Identifiant invalide"),
        (("    domains: [F]\n", "    domains: [F]\n    level: 3\n"), "banque.yaml:14: "
         "questions[1].level: Champ inconnu"),
        (("    domains: [F]\n", "    domains: [F]\n    domains: [G]\n"), "banque.yaml:14: "
         "questions.1.domains: Clé en double (déjà ligne 13)"),
        (("version: 1", "version: un"), "banque.yaml:1: version: La version doit être un nombre"),
        (("version: 1", "version: 1\nvers: 2"), "banque.yaml:2: vers: Clé inconnue"),
        (("questions:", "questions: &a"), "banque.yaml:2: YAML refusé (anchor) a"),
    ],
)  # fmt: skip
def test_each_problem_names_the_file_the_line_and_the_field(change, expected):
    old, new = change
    assert old in GOOD
    found = _problems(GOOD.replace(old, new))
    assert any(p.startswith(expected) for p in found), found


def test_every_problem_is_reported_at_once():
    text = GOOD.replace("[COG1]", "[NOPE]").replace("domains: [F]", "domains: [Z]")
    assert len(_problems(text)) == 2


def test_empty_and_wrong_shaped_files_are_refused_in_words():
    assert _problems("") == [
        "banque.yaml: Le fichier doit être un dictionnaire (version, questions)"
    ]
    assert "Il faut une liste de questions, non vide" in _problems("version: 1\nquestions: []\n")[0]
    assert (
        "Une question doit être un dictionnaire" in _problems("version: 1\nquestions: [texte]\n")[0]
    )
    assert "Champ obligatoire manquant" in _problems("version: 1\n")[0]


def test_a_missing_file_is_named(tmp_path: Path):
    with pytest.raises(QuestionBankError, match="Fichier introuvable"):
        load_bank(tmp_path / "absent.yaml", competencies=KNOWN, domains=DOMAINS)


def test_the_shipped_bank_loads_with_the_real_frameworks_and_rome(app):
    from portfolio.interview.services.questions import bank

    assert bank().get("gen-vous") is not None
    assert DEFAULT_PATH.name == "interview_questions.yaml"


def test_a_bad_file_on_disk_is_refused_with_its_line(tmp_path: Path):
    bad = tmp_path / "banque.yaml"
    bad.write_text(GOOD.replace("[COG1]", "[NOPE]"), encoding="utf-8")
    with pytest.raises(QuestionBankError, match=r"banque.yaml:20: .*NOPE"):
        load_bank(bad, competencies=KNOWN, domains=DOMAINS)
