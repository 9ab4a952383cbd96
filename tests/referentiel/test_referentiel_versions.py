"""Rules between versions (compare, replacements), replaced_by chains and search."""

from __future__ import annotations

from typing import Any

import pytest

from referentiel import Framework, Frameworks, compare, load_frameworks, replacements


@pytest.fixture(scope="module")
def frameworks() -> Frameworks:
    return load_frameworks()


@pytest.fixture
def e2c(frameworks: Frameworks) -> Framework:
    return frameworks["e2c-apc"]


def next_version(fw: Framework) -> dict[str, Any]:
    data = fw.to_dict()
    data["version"] = "2018.2"
    return data


def competency_dict(data: dict[str, Any], competency_id: str) -> dict[str, Any]:
    for domain in data["domains"]:
        for competency in domain["competencies"]:
            if competency["id"] == competency_id:
                found: dict[str, Any] = competency
                return found
    raise AssertionError(competency_id)


def test_same_content_is_a_safe_next_version(e2c: Framework) -> None:
    assert compare(e2c, Framework.from_dict(next_version(e2c))) == []


def test_deleted_competency_is_reported(e2c: Framework) -> None:
    data = next_version(e2c)
    domain8 = data["domains"][7]
    domain8["competencies"] = [c for c in domain8["competencies"] if c["id"] != "E2C-8C"]
    problems = compare(e2c, Framework.from_dict(data))
    keys = [p.key for p in problems]
    assert keys == ["E2C-8C", "E2C-8C-01", "E2C-8C-02", "E2C-8C-03", "E2C-8C-04"]
    assert problems[0].message == (
        "Identifiant supprimé « E2C-8C » (présent en version 2018.1) : "
        "gardez-la avec « retired: true »"
    )
    assert problems[0].file == "e2c-apc 2018.2"


def test_deleted_indicator_is_reported(e2c: Framework) -> None:
    data = next_version(e2c)
    competency_dict(data, "E2C-1D")["indicators"].pop()
    problems = compare(e2c, Framework.from_dict(data))
    assert [p.key for p in problems] == ["E2C-1D-04"]


def test_reused_id_is_reported(e2c: Framework) -> None:
    data = next_version(e2c)
    indicators = competency_dict(data, "E2C-1D")["indicators"]
    removed = indicators.pop()
    data["domains"][0]["competencies"].append(
        {"id": removed["id"], "code": "1f", "label": "Nouvelle", "indicators": []}
    )
    problems = compare(e2c, Framework.from_dict(data))
    assert [p.message for p in problems] == [
        "Identifiant réutilisé « E2C-1D-04 » : c'était un indicateur, "
        "c'est maintenant une compétence"
    ]


def test_other_framework_is_refused(frameworks: Frameworks) -> None:
    problems = compare(frameworks["clea"], frameworks["cps-spf2022"])
    assert len(problems) == 1
    assert problems[0].key == "id"


def test_retired_and_replaced_competency_is_accepted(e2c: Framework) -> None:
    data = next_version(e2c)
    old = competency_dict(data, "E2C-8C")
    old["retired"] = True
    old["replaced_by"] = "E2C-8D"
    old["label"] = "Participer à la vie sociale et citoyenne (ancienne version)"
    data["domains"][7]["competencies"].append(
        {
            "id": "E2C-8D",
            "code": "8d",
            "label": "Participer à la vie citoyenne",
            "indicators": [{"id": "E2C-8D-01", "label": "Voter"}],
        }
    )
    new = Framework.from_dict(data)
    assert compare(e2c, new) == []
    assert replacements(e2c, new) == {"E2C-8C": "E2C-8D"}
    assert new.resolve("E2C-8C").id == "E2C-8D"
    assert "E2C-8C" not in [c.id for c in new.active_competencies]
    assert new.competency("E2C-8C").retired
    assert len(new.active_competencies) == 35
    assert len(new.competencies) == 36


def test_resolve_follows_replaced_by_chains(e2c: Framework) -> None:
    data = next_version(e2c)
    for old_id, new_id in (("E2C-8A", "E2C-8B"), ("E2C-8B", "E2C-8C")):
        competency_dict(data, old_id).update(retired=True, replaced_by=new_id)
    new = Framework.from_dict(data)
    assert new.resolve("E2C-8A").id == "E2C-8C"
    assert new.resolve("E2C-8B").id == "E2C-8C"
    assert new.resolve("E2C-8C").id == "E2C-8C"
    assert replacements(e2c, new) == {"E2C-8A": "E2C-8C", "E2C-8B": "E2C-8C"}
    assert new.search("activité physique") == ()
    assert [c.id for c in new.search("activité physique", include_retired=True)] == ["E2C-8A"]


def test_replacement_loop_is_refused(e2c: Framework) -> None:
    data = next_version(e2c)
    competency_dict(data, "E2C-8A").update(retired=True, replaced_by="E2C-8B")
    competency_dict(data, "E2C-8B").update(retired=True, replaced_by="E2C-8A")
    with pytest.raises(ValueError, match="Boucle de remplacement : E2C-8A → E2C-8B → E2C-8A"):
        Framework.from_dict(data)


def test_replacement_chain_must_end_on_an_active_competency(e2c: Framework) -> None:
    data = next_version(e2c)
    competency_dict(data, "E2C-8A").update(retired=True, replaced_by="E2C-8B")
    competency_dict(data, "E2C-8B").update(retired=True)
    with pytest.raises(ValueError, match="« E2C-8B » est retirée sans remplacement"):
        Framework.from_dict(data)


def test_search_calcul(e2c: Framework) -> None:
    assert [c.id for c in e2c.search("calcul")] == ["E2C-2A", "E2C-2B", "E2C-2C"]
    assert [c.id for c in e2c.search("CALCUL  mental")] == ["E2C-2A"]  # every word must match
    assert e2c.search("calcul guitare") == ()


def test_search_ignores_accents_and_case(e2c: Framework) -> None:
    found = [c.id for c in e2c.search("securite")]
    assert found[0] == "E2C-7B"  # "Agir en toute sécurité": label matches come first
    assert "E2C-3E" in found  # an indicator mentions "sécurité"
    assert [c.id for c in e2c.search("SÉCURITÉ")] == found
    assert [c.id for c in e2c.search("premiers secours")] == ["E2C-7C"]
    assert e2c.search("   ") == ()


def test_search_apostrophes(frameworks: Frameworks) -> None:
    cps = frameworks["cps-spf2022"]
    assert [c.id for c in cps.search("demander de l’aide")] == ["SOC3"]
