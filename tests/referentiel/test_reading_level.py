"""Plain words for trainees: a reading-level check of the texts a trainee reads.

Checked: the framework texts trainees see (everyday short labels, level names and what each
level means), every French text (msgid) of the trainee's own templates, and the interview
question bank (each question, what the recruiter looks for and the tip). A sentence has at
most 20 words and no word of :data:`RARE_WORDS`, words a 17-year-old who reads with
difficulty stumbles on (the official labels, one tap away, are facts and are not checked).
:func:`test_the_check_fails_on_a_bad_text` proves the check can fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from portfolio.interview.bank import load_bank
from referentiel import DEFAULT_DIR, load_frameworks

ROOT = Path(__file__).resolve().parents[2]
TRAINEE_TEMPLATES = (
    *sorted((ROOT / "portfolio" / "trainee" / "templates").rglob("*.html")),
    ROOT / "portfolio" / "main" / "templates" / "main" / "_home_summary.html",
    *(
        ROOT / "portfolio" / "interview" / "templates" / "interview" / f"{name}.html"
        for name in ("home", "question", "rating", "summary", "session", "_macros")
    ),
)
MAX_WORDS = 20
RARE_WORDS = (
    "palier",
    "paliers",
    "indicateur",
    "indicateurs",
    "référentiel",
    "référentiels",
    "compétence transversale",
    "compétences transversales",
    "ROME",
    "APC",
    "évaluation sommative",
    "évaluation formative",
    "critère d'évaluation",
    "positionnement",
    "savoir-être",
    "CPS",
    "CléA",
)
_RARE = re.compile(
    "|".join(rf"(?<!\w){re.escape(word)}(?!\w)" for word in RARE_WORDS), re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?;:]+(?:\s|$)|\n")
# _("..."), _('...'), ngettext("...", "...", n): the French texts of a template.
_MSGID = re.compile(r"""(?:\b_|ngettext)\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def problems(text: str) -> list[str]:
    """What makes a text hard to read: long sentences and rare words (empty: plain)."""
    found = [f"mot rare « {m.group(0)} »" for m in _RARE.finditer(text)]
    for sentence in _SENTENCE_END.split(_PLACEHOLDER.sub("X", text)):
        words = re.findall(r"[\w'’-]+", sentence)
        if len(words) > MAX_WORDS:
            found.append(f"phrase de {len(words)} mots : « {sentence.strip()[:60]}… »")
    return found


def trainee_texts() -> list[tuple[str, str]]:
    """(where, text) for every French text a trainee reads in the checked places."""
    texts: list[tuple[str, str]] = []
    for fw in load_frameworks(DEFAULT_DIR).values():
        for c in fw.active_competencies:
            texts.append((f"{fw.id} {c.id} short", c.short or ""))
        for level in fw.levels:
            texts.append((f"{fw.id} niveau {level.code}", f"{level.label}. {level.description}"))
    frameworks = load_frameworks(DEFAULT_DIR)
    known = {c.id for fw in frameworks.values() for c in fw.active_competencies}
    for q in load_bank(competencies=known, domains=set("ABCDEFGHIJKLMN")).questions:
        texts += [(f"question {q.id}", t) for t in (q.text, q.looking_for, q.tip)]
    for path in TRAINEE_TEMPLATES:
        source = path.read_text(encoding="utf-8")
        for match in _MSGID.finditer(source):
            texts.append((path.name, match.group(1) or match.group(2)))
    return texts


def test_the_checked_places_hold_the_texts_trainees_read() -> None:
    texts = [text for _, text in trainee_texts()]
    assert "Parler avec les autres" in texts
    assert "Choisissez la phrase qui vous ressemble le plus" in texts
    assert (
        "Dites que vous demandez. Demander n'est pas une faiblesse. Cela évite les erreurs."
        in texts
    )
    assert "Regardez votre réponse" in texts
    assert len(texts) > 200


def test_trainee_texts_are_plain() -> None:
    hard = [
        f"{where}: {text!r}: {', '.join(p)}"
        for where, text in trainee_texts()
        if (p := problems(text))
    ]
    assert not hard, "Texts too hard to read:\n  " + "\n  ".join(hard)


@pytest.mark.parametrize(
    "bad",
    [
        "Votre palier est enregistré.",
        "Choisissez les indicateurs du référentiel.",
        "Le code ROME de votre projet",
        "Ceci est une phrase beaucoup trop longue qui continue encore et encore sans jamais "
        "s'arrêter pour que la personne qui lit puisse enfin respirer un peu.",
    ],
)
def test_the_check_fails_on_a_bad_text(bad: str) -> None:
    assert problems(bad)


def test_the_check_passes_plain_text() -> None:
    assert problems("Je fais. Je réalise la tâche, avec de l'aide si besoin.") == []
