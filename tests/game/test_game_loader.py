"""The content validator: each kind of error names the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from game_builders import FIXTURES, task_dict, trade_dict, write_trade

from game.core.errors import ContentError, ContentProblem
from game.core.framework import FrameworkView
from game.core.loader import load_catalogue, load_version, parse_trade

GOOD = (FIXTURES / "trades" / "N1103.yaml").read_text(encoding="utf-8")
KITCHEN = (FIXTURES / "trades" / "G1602.yaml").read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def problems(
    text: str | bytes, framework: FrameworkView, name: str = "N1103.yaml"
) -> list[ContentProblem]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(ContentError) as caught:
        parse_trade(raw, name, framework)
    return list(caught.value.problems)


def only(found: list[ContentProblem], kind: str) -> ContentProblem:
    matching = [p for p in found if p.kind == kind]
    assert len(matching) == 1, found
    return matching[0]


def test_the_fixtures_are_valid(framework: FrameworkView) -> None:
    trade = parse_trade(GOOD.encode(), "N1103.yaml", framework)
    assert trade.rome == "N1103" and len(trade.tasks) == 3
    assert [t.engine for t in trade.tasks] == ["sort", "route", "form"]
    assert len(trade.content_hash) == 64


def test_error_message_names_file_line_and_key(framework: FrameworkView) -> None:
    bad = GOOD.replace("category: froid}", "category: chaud}", 1)
    problem = only(problems(bad, framework), "unknown_ref")
    assert problem.line == line_of(bad, "chaud")
    assert problem.key == "tasks[0].data.items[0].category"
    assert (
        str(problem)
        == f"N1103.yaml:{problem.line}: tasks[0].data.items[0].category: catégorie inconnue « chaud »"
    )


@pytest.mark.parametrize(
    ("old", "new", "kind", "needle", "key"),
    [
        ('title: "Ranger les colis"', "title: 12", "type", "title: 12", "tasks[0].title"),
        ('title: "Ranger les colis"', 'title: "   "', "empty", 'title: "   "', "tasks[0].title"),
        (
            'title: "Ranger les colis"',
            f'title: "{"x" * 200}"',
            "too_long",
            "x" * 50,
            "tasks[0].title",
        ),
        ("    engine: sort\n", "    engine: tri\n", "engine", "engine: tri", "tasks[0].engine"),
        (
            "{id: E2C-1A, indicators: [E2C-1A-06]}",
            "{id: E2C-9Z, indicators: [E2C-1A-06]}",
            "unknown_competency",
            "E2C-9Z",
            "tasks[0].competencies[0].id",
        ),
        (
            "indicators: [E2C-1A-06]",
            "indicators: [E2C-1A-99]",
            "unknown_indicator",
            "E2C-1A-99",
            "tasks[0].competencies[0].indicators[0]",
        ),
        (
            "indicators: [E2C-1A-06]",
            "indicators: [E2C-1B-01]",
            "indicator_mismatch",
            "E2C-1B-01",
            "tasks[0].competencies[0].indicators[0]",
        ),
        (
            'answer: 1}\n        - {label: "Jour',
            'answer: 7}\n        - {label: "Jour',
            "index_range",
            "answer: 7",
            "tasks[2].data.fields[1].answer",
        ),
        (
            "visit: [c, a, d, b]",
            "visit: [c, a, z, b]",
            "unknown_ref",
            "visit: [c, a, z, b]",
            "tasks[1].data.visit[2]",
        ),
        ("start: quai", "start: porte", "unknown_ref", "start: porte", "tasks[1].data.start"),
        ("rome: N1103", "rome: N1104", "rome_mismatch", "rome: N1104", "rome"),
        ("grand_domaine: N", "grand_domaine: Z", "type", "grand_domaine: Z", "grand_domaine"),
        ("riasec: [R]", "riasec: [R, X]", "type", "riasec: [R, X]", "riasec[1]"),
        ("schema: 1", "schema: 2", "schema", "schema: 2", "schema"),
        ("regulated: false", "regulated: non", "type", "regulated: non", "regulated"),
        ("  - id: tournee-allees", "  - id: Tournée", "type", "id: Tournée", "tasks[1].id"),
        (
            'hints: ["Regardez le mot écrit sur le colis."]',
            "hints: [a, b, c, d]",
            "count",
            "hints: [a, b, c, d]",
            "tasks[0].hints",
        ),
        (
            '        - {label: "Colis de riz", category: sec}\n',
            "",
            "count",
            "items:",
            "tasks[0].data.items",
        ),
        (
            '    instructions: "Chaque colis',
            '    instruction: "Chaque colis',
            "unknown_key",
            "instruction:",
            "tasks[0].instruction",
        ),
    ],
)
def test_each_error_kind_names_its_line_and_key(
    framework: FrameworkView, old: str, new: str, kind: str, needle: str, key: str
) -> None:
    assert old in GOOD
    bad = GOOD.replace(old, new, 1)
    found = [p for p in problems(bad, framework) if p.kind == kind]
    assert found, problems(bad, framework)
    problem = found[0]
    assert problem.key == key
    assert problem.line == line_of(bad, needle.split("\n")[0] if needle.strip() else needle)
    assert problem.file == "N1103.yaml"
    assert problem.message  # a French sentence for the content writer


def test_a_task_id_used_twice(framework: FrameworkView) -> None:
    bad = GOOD.replace("  - id: tournee-allees", "  - id: ranger-colis", 1)
    problem = only(problems(bad, framework), "duplicate")
    assert problem.key == "tasks[1].id"
    assert problem.line == GOOD.splitlines().index("  - id: tournee-allees") + 1


def test_missing_field_points_at_the_block_that_lacks_it(framework: FrameworkView) -> None:
    bad = GOOD.replace('    title: "Passer dans les allées"\n', "", 1)
    problem = only(problems(bad, framework), "missing")
    assert problem.key == "tasks[1]"
    assert problem.line == line_of(bad, "id: tournee-allees")
    assert "« title »" in problem.message


def test_every_problem_of_a_file_is_reported_at_once(framework: FrameworkView) -> None:
    bad = (
        GOOD.replace("category: froid}", "category: chaud}", 1)
        .replace("E2C-1B-05", "E2C-1B-77")
        .replace("rome: N1103", "rome: N1104")
    )
    kinds = {p.kind for p in problems(bad, framework)}
    assert {"unknown_ref", "unknown_indicator", "rome_mismatch"} <= kinds


@pytest.mark.parametrize(
    ("raw", "line", "fragment"),
    [
        (b"rome: [N1103\nlabel: x\n", 2, "YAML illisible"),
        (b"\xff\xfe bad bytes", 1, "UTF-8"),
        (b"", 1, "vide"),
        (b"a: &x 1\nb: *x\n", 1, "ancres"),
        (b"a: 1\n---\nb: 2\n", 2, "YAML illisible"),
        (b"x" * 300_000, 0, "trop gros"),
    ],
)
def test_unreadable_files_are_refused_with_a_line(
    framework: FrameworkView, raw: bytes, line: int, fragment: str
) -> None:
    problem = only(problems(raw, framework), "parse")
    assert problem.line == line
    assert fragment in problem.message


def test_a_file_that_is_not_a_mapping(framework: FrameworkView) -> None:
    problem = only(problems("- a\n- b\n", framework), "type")
    assert problem.line == 1 and problem.key == ""


def test_a_key_written_twice(framework: FrameworkView) -> None:
    bad = GOOD.replace('label: "Préparateur', 'label: "Autre"\nlabel: "Préparateur', 1)
    problem = only(problems(bad, framework), "duplicate")
    assert problem.key == "label"
    assert problem.line == line_of(bad, 'label: "Préparateur')


def test_bands_must_start_at_zero_ascend_and_stay_in_the_game_range(
    framework: FrameworkView,
) -> None:
    bad = GOOD.replace(
        "      - {min: 0.0, level: 0}\n      - {min: 0.7, level: 1}\n",
        "      - {min: 0.1, level: 0}\n      - {min: 0.1, level: 3}\n      - {min: 0.85, level: 1}\n",
        1,
    )
    found = problems(bad, framework)
    bands = [p for p in found if p.kind == "bands"]
    assert {p.key for p in bands} == {
        "tasks[0].bands[0].min",
        "tasks[0].bands[1].min",
        "tasks[0].bands[2].level",
    }
    assert only(found, "level").key == "tasks[0].bands[1].level"


def test_regulated_trades_need_their_access_conditions(framework: FrameworkView) -> None:
    bad = GOOD.replace("regulated: false", "regulated: true", 1)
    problem = only(problems(bad, framework), "missing")
    assert "access" in problem.message
    cariste = GOOD.replace("rome: N1103", "rome: N1101").replace(
        "rome_parent: N1103", "rome_parent: N1101"
    )
    problem = only(problems(cariste, framework, "N1101.yaml"), "regulated")
    assert problem.key == "regulated"
    fixed = cariste.replace("regulated: false", 'regulated: true\naccess: "Il faut le CACES."')
    assert parse_trade(fixed.encode(), "N1101.yaml", framework).access == "Il faut le CACES."


def test_an_image_needs_alt_text_and_an_existing_file(
    framework: FrameworkView, tmp_path: Path
) -> None:
    bad = KITCHEN.replace(
        '  image: {file: null, alt: "Un commis coupe des carottes sur une planche."}',
        "  image: {file: images/commis.png}",
    )
    found = problems(bad, framework, "G1602.yaml")
    alt = only(found, "alt_missing")
    assert alt.key == "intro.image" and alt.line == line_of(bad, "image:")
    with pytest.raises(ContentError) as caught:
        parse_trade(bad.encode(), "G1602.yaml", framework, assets_root=tmp_path)
    assert any(p.kind == "image" and "introuvable" in p.message for p in caught.value.problems)
    escape = KITCHEN.replace("{file: null,", "{file: ../../etc/passwd.png,")
    with pytest.raises(ContentError) as caught:
        parse_trade(escape.encode(), "G1602.yaml", framework, assets_root=tmp_path)
    assert any(p.kind == "image" for p in caught.value.problems)


@pytest.mark.parametrize(
    ("engine", "change", "kind"),
    [
        ("dialogue", lambda d: d["nodes"][1]["choices"][0].update(next="accueil"), "cycle"),
        (
            "dialogue",
            lambda d: d["nodes"][0]["choices"][0].update(next=None)
            or d["nodes"][0]["choices"][1].update(next=None),
            "unreachable",
        ),
        (
            "dialogue",
            lambda d: d["nodes"][0]["choices"][0].update(next="nulle-part"),
            "unknown_ref",
        ),
        ("dialogue", lambda d: d["nodes"][0]["choices"][0].update(score=3), "range"),
        (
            "dialogue",
            lambda d: [c.update(next="fin") for c in d["nodes"][0]["choices"]],
            "branching",
        ),
        ("dialogue", lambda d: d.update(start="ailleurs"), "unknown_ref"),
        ("hazard", lambda d: [s.update(hazard=False) for s in d["spots"]], "count"),
        ("sort", lambda d: d["categories"].append({"id": "froid", "label": "Encore"}), "duplicate"),
        ("order", lambda d: d["steps"].append(d["steps"][0]), "duplicate"),
        ("route", lambda d: d["places"][1].update(x=140), "range"),
        ("measure", lambda d: d["questions"][0].update(answer="soixante"), "type"),
        ("quiz", lambda d: d["questions"][0]["options"].append(""), "empty"),
    ],
)
def test_engine_data_shapes(
    framework: FrameworkView, tmp_path: Path, engine: str, change: object, kind: str
) -> None:
    task = task_dict(engine)
    change(task["data"])  # type: ignore[operator]
    path = write_trade(tmp_path, trade_dict(tasks=[task, task_dict("form", "autre")]))
    found = problems(path.read_bytes(), framework, "D1507.yaml")
    assert any(
        p.kind == kind and p.key.startswith("tasks[0].data") and p.line > 1 for p in found
    ), found


def test_the_catalogue_reports_every_file_and_the_coverage(
    framework: FrameworkView, tmp_path: Path
) -> None:
    write_trade(tmp_path, trade_dict("D1507"))
    broken = trade_dict("D1505", tasks=[task_dict("sort", title=""), task_dict("quiz")])
    write_trade(tmp_path, broken)
    (tmp_path / "F1703.yaml").write_text("rome: [", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_catalogue(tmp_path, framework, version="t")
    files = {Path(p.file).name for p in caught.value.problems}
    assert files == {"D1505.yaml", "F1703.yaml"}
    (tmp_path / "D1505.yaml").unlink()
    (tmp_path / "F1703.yaml").unlink()
    with pytest.raises(ContentError) as caught:
        load_catalogue(tmp_path, framework, version="t")
    coverage = [p for p in caught.value.problems if p.kind == "coverage"]
    assert len(coverage) == 2
    assert "E2C-9E" in coverage[0].message and "E2C-1A" not in coverage[0].message
    assert "dialogue" in coverage[1].message and "sort" not in coverage[1].message
    catalogue = load_catalogue(tmp_path, framework, version="t", check_coverage=False)
    assert [t.rome for t in catalogue.trades] == ["D1507"]


def test_an_empty_or_missing_folder(framework: FrameworkView, tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="aucun fichier"):
        load_catalogue(tmp_path, framework, version="t")
    with pytest.raises(ContentError, match="introuvable"):
        load_catalogue(tmp_path / "nope", framework, version="t")


def test_content_version_manifest(tmp_path: Path) -> None:
    manifest = tmp_path / "content.yaml"
    manifest.write_text('schema: 1\nversion: "2026.11"\n', encoding="utf-8")
    assert load_version(manifest) == "2026.11"
    manifest.write_text("schema: 1\n", encoding="utf-8")
    with pytest.raises(ContentError, match="version"):
        load_version(manifest)


def _chain(ids: list[str], end: str | None) -> list[dict[str, object]]:
    """Dialogue nodes asked one after the other; the last one leads to ``end``."""
    nodes: list[dict[str, object]] = []
    for here, following in zip(ids, [*ids[1:], end], strict=True):
        choices = [
            {"text": "Je vous aide.", "score": 2, "feedback": "Bien.", "next": following},
            {"text": "Voyez ailleurs.", "score": 0, "feedback": "Non.", "next": following},
        ]
        nodes.append({"id": here, "speaker": "Client", "text": "Et alors ?", "choices": choices})
    return nodes


@pytest.mark.parametrize(("extra", "refused"), [(["c"], False), (["c", "d"], True)])
def test_every_path_of_a_dialogue_has_two_to_four_questions(
    framework: FrameworkView, tmp_path: Path, extra: list[str], refused: bool
) -> None:
    task = task_dict("dialogue")
    # "accueil" > "relance" > "fin" (3) or "accueil" > "fin" (2), plus the chain before "fin"
    chain = _chain(extra, "fin")
    for node in task["data"]["nodes"][:2]:
        for choice in node["choices"]:
            if choice["next"] == "fin":
                choice["next"] = extra[0]
    task["data"]["nodes"][2:2] = chain
    path = write_trade(tmp_path, trade_dict(tasks=[task, task_dict("form", "autre")]))
    if not refused:
        parse_trade(path.read_bytes(), "D1507.yaml", framework)
        return
    counts = [p for p in problems(path.read_bytes(), framework, "D1507.yaml") if p.kind == "count"]
    assert counts
    if refused:
        assert "accueil > relance > c > d > fin" in counts[0].message and counts[0].line > 1
