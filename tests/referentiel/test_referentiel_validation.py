"""Bad framework files: every problem is reported at once, with its line and key."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from referentiel import (
    MAX_BYTES,
    Framework,
    Frameworks,
    Problem,
    ReferentielError,
    check,
    load_framework,
    load_frameworks,
)

# A small valid file; the comments give the line numbers the tests rely on.
VALID = """\
id: demo
version: "1"
title: "Démo"
publisher: "Projet"
provenance: "Écrit pour les tests"
licence: "AGPL"
language: fr
levels:
  - {code: 0, label: "Non évaluée", description: "Pas encore vue", label_en: "Not assessed", description_en: "Not seen yet"}
  - {code: 1, label: "Je fais", description: "Je fais avec de l'aide", label_en: "I do", description_en: "I do it with help"}
domains:
  - id: D1
    code: "D1"
    label: "Communiquer"
    competencies:
      - id: C1
        code: "1a"
        label: "Lire une consigne"
        indicators:
          - {id: C1-01, label: "Repérer le verbe", label_en: "Spot the verb"}
        short: "Lire ce qu'on doit faire"
        label_en: "Read an instruction"
        short_en: "Read what to do"
      - id: C2
        code: "1b"
        label: "Écrire un message de sécurité"
        indicators: []
        short: "Écrire un message"
        label_en: "Write a safety message"
        short_en: "Write a message"
    label_en: "Communicate"
