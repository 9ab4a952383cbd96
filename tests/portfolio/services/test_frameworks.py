"""The service and its référentiels: loaded once, versions stored, old evidence keeps its labels."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from sqlalchemy import select

from portfolio.extensions import db
from portfolio.models import FrameworkVersion
from portfolio.services import frameworks as fw_service
from referentiel import ReferentielError

ROOT = Path(__file__).resolve().parents[3]


def _copy_referentiel(tmp_path: Path) -> Path:
    target = tmp_path / "ref"
    target.mkdir()
    for f in (ROOT / "referentiel").glob("*.yaml"):
        shutil.copy(f, target / f.name)
    return target


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def test_service_refuses_to_start_on_an_invalid_file(tmp_path, db_url):
    from portfolio import create_app

    ref = _copy_referentiel(tmp_path)
    text = (ref / "e2c-apc.yaml").read_text().replace("label:", "lable:", 1)
    (ref / "e2c-apc.yaml").write_text(text)
    with pytest.raises(ReferentielError) as err:
        create_app(
            {"SQLALCHEMY_DATABASE_URI": db_url, "SECRET_KEY": "x", "REFERENTIEL_DIR": str(ref)}
        )
    assert "e2c-apc.yaml:" in str(err.value)
    assert "lable" in str(err.value)


def test_versions_are_stored_once(app):
    fw_service.store_versions()
    fw_service.store_versions()
    db.session.commit()
    rows = db.session.scalars(select(FrameworkVersion)).all()
    assert sorted(r.framework_id for r in rows) == ["clea", "cps-spf2022", "e2c-apc"]


def _app_with(ref: Path, db_url: str):
    from portfolio import create_app

    return create_app(
        {"SQLALCHEMY_DATABASE_URI": db_url, "SECRET_KEY": "x", "REFERENTIEL_DIR": str(ref)}
    )


def test_changed_file_with_same_version_is_refused(app, tmp_path, db_url):
    fw_service.store_versions()
    db.session.commit()
    ref = _copy_referentiel(tmp_path)
    _edit(
        ref / "e2c-apc.yaml",
        lambda d: d["domains"][0]["competencies"][0].update(label="Autre libellé"),
    )
    other = _app_with(ref, db_url)
    with (
        other.app_context(),
        pytest.raises(fw_service.FrameworkVersionConflict, match="sans changer de version"),
    ):
        fw_service.store_versions()


def test_new_version_that_deletes_a_competency_is_refused(app, tmp_path, db_url):
    fw_service.store_versions()
    db.session.commit()
    ref = _copy_referentiel(tmp_path)

    def drop(d):
        d["version"] = "2027.1"
        del d["domains"][0]["competencies"][3]  # E2C-1D: no shipped data file names it

    _edit(ref / "e2c-apc.yaml", drop)
    other = _app_with(ref, db_url)
    with other.app_context(), pytest.raises(fw_service.FrameworkVersionConflict) as err:
        fw_service.store_versions()
    assert "E2C-1D" in str(err.value)


def test_relabelled_competency_keeps_its_old_label_for_old_evidence(app, tmp_path, db_url):
    fw_service.store_versions()
    db.session.commit()
    old_label = fw_service.competency_label("e2c-apc", "2018.1", "E2C-1A")
    ref = _copy_referentiel(tmp_path)

    def relabel(d):
        d["version"] = "2027.1"
        comp = d["domains"][0]["competencies"][0]
        comp["label"] = "Comprendre une information"

    _edit(ref / "e2c-apc.yaml", relabel)
    other = _app_with(ref, db_url)
    with other.app_context():
        fw_service.store_versions()
        db.session.commit()
        assert fw_service.competency_label("e2c-apc", "2018.1", "E2C-1A") == old_label
        assert (
            fw_service.competency_label("e2c-apc", "2027.1", "E2C-1A")
            == "Comprendre une information"
        )


def test_retired_competency_resolves_to_its_replacement(app, tmp_path, db_url):
    fw_service.store_versions()
    db.session.commit()
    ref = _copy_referentiel(tmp_path)

    def retire(d):
        d["version"] = "2027.1"
        comp = d["domains"][0]["competencies"][4]
        comp["retired"] = True
        comp["replaced_by"] = "E2C-1C"

    _edit(ref / "e2c-apc.yaml", retire)
    other = _app_with(ref, db_url)
    with other.app_context():
        fw_service.store_versions()
        current = fw_service.framework()
        assert current.resolve("E2C-1E").id == "E2C-1C"
        assert "E2C-1E" not in {c.id for c in current.active_competencies}
        assert (
            fw_service.competency_label("e2c-apc", "2018.1", "E2C-1E")
            == "Argumenter un point de vue personnel"
        )


def test_cli_check_prints_summary_or_errors(app, tmp_path):
    runner = CliRunner()
    from portfolio.cli import referentiel_check

    ok = runner.invoke(referentiel_check, [str(ROOT / "referentiel" / "e2c-apc.yaml")])
    assert ok.exit_code == 0
    assert "9 domaines, 35 compétences, 166 indicateurs, 5 niveaux" in ok.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nversion: 1\nlevels: [\n")
    result = runner.invoke(referentiel_check, [str(bad)])
    assert result.exit_code == 1
    assert "bad.yaml:" in result.output
