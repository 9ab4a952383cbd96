"""CLI commands create sites and users, assign referents, deactivate, import; bad input exits 1."""

from __future__ import annotations

from sqlalchemy import func, select

from portfolio.extensions import db
from portfolio.models import Role, User
from portfolio.services.accounts import current_referent


def _run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_site_users_and_referent_from_the_command_line(app, tmp_path):
    assert (
        _run(app, "sites", "create", "roubaix", "E2C Roubaix", "--city", "Roubaix").exit_code == 0
    )
    assert "existe déjà" in _run(app, "sites", "create", "roubaix", "Encore").output
    result = _run(
        app,
        "users",
        "create",
        "claire",
        "--role",
        "referent",
        "--first-name",
        "Claire",
        "--site",
        "roubaix",
    )
    assert result.exit_code == 0 and "mot de passe provisoire" in result.output
    result = _run(
        app,
        "users",
        "create",
        "sam",
        "--role",
        "trainee",
        "--first-name",
        "Sam",
        "--site",
        "roubaix",
        "--password",
        "velo-nuage-citron",
    )
    assert result.exit_code == 0
    assert _run(app, "users", "assign", "sam", "claire").exit_code == 0
    sam = db.session.scalar(select(User).where(User.login == "sam"))
    assert current_referent(sam).login == "claire"
    assert _run(app, "users", "deactivate", "sam").exit_code == 0
    db.session.refresh(sam)
    assert not sam.active


def test_bad_cli_input_exits_1_and_changes_nothing(app, tmp_path):
    before = db.session.scalar(select(func.count(User.id)))
    assert (
        _run(
            app, "users", "create", "x", "--role", "trainee", "--first-name", "X", "--site", "nope"
        ).exit_code
        == 1
    )
    result = _run(
        app,
        "users",
        "create",
        "bob",
        "--role",
        "trainee",
        "--first-name",
        "Bob",
        "--password",
        "short",
    )
    assert result.exit_code == 1
    _run(app, "sites", "create", "lille", "E2C Lille")
    result = _run(
        app,
        "users",
        "create",
        "bob",
        "--role",
        "trainee",
        "--first-name",
        "Bob",
        "--site",
        "lille",
        "--password",
        "short",
    )
    assert result.exit_code == 1 and "au moins 10 caractères" in result.output
    assert _run(app, "users", "assign", "ghost", "nobody").exit_code == 1
    assert db.session.scalar(select(func.count(User.id))) == before


def test_cli_import_reports_rows_and_imports_nothing_on_error(app, tmp_path):
    _run(app, "sites", "create", "lille", "E2C Lille")
    bad = tmp_path / "bad.csv"
    bad.write_text("identifiant;prenom;nom\nok.un;A;B\n;C;D\n", encoding="utf-8")
    out = tmp_path / "pw.csv"
    result = _run(app, "users", "import", str(bad), "--site", "lille", "--out", str(out))
    assert result.exit_code == 1
    assert "Ligne 3" in result.output and "Rien n'a été importé" in result.output
    assert not out.exists()
    assert db.session.scalar(select(func.count(User.id)).where(User.role == Role.TRAINEE)) == 0
    good = tmp_path / "good.csv"
    good.write_text("identifiant;prenom;nom\nok.un;A;B\nok.deux;C;D\n", encoding="utf-8")
    result = _run(app, "users", "import", str(good), "--site", "lille", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "ok.deux" in out.read_text()


def test_demo_seed_creates_the_demo_site_once(app):
    result = _run(app, "demo", "seed")
    assert result.exit_code == 0
    assert "lea" in result.output and "referente" in result.output
    assert "déjà remplie" in _run(app, "demo", "seed").output
    roles = dict(
        db.session.execute(select(User.role, func.count(User.id)).group_by(User.role)).all()
    )
    # Four demo trainees to log in with, six young people who left (the follow-up demo) and
    # Noah, who left nearly two years ago and is due for erasure (the retention demo).
    assert roles == {Role.ADMIN: 1, Role.REFERENT: 1, Role.TRAINEE: 11, Role.COMPANY: 1}
    # A referent tells their young people apart by name: no two demo people share one.
    names = db.session.execute(select(User.first_name, User.last_name)).all()
    assert len(set(names)) == len(names)