"""


def write(tmp_path: Path, text: str, name: str = "demo.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[tuple[int, str, str]]:
    path = write(tmp_path, text)
    with pytest.raises(ReferentielError) as info:
        load_framework(path)
    assert all(p.file == str(path) for p in info.value.problems)
    return [(p.line, p.key, p.message) for p in info.value.problems]


def edit(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


def test_valid_file_loads(tmp_path: Path) -> None:
    fw = load_framework(write(tmp_path, VALID))
    assert fw.id == "demo"
    assert [c.id for c in fw.competencies] == ["C1", "C2"]
    assert fw.competency("C2").indicators == ()
    assert fw.domain_of("C2").label == "Communiquer"


CASES = [
    pytest.param("id: [demo\n" + VALID[9:], 2, "", "Syntaxe YAML invalide", id="syntax"),
    pytest.param("- id: demo\n- version: 1\n", 1, "", "doit être un dictionnaire", id="list"),
    pytest.param("« juste du texte »\n", 1, "", "doit être un dictionnaire", id="scalar"),
    pytest.param("", 1, "", "Fichier vide", id="empty"),
    pytest.param("# seulement un commentaire\n", 1, "", "Fichier vide", id="comment-only"),
    pytest.param(VALID + "---\nid: autre\n", 32, "", "Syntaxe YAML invalide", id="two-docs"),
    pytest.param(
        edit("language: fr\n", "language: fr\nfoo: 1\n"),
        8,
        "foo",
        "Clé inconnue « foo »",
        id="top-key",
    ),
    pytest.param(
        edit('"Pas encore vue",', '"Pas encore vue", couleur: bleu,'),
        9,
        "levels[0].couleur",
        "Clé inconnue « couleur »",
        id="level-key",
    ),
    pytest.param(
        edit('    code: "D1"\n', '    code: "D1"\n    competences: []\n'),
        14,
        "domains[0].competences",
        "Clé inconnue « competences »",
        id="domain-key",
    ),
    pytest.param(
        edit('label: "Repérer le verbe",', 'label: "Repérer le verbe", note: 3,'),
        20,
        "domains[0].competencies[0].indicators[0].note",
        "Clé inconnue « note »",
        id="indicator-key",
    ),
    pytest.param(
        edit(
            "        indicators: []\n", "        indicators: []\n        crosswalk: {rome: [A1]}\n"
        ),
        28,
        "domains[0].competencies[1].crosswalk.rome",
        "Clé inconnue « rome »",
        id="crosswalk-key",
    ),
    pytest.param(
        edit('        label: "Lire une consigne"\n', ""),
        16,
        "domains[0].competencies[0].label",
        "Clé manquante « label »",
        id="missing-label",
    ),
    pytest.param(
        edit('title: "Démo"\n', ""), 1, "title", "Clé manquante « title »", id="missing-title"
    ),
    pytest.param(
        edit('label: "Lire une consigne"', 'label: ""'),
        18,
        "domains[0].competencies[0].label",
        "Libellé vide",
        id="empty-label",
    ),
    pytest.param(
        edit('label: "Lire une consigne"', "label:"),
        18,
        "domains[0].competencies[0].label",
        "Libellé vide",
        id="null-label",
    ),
    pytest.param(
        edit('label: "Repérer le verbe"', 'label: "   "'),
        20,
        "domains[0].competencies[0].indicators[0].label",
        "Libellé vide",
        id="blank-indicator-label",
    ),
    pytest.param(
        edit("{code: 0,", '{code: "abc",'),
        9,
        "levels[0].code",
        "Nombre entier attendu (ici : texte « abc »)",
        id="code-abc",
    ),
    pytest.param(
        edit('version: "1"', "version: 2018.1"),
        2,
        "version",
        "Texte attendu (ici : nombre décimal) ; mettez la valeur entre guillemets",
        id="version-float",
    ),
    pytest.param(
        edit('label: "Lire une consigne"', "label: on"),
        18,
        "domains[0].competencies[0].label",
        "Texte attendu (ici : oui/non)",
        id="label-bool",
    ),
    pytest.param(
        edit(
            'description_en: "I do it with help"}\n',
            'description_en: "I do it with help"}\n'
            + "".join(
                f"  - {{code: {n}, label: P{n}, description: P{n}, label_en: P, description_en: P}}\n"
                for n in range(2, 6)
            ),
        ),
        9,
        "levels",
        "Trop de niveaux (plus de 5)",
        id="six-levels",
    ),
    pytest.param(
        edit("levels:\n", "levels: aucun\nx:\n"),
        8,
        "levels",
        "Liste attendue (ici : texte)",
        id="levels-not-list",
    ),
    pytest.param(
        edit("        indicators: []\n", "        indicators: []\n        retired: peut-être\n"),
        28,
        "domains[0].competencies[1].retired",
        "true ou false attendu",
        id="retired-not-bool",
    ),
    pytest.param(
        edit("id: demo", "id: Démo E2C"),
        1,
        "id",
        "Identifiant de référentiel invalide « Démo E2C »",
        id="framework-id",
    ),
    pytest.param(
        edit("- id: C2", "- id: C1"),
        24,
        "domains[0].competencies[1].id",
        "Identifiant en double « C1 » (déjà vu ligne 16)",
        id="duplicate-id",
    ),
    pytest.param(
        edit("{id: C1-01,", "{id: D1,"),
        20,
        "domains[0].competencies[0].indicators[0].id",
        "Identifiant en double « D1 » (déjà vu ligne 12)",
        id="duplicate-id-across-kinds",
    ),
    pytest.param(
        edit('code: "1b"', 'code: "1a"'),
        25,
        "domains[0].competencies[1].code",
        "Code en double « 1a » (déjà vu ligne 17)",
        id="duplicate-code",
    ),
    pytest.param(
        edit(
            '        label: "Lire une consigne"\n',
            '        label: "Lire une consigne"\n        label: "Lire"\n',
        ),
        19,
        "domains[0].competencies[0].label",
        "Clé en double « label » (déjà vue ligne 18)",
        id="duplicate-key",
    ),
    pytest.param(
        edit("{code: 1,", "{code: 2,"),
        10,
        "levels[1].code",
        "Niveaux dans le désordre : code 1 attendu ici, pas 2",
        id="levels-out-of-order",
    ),
    pytest.param(
        edit("{code: 0,", "{code: 1,"),
        9,
        "levels[0].code",
        "Le premier niveau doit avoir le code 0",
        id="levels-not-from-0",
    ),
    pytest.param(
        edit(
            "        indicators: []\n",
            "        indicators: []\n        retired: true\n        replaced_by: C9\n",
        ),
        29,
        "domains[0].competencies[1].replaced_by",
        "Compétence de remplacement inconnue « C9 »",
        id="replaced-by-unknown",
    ),
    pytest.param(
        edit("        indicators: []\n", "        indicators: []\n        replaced_by: C1\n"),
        28,
        "domains[0].competencies[1].replaced_by",
        "Une compétence remplacée doit avoir « retired: true »",
        id="replaced-by-not-retired",
    ),
    pytest.param(
        edit(
            "        indicators: []\n",
            "        indicators: []\n        retired: true\n        replaced_by: C1-01\n",
        ),
        29,
        "domains[0].competencies[1].replaced_by",
        "« C1-01 » n'est pas une compétence (c'est un indicateur)",
        id="replaced-by-indicator",
    ),
    pytest.param(
        edit(
            "        indicators: []\n",
            "        indicators: []\n        retired: true\n        replaced_by: C2\n",
        ),
        29,
        "domains[0].competencies[1].replaced_by",
        "Boucle de remplacement : C2 → C2",
        id="replaced-by-itself",
    ),
    pytest.param(
        edit(
            "        indicators: []\n",
            "        indicators: []\n        crosswalk: {cps: [SOC1-1]}\n",
        ),
        28,
        "domains[0].competencies[1].crosswalk.cps",
        "Correspondance « cps » non déclarée dans « crosswalks »",
        id="crosswalk-undeclared",
    ),
    pytest.param(
        edit('title: "Démo"', 'title: &t "Démo"\npublisher2: *t'),
        3,
        "",
        "Ancre YAML interdite « &t »",
        id="anchor",
    ),
    pytest.param(
        edit('title: "Démo"', "title: !!python/object:os.system {}"),
        3,
        "",
        "Étiquette YAML interdite « !!python/object:os.system »",
        id="python-tag",
    ),
    pytest.param(
        edit('title: "Démo"', 'title: !!str "Démo"'),
        3,
        "",
        "Étiquette YAML interdite « !!str »",
        id="any-tag",
    ),
    pytest.param(
        "a: " + "[" * 40 + "]" * 40 + "\n", 1, "", "Trop de niveaux d'imbrication", id="deep"
    ),
    pytest.param("id: demo\x07\n", 1, "", "Caractère interdit dans le fichier", id="control-char"),
]


@pytest.mark.parametrize(("text", "line", "key", "message"), CASES)
def test_bad_file_names_line_and_key(
    tmp_path: Path, text: str, line: int, key: str, message: str
) -> None:
    found = problems(tmp_path, text)
    assert any(
        (p_line, p_key) == (line, key) and message in p_message
        for p_line, p_key, p_message in found
    ), found


def test_billion_laughs_is_refused_before_expansion(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 9):
        prev, cur = chr(ord("a") + n - 1), chr(ord("a") + n)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    found = problems(tmp_path, "\n".join(lines) + "\n")
    assert found[0] == (1, "", "Ancre YAML interdite « &a »")
    assert (2, "", "Alias YAML interdit « *a »") in found


def test_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * MAX_BYTES + b"\n")
    with pytest.raises(ReferentielError) as info:
        load_framework(path)
    assert [(p.line, p.message) for p in info.value.problems] == [
        (0, "Fichier trop gros (plus de 2 Mo)")
    ]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(VALID.replace("Démo", "D\xe9mo").encode("latin-1"))
    with pytest.raises(ReferentielError) as info:
        load_framework(path)
    assert [(p.line, p.message) for p in info.value.problems] == [
        (3, "Le fichier n'est pas en UTF-8")
    ]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReferentielError) as info:
        load_framework(tmp_path / "absent.yaml")
    assert info.value.problems[0].message == "Fichier introuvable"


def test_all_problems_are_reported_at_once_in_line_order(tmp_path: Path) -> None:
    text = (
        VALID.replace("language: fr\n", "language: fr\nfoo: 1\n")
        .replace('label: "Lire une consigne"', 'label: ""')
        .replace("- id: C2", "- id: C1")
        .replace("{code: 1,", "{code: 5,")
    )
    found = problems(tmp_path, text)
    assert [(line, key) for line, key, _ in found] == [
        (8, "foo"),
        (11, "levels[1].code"),
        (19, "domains[0].competencies[0].label"),
        (25, "domains[0].competencies[1].id"),
    ]


def test_error_text_is_one_problem_per_line(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace('label: "Lire une consigne"', 'label: ""'))
    ok, text = check(path)
    assert not ok
    assert text == f"{path}:18: domains[0].competencies[0].label: Libellé vide"
    error = ReferentielError([Problem("a.yaml", 3, "id", "X"), Problem("b.yaml", 0, "", "Y")])
    assert str(error).splitlines() == ["a.yaml:3: id: X", "b.yaml: Y"]


def test_check_file_success_gives_the_summary(tmp_path: Path) -> None:
    assert check(write(tmp_path, VALID)) == (
        True,
        "demo 1 : 1 domaine, 2 compétences, 1 indicateur, 2 niveaux",
    )


def test_check_missing_path(tmp_path: Path) -> None:
    ok, text = check(tmp_path / "absent.yaml")
    assert not ok
    assert "Fichier introuvable" in text


# -- a directory: crosswalks across files -----------------------------------------------------

TARGET = """\
id: cible
version: "1"
title: "Cible"
publisher: "Projet"
provenance: "Écrit pour les tests"
licence: "AGPL"
language: fr
levels:
  - {code: 0, label: "Non évaluée", description: "Pas encore vue", label_en: N, description_en: N}
