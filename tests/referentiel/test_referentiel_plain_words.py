"""The project's own texts in a framework file: everyday short labels and English.

A file must hold them (the loader refuses a missing or too long one with its line); a snapshot
stored before they existed loads without them and falls back to the official French label.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from referentiel import DEFAULT_DIR, Framework, load_framework, load_frameworks
from referentiel.loader import SHORT_MAX
from tests.referentiel.test_referentiel_validation import VALID, edit, problems, write

C1 = "domains[0].competencies[0]"
C2 = "domains[0].competencies[1]"
TOO_LONG = "x" * (SHORT_MAX + 1)

REFUSED = [
    pytest.param(
        edit('        short: "Lire ce qu\'on doit faire"\n', ""),
        16,
        f"{C1}.short",
        "Libellé court manquant « short »",
        id="short-missing",
    ),
    pytest.param(
        edit('short: "Lire ce qu\'on doit faire"', f'short: "{TOO_LONG}"'),
        21,
        f"{C1}.short",
        f"Texte trop long (plus de {SHORT_MAX} caractères)",
        id="short-too-long",
    ),
    pytest.param(
        edit('short: "Lire ce qu\'on doit faire"', 'short: ""'),
        21,
        f"{C1}.short",
        "Valeur vide",
        id="short-empty",
    ),
    pytest.param(
        edit('short_en: "Write a message"', f'short_en: "{TOO_LONG}"'),
        30,
        f"{C2}.short_en",
        "Texte trop long",
        id="short-en-too-long",
    ),
    pytest.param(
        edit('        short_en: "Read what to do"\n', ""),
        16,
        f"{C1}.short_en",
        "Libellé court anglais manquant « short_en »",
        id="short-en-missing",
    ),
    pytest.param(
        edit('        label_en: "Write a safety message"\n', ""),
        24,
        f"{C2}.label_en",
        "Texte anglais manquant « label_en »",
        id="competency-label-en-missing",
    ),
    pytest.param(
        edit(', label_en: "Spot the verb"', ""),
        20,
        f"{C1}.indicators[0].label_en",
        "Texte anglais manquant « label_en »",
        id="indicator-label-en-missing",
    ),
    pytest.param(
        edit(', description_en: "I do it with help"', ""),
        10,
        "levels[1].description_en",
        "Texte anglais manquant « description_en »",
        id="level-description-en-missing",
    ),
    pytest.param(
        edit(', label_en: "Not assessed"', ""),
        9,
        "levels[0].label_en",
        "Texte anglais manquant « label_en »",
        id="level-label-en-missing",
    ),
    pytest.param(
        edit('    label_en: "Communicate"\n', ""),
        12,
        "domains[0].label_en",
        "Texte anglais manquant « label_en »",
        id="domain-label-en-missing",
    ),
    pytest.param(
        edit('    label: "Communiquer"\n', '    label: "Communiquer"\n    description: "Parler"\n'),
        15,
        "domains[0].description_en",
        "Texte anglais manquant « description_en »",
        id="description-en-missing",
    ),
    pytest.param(
        edit(
            '    label: "Communiquer"\n', '    label: "Communiquer"\n    description_en: "Talk"\n'
        ),
        15,
        "domains[0].description_en",
        "« description_en » sans « description » en français",
        id="description-en-alone",
    ),
]


@pytest.mark.parametrize(("text", "line", "key", "message"), REFUSED)
def test_missing_or_too_long_own_text_is_refused_with_its_line(
    tmp_path: Path, text: str, line: int, key: str, message: str
) -> None:
    found = problems(tmp_path, text)
    assert any((line, key) == (p_line, p_key) and message in m for p_line, p_key, m in found), found


def test_texts_follow_the_readers_language(tmp_path: Path) -> None:
    fw = load_framework(write(tmp_path, VALID))
    c1 = fw.competency("C1")
    assert (c1.everyday("fr"), c1.official("fr")) == (
        "Lire ce qu'on doit faire",
        "Lire une consigne",
    )
    assert (c1.everyday("en"), c1.official("en")) == ("Read what to do", "Read an instruction")
    assert c1.indicators[0].text("en") == "Spot the verb"
    assert fw.domain("D1").text("en") == "Communicate"
    assert (fw.level(1).name("en"), fw.level(1).text("en")) == ("I do", "I do it with help")
    assert fw.level(1).name("fr") == "Je fais"


def test_level_meaning_drops_the_name_in_front() -> None:
    e2c = load_frameworks(DEFAULT_DIR)["e2c-apc"]
    assert e2c.level(1).meaning("fr") == "Je réalise la tâche, avec de l'aide si besoin."
    assert e2c.level(1).meaning("en") == "I carry out the task, with help if needed."


def _strip_own_texts(data: object) -> object:
    if isinstance(data, dict):
        return {
            k: _strip_own_texts(v)
            for k, v in data.items()
            if k != "short" and not k.endswith("_en")
        }
    if isinstance(data, list):
        return [_strip_own_texts(v) for v in data]
    return data


def test_old_snapshot_without_own_texts_loads_and_falls_back_to_french(tmp_path: Path) -> None:
    fw = load_framework(write(tmp_path, VALID))
    old = Framework.from_dict(_strip_own_texts(fw.to_dict()))  # type: ignore[arg-type]
    c1 = old.competency("C1")
    assert c1.everyday("en") == "Lire une consigne"
    assert old.level(1).name("en") == "Je fais"
    assert Framework.from_dict(fw.to_dict()).competency("C1").everyday("en") == "Read what to do"


def test_shipped_short_labels_fit_and_tell_competencies_apart() -> None:
    for fw in load_frameworks(DEFAULT_DIR).values():
        shorts = [c.short for c in fw.competencies]
        assert len(set(shorts)) == len(shorts), fw.id
        for c in fw.competencies:
            assert c.short and c.short_en and len(c.short) <= SHORT_MAX
            assert c.label_en and c.label_en != c.label, c.id
        for i in fw.indicators:
            assert i.label_en and i.label_en != i.label, i.id


def test_search_finds_a_competency_by_its_short_label() -> None:
    e2c = load_frameworks(DEFAULT_DIR)["e2c-apc"]
    assert e2c.search("parler avec les autres")[0].id == "E2C-1C"
