"""The catalogue loaders: every problem with file:line, nothing imported when one is wrong.

Files are crafted here, small and readable; the network library file is loaded by the same
loader (it must stay valid: the demo imports it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from builders import make_site, make_user
from portfolio.activities.services import catalogue, files
from portfolio.extensions import db
from portfolio.models import Activity, ActivityKind, Role
from portfolio.services.frameworks import frameworks

LIBRARY = Path(__file__).resolve().parents[3] / "portfolio" / "data" / "activites_reseau.yaml"

GOOD = """\
activities:
  - code: CUISINE
    title: Cuisiner pour le groupe
    kind: atelier
    duration: 120
    group_size: 10
    description: On prépare le repas.
    targets:
      - E2C-2C
      - {competency: SOC2, indicators: [SOC2-2]}
  - code: VISITE
    title: Visite d'un entrepôt
    kind: visite-entreprise
    duration: 180
    group_size: 8
    targets: [E2C-7B]
"""


def _load(text: str, name: str = "cat.yaml") -> list[files.LoadedActivity]:
    return files.load_catalogue(text.encode(), name, frameworks())


def _problems(text: str, name: str = "cat.yaml") -> list[str]:
    with pytest.raises(files.CatalogueFileError) as error:
        _load(text, name)
    return [str(p) for p in error.value.problems]


def test_a_good_file_gives_its_activities_with_their_frameworks():
    loaded = _load(GOOD)
    assert [item.spec.code for item in loaded] == ["CUISINE", "VISITE"]
    first = loaded[0].spec
    assert first.kind is ActivityKind.WORKSHOP
    assert [(t.framework_id, t.competency_id, t.indicators) for t in first.targets] == [
        ("e2c-apc", "E2C-2C", ()),
        ("cps-spf2022", "SOC2", ("SOC2-2",)),
    ]


def test_every_problem_is_reported_with_its_file_and_line():
    bad = (
        GOOD.replace("E2C-2C", "E2C-2Z")
        .replace("kind: visite-entreprise", "kind: fete")
        .replace("duration: 180", "duration: longue")
        .replace("code: VISITE", "code: CUISINE")
    )
    assert _problems(bad) == [
        "cat.yaml:9: activities[0].targets: Compétence inconnue « E2C-2Z » "
        "(ni du référentiel E2C, ni des CPS).",
        "cat.yaml:11: code: Code en double « CUISINE » (déjà ligne 2).",
        "cat.yaml:13: activities[1].kind: Type d'activité inconnu « fete ». Types possibles : "
        + ", ".join(k.value for k in ActivityKind)
        + ".",
        "cat.yaml:14: activities[1].duration: La durée doit être un nombre entier de minutes, "
        "de 5 à 600.",
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("group_size: 10", "group_size: 0"), "cat.yaml:6: activities[0].group_size:"),
        (("duration: 120", "duration: 2"), "cat.yaml:5: activities[0].duration:"),
        (("duration: 120", "duration: 12.5"), "cat.yaml:5: activities[0].duration:"),
        (("duration: 120", "duration: true"), "cat.yaml:5: activities[0].duration:"),
        (("SOC2-2", "EMO1-1"), "cat.yaml:9: activities[0].targets: Indicateur inconnu « EMO1-1 »"),
        (
            ("    description: On", "    colour: red\n    description: On"),
            "cat.yaml:7: activities[0].colour: Clé inconnue.",
        ),
        (("title: Cuisiner pour le groupe", "title: ''"), "cat.yaml:3: activities[0].title:"),
        (("code: CUISINE", "code: cuisine à midi"), "cat.yaml:2: activities[0].code:"),
        (
            ("targets: [E2C-7B]", "targets: []"),
            "cat.yaml:16: activities[1].targets: Choisissez de 1 à 8",
        ),
        (("activities:", "activités:"), "cat.yaml:1: activités: Clé inconnue"),
        (("  - code: VISITE", "  - &a code: VISITE"), "cat.yaml:11: YAML refusé"),
    ],
)
def test_each_kind_of_mistake_names_its_line(change, expected):
    problems = _problems(GOOD.replace(*change))
    assert any(p.startswith(expected) for p in problems), problems


def test_a_file_that_is_not_yaml_nor_csv_is_refused():
    assert _problems("x", "catalogue.xlsx") == [
        "catalogue.xlsx: Le fichier doit finir par .yaml, .yml ou .csv."
    ]


def test_a_file_not_in_utf8_is_refused_with_its_line():
    with pytest.raises(files.CatalogueFileError) as error:
        files.load_catalogue("activities:\n  - code: É\n".encode("latin-1"), "c.yaml", frameworks())
    assert str(error.value) == "c.yaml:2: Le fichier n'est pas en UTF-8."


CSV = (
    "code;title;kind;duration;group_size;description;targets;indicators\n"
    "CUISINE;Cuisiner;atelier;120;10;On cuisine;E2C-2C SOC2;SOC2-2\n"
    'DEBAT;"Débat; actu";niveau-francais;90;14;"Deux\nlignes";E2C-1E;\n'
)


def test_a_spreadsheet_file_loads_with_semicolons_and_quoted_lines():
    loaded = _load(CSV, "cat.csv")
    assert [(i.spec.code, i.spec.title, i.line) for i in loaded] == [
        ("CUISINE", "Cuisiner", 2),
        ("DEBAT", "Débat; actu", 4),
    ]
    assert loaded[0].spec.targets[1].indicators == ("SOC2-2",)


def test_a_spreadsheet_file_names_its_lines_too():
    bad = (
        CSV.replace("E2C-2C SOC2", "E2C-2C XYZ").replace(";90;", ";0;")
        + "CUISINE;A;atelier;60;5;;E2C-2C;\n"
    )
    assert _problems(bad, "cat.csv") == [
        "cat.csv:2: targets: Compétence inconnue « XYZ » (ni du référentiel E2C, ni des CPS).",
        "cat.csv:2: indicators: Indicateur inconnu « SOC2-2 » : il doit appartenir à une des "
        "compétences visées.",
        "cat.csv:4: duration: La durée doit être un nombre entier de minutes, de 5 à 600.",
        "cat.csv:5: code: Code en double « CUISINE » (déjà ligne 2).",
    ]


def test_a_spreadsheet_with_unknown_columns_says_which():
    assert _problems("code;titre\nA;B\n", "cat.csv") == [
        "cat.csv:1: Première ligne : colonnes inconnues : titre ; colonnes manquantes : "
        "title, kind, duration, group_size, targets."
    ]


def test_the_network_library_is_valid_and_large_enough():
    loaded = files.load_yaml(LIBRARY.read_bytes(), LIBRARY.name, frameworks())
    assert len(loaded) >= 30
    kinds = {item.spec.kind for item in loaded}
    assert kinds == set(ActivityKind)  # every kind has an example
    for item in loaded:
        assert 2 <= len(item.spec.targets) <= 5, item.spec.code
        assert item.spec.title_en and item.spec.description and item.spec.description_en
    frameworks_used = {t.framework_id for item in loaded for t in item.spec.targets}
    assert frameworks_used == {"e2c-apc", "cps-spf2022"}


def test_export_then_import_gives_the_same_catalogue():
    site = make_site()
    loaded = _load(GOOD)
    catalogue.import_catalogue(None, site, loaded)
    db.session.commit()
    items = list(db.session.scalars(catalogue.catalogue_query(site.id)))
    again_yaml = files.load_yaml(files.export_yaml(items).encode(), "e.yaml", frameworks())
    again_csv = files.load_csv(files.export_csv(items).encode(), "e.csv", frameworks())
    by_code = {i.spec.code: i.spec for i in loaded}
    assert {i.spec.code: i.spec for i in again_yaml} == by_code
    assert {i.spec.code: i.spec for i in again_csv} == by_code


def test_an_import_is_all_or_nothing():
    """One wrong activity among good ones: nothing is written, not even the good ones."""
    site = make_site()
    admin = make_user(Role.ADMIN, site=site)
    bad = GOOD + "  - code: TROISIEME\n    title: X\n    kind: atelier\n    duration: 60\n"
    with pytest.raises(files.CatalogueFileError):
        catalogue.import_catalogue(admin, site, _load(bad))
    assert db.session.scalar(select(func.count(Activity.id))) == 0
    plan = catalogue.import_catalogue(admin, site, _load(GOOD))
    db.session.commit()
    assert len(plan.new) == 2
    # The same file again updates, never doubles.
    plan = catalogue.import_catalogue(
        admin, site, _load(GOOD.replace("Cuisiner pour", "Cuisiner avec"))
    )
    db.session.commit()
    assert (len(plan.new), len(plan.updated)) == (0, 2)
    titles = set(db.session.scalars(select(Activity.title)))
    assert titles == {"Cuisiner avec le groupe", "Visite d'un entrepôt"}