domains:
  - id: T
    code: "T"
    label: "Domaine cible"
    label_en: "Target domain"
    competencies:
      - {id: T1, code: "T1", label: "Cible un", indicators: [{id: T1-1, label: "Un", label_en: "One"}],
         short: "Un", label_en: "Target one", short_en: "One"}
      - {id: T2, code: "T2", label: "Cible deux", indicators: [], retired: true,
         short: "Deux", label_en: "Target two", short_en: "Two"}
"""


def with_crosswalk(ids: str) -> str:
    text = edit("levels:\n", "crosswalks: {cps: cible}\nlevels:\n")
    return text.replace(
        "        indicators: []\n", f"        indicators: []\n        crosswalk: {{cps: [{ids}]}}\n"
    )


def test_crosswalks_across_files(tmp_path: Path) -> None:
    write(tmp_path, with_crosswalk("T1, T1-1"))
    write(tmp_path, TARGET, "cible.yaml")
    loaded = load_frameworks(tmp_path)
    assert isinstance(loaded, Frameworks)
    assert list(loaded) == ["cible", "demo"]
    assert loaded["demo"].competency("C2").cps == ("T1", "T1-1")
    assert check(tmp_path)[0]


def test_dangling_crosswalk_ids(tmp_path: Path) -> None:
    path = write(tmp_path, with_crosswalk("T1, T9, T, T2"))
    write(tmp_path, TARGET, "cible.yaml")
    with pytest.raises(ReferentielError) as info:
        load_frameworks(tmp_path)
    found = [(p.file, p.line, p.key, p.message) for p in info.value.problems]
    key = "domains[0].competencies[1].crosswalk.cps"
    assert found == [
        (str(path), 29, f"{key}[1]", "Identifiant inconnu « T9 » dans le référentiel « cible »"),
        (
            str(path),
            29,
            f"{key}[2]",
            "« T » est un domaine de « cible » : choisissez une compétence",
        ),
        (str(path), 29, f"{key}[3]", "« T2 » est retirée dans « cible »"),
    ]


def test_crosswalk_to_an_absent_framework(tmp_path: Path) -> None:
    path = write(tmp_path, with_crosswalk("T1"))
    ok, text = check(tmp_path)
    assert not ok
    assert text == f"{path}:8: crosswalks.cps: Référentiel « cible » absent du dossier"


def test_directory_reports_every_file(tmp_path: Path) -> None:
    write(tmp_path, VALID.replace('label: "Lire une consigne"', 'label: ""'), "a.yaml")
    write(tmp_path, "", "b.yaml")
    write(tmp_path, VALID, "c.yaml")
    write(tmp_path, VALID, "d.yml")
    with pytest.raises(ReferentielError) as info:
        load_frameworks(tmp_path)
    found = [(Path(p.file).name, p.line, p.message) for p in info.value.problems]
    assert found == [
        ("a.yaml", 18, "Libellé vide"),
        ("b.yaml", 1, "Fichier vide"),
        ("d.yml", 1, f"Référentiel en double « demo » (déjà dans {tmp_path / 'c.yaml'})"),
    ]


def test_empty_directory(tmp_path: Path) -> None:
    ok, text = check(tmp_path)
    assert (ok, text) == (False, f"{tmp_path}: Aucun fichier .yaml dans ce dossier")


# -- immutability and snapshots -----------------------------------------------------------------


def test_objects_are_immutable(tmp_path: Path) -> None:
    fw = load_framework(write(tmp_path, VALID))
    competency = fw.competency("C1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        competency.label = "Autre"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        fw.version = "2"  # type: ignore[misc]
    with pytest.raises((AttributeError, TypeError)):
        fw.extra = 1  # type: ignore[attr-defined]
    assert isinstance(fw.domains, tuple)
    assert isinstance(competency.indicators, tuple)
    assert isinstance(fw.levels, tuple)
    loaded = Frameworks([fw])
    with pytest.raises(TypeError):
        loaded["demo"] = fw  # type: ignore[index]
    with pytest.raises(AttributeError):
        loaded._items = {}
    assert hash(fw) == hash(load_framework(write(tmp_path, VALID)))


def test_snapshot_is_checked_like_a_file(tmp_path: Path) -> None:
    fw = load_framework(write(tmp_path, VALID))
    data = fw.to_dict()
    data["domains"][0]["competencies"][0]["label"] = ""
    data["levels"][1]["code"] = "un"
    del data["checksum"]
    with pytest.raises(ReferentielError) as info:
        Framework.from_dict(data)
    found = {(p.line, p.key, p.message) for p in info.value.problems}
    assert (0, "checksum", "Empreinte sha256 absente ou invalide") in found
    assert (0, "domains[0].competencies[0].label", "Libellé vide") in found
    assert (0, "levels[1].code", "Nombre entier attendu (ici : texte « un »)") in found
    with pytest.raises(ReferentielError):
        Framework.from_dict(["pas", "un", "dictionnaire"])  # type: ignore[arg-type]


def test_lookups_raise_key_error_for_unknown_ids(tmp_path: Path) -> None:
    fw = load_framework(write(tmp_path, VALID))
    assert fw.get("C9") is None
    assert fw.get("C1-01") is None
    for call in (
        lambda: fw.competency("C9"),
        lambda: fw.competency("D1"),
        lambda: fw.indicator("C1"),
        lambda: fw.level(7),
        lambda: fw.domain_of("C9"),
        lambda: fw.resolve("C9"),
    ):
        with pytest.raises(KeyError):
            call()
