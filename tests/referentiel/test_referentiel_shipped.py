"""The three framework files shipped in referentiel/ load, with the right content."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from referentiel import (
    DEFAULT_DIR,
    Framework,
    Frameworks,
    check,
    load_framework,
    load_frameworks,
    summary,
)

# Facts (ids, codes, official labels) copied from the reference sources; provenance in
# tests/reference/PROVENANCE.md. The project tests itself from its own files only.
REFERENCE_FILE = Path(__file__).resolve().parents[1] / "reference" / "framework_labels.csv"
with REFERENCE_FILE.open(encoding="utf-8", newline="") as _handle:
    REFERENCE = list(csv.DictReader(_handle))


@pytest.fixture(scope="module")
def frameworks() -> Frameworks:
    return load_frameworks()


@pytest.mark.parametrize(
    ("framework_id", "domains", "competencies", "indicators"),
    [("e2c-apc", 9, 35, 166), ("cps-spf2022", 3, 9, 21), ("clea", 7, 28, 0)],
)
def test_counts(
    frameworks: Frameworks, framework_id: str, domains: int, competencies: int, indicators: int
) -> None:
    fw = frameworks[framework_id]
    assert len(fw.domains) == domains
    assert len(fw.competencies) == competencies
    assert len(fw.indicators) == indicators
    assert len(fw.active_competencies) == competencies
    assert [level.label for level in fw.levels] == [
        "Non évaluée",
        "Je fais",
        "J'explique",
        "J'analyse",
        "Je transfère",
    ]


def test_directory_holds_exactly_the_three_frameworks(frameworks: Frameworks) -> None:
    assert sorted(frameworks) == ["clea", "cps-spf2022", "e2c-apc"]


def test_summary_line(frameworks: Frameworks) -> None:
    assert summary(frameworks["e2c-apc"]) == (
        "e2c-apc 2018.1 : 9 domaines, 35 compétences, 166 indicateurs, 5 niveaux"
    )
    assert summary(frameworks["clea"]).endswith(
        ": 7 domaines, 28 compétences, 0 indicateur, 5 niveaux"
    )


def test_check_directory_lists_one_summary_per_framework() -> None:
    ok, text = check(DEFAULT_DIR)
    assert ok
    assert text.splitlines() == [summary(fw) for fw in load_frameworks().values()]


def test_e2c_ids_follow_the_conventions(frameworks: Frameworks) -> None:
    fw = frameworks["e2c-apc"]
    assert [d.id for d in fw.domains] == [f"E2C-D{n}" for n in range(1, 10)]
    assert fw.competencies[0].id == "E2C-1A"
    assert fw.competencies[-1].id == "E2C-9E"
    first = fw.competency("E2C-1A").indicators
    assert [i.id for i in first][:2] == ["E2C-1A-01", "E2C-1A-02"]
    assert fw.indicator("E2C-1A-09").label == (
        "Mémoriser et conserver l'information reçue (prise de notes, par exemple)"
    )
    assert fw.indicator("E2C-1A-09").competency_id == "E2C-1A"
    for competency in fw.competencies:
        for rank, indicator in enumerate(competency.indicators, 1):
            assert indicator.id == f"{competency.id}-{rank:02d}"


def test_e2c_level_descriptions_are_plain_french(frameworks: Frameworks) -> None:
    fw = frameworks["e2c-apc"]
    assert fw.level(1).description.startswith("Je fais : je réalise la tâche")
    assert all(level.description for level in fw.levels)


def test_provenance_says_the_transcription_was_not_checked(frameworks: Frameworks) -> None:
    provenance = frameworks["e2c-apc"].provenance
    assert "Plateforme APC" in provenance
    assert "n'a pas été vérifiée contre le PDF officiel du guide 2018" in provenance


def test_e2c_domains_1_to_7_point_to_the_same_clea_domain(frameworks: Frameworks) -> None:
    e2c, clea = frameworks["e2c-apc"], frameworks["clea"]
    for number, domain in enumerate(e2c.domains[:7], 1):
        for competency in domain.competencies:
            assert competency.clea, competency.id
            for clea_id in competency.clea:
                assert clea.domain_of(clea_id).id == f"CLEA-{number}"
    for domain in e2c.domains[7:]:
        assert all(not c.clea for c in domain.competencies)


def test_every_crosswalk_id_exists(frameworks: Frameworks) -> None:
    e2c, cps, clea = frameworks["e2c-apc"], frameworks["cps-spf2022"], frameworks["clea"]
    assert dict(e2c.crosswalks) == {"clea": "clea", "cps": "cps-spf2022"}
    assert e2c.competency("E2C-1C").cps == ("SOC1-1", "SOC1-2", "SOC2-1")
    for competency in e2c.competencies:
        assert all(clea.get(i) is not None for i in competency.clea)
        assert all(cps.element(i) is not None for i in competency.cps)


def test_checksum_is_sha256_of_the_file(frameworks: Frameworks) -> None:
    path = DEFAULT_DIR / "e2c-apc.yaml"
    assert frameworks["e2c-apc"].checksum == hashlib.sha256(path.read_bytes()).hexdigest()
    assert load_framework(path) == frameworks["e2c-apc"]


@pytest.mark.parametrize("framework_id", ["e2c-apc", "cps-spf2022", "clea"])
def test_snapshot_round_trip(frameworks: Frameworks, framework_id: str) -> None:
    fw = frameworks[framework_id]
    stored = json.dumps(fw.to_dict(), ensure_ascii=False)
    rebuilt = Framework.from_dict(json.loads(stored))
    assert rebuilt == fw
    assert rebuilt.checksum == fw.checksum
    assert rebuilt.competency(fw.competencies[3].id).label == fw.competencies[3].label


def _reference(framework_id: str, kind: str) -> list[dict[str, str]]:
    return [row for row in REFERENCE if row["framework"] == framework_id and row["kind"] == kind]


def test_e2c_labels_are_word_for_word_the_reference(frameworks: Frameworks) -> None:
    fw = frameworks["e2c-apc"]
    assert [(d.id, d.label) for d in fw.domains] == [
        (row["id"], row["label"]) for row in _reference("e2c-apc", "domain")
    ]
    assert [(c.id, c.code, c.label) for c in fw.competencies] == [
        (row["id"], row["code"], row["label"]) for row in _reference("e2c-apc", "competency")
    ]
    for competency in fw.competencies:
        expected = [
            row["label"]
            for row in _reference("e2c-apc", "indicator")
            if row["parent"] == competency.id
        ]
        assert [i.label for i in competency.indicators] == expected, competency.id


def test_cps_and_clea_labels_are_word_for_word_the_reference(frameworks: Frameworks) -> None:
    cps = frameworks["cps-spf2022"]
    assert [d.id for d in cps.domains] == ["COG", "EMO", "SOC"]
    assert [d.id for d in cps.domains] == [row["id"] for row in _reference("cps-spf2022", "domain")]
    assert [(c.id, c.label) for c in cps.competencies] == [
        (row["id"], row["label"]) for row in _reference("cps-spf2022", "competency")
    ]
    for competency in cps.competencies:
        expected = [
            row["label"]
            for row in _reference("cps-spf2022", "indicator")
            if row["parent"] == competency.id
        ]
        assert [i.label for i in competency.indicators] == expected, competency.id
    assert cps.indicator("SOC3-3").label == "Résoudre des conflits de façon constructive"
    clea = frameworks["clea"]
    assert [d.label for d in clea.domains] == [row["label"] for row in _reference("clea", "domain")]
    assert [f"{c.code} {c.label}" for c in clea.competencies] == [
        row["label"] for row in _reference("clea", "competency")
    ]
    assert clea.competency("CLEA-1.1").label == "Écouter et comprendre"
