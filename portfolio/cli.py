"""CLI commands, registered on the app: ``flask --app portfolio <group> <command>``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from portfolio.extensions import db
from portfolio.models import Company, Role, Site, User

referentiel_cli = AppGroup("referentiel", help="Référentiels de compétences.")
demo_cli = AppGroup("demo", help="Site de démonstration.")
sites_cli = AppGroup("sites", help="Sites E2C.")
users_cli = AppGroup("users", help="Comptes.")


def init_app(app: Flask) -> None:
    from portfolio.activities.cli import activities_cli
    from portfolio.demo.network_cli import demo_network
    from portfolio.exits.cli import badges_cli
    from portfolio.followup.cli import followup_cli
    from portfolio.privacy.cli import retention_cli
    from portfolio.pwa.cli import push_cli
    from portfolio.trainee.cli import photos_cli

    demo_cli.add_command(demo_network)
    groups = (
        referentiel_cli,
        demo_cli,
        sites_cli,
        users_cli,
        photos_cli,
        badges_cli,
        followup_cli,
        activities_cli,
        push_cli,
        retention_cli,
    )
    for group in groups:
        app.cli.add_command(group)


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


@referentiel_cli.command("check")
@click.argument("path", type=click.Path(path_type=Path))
def referentiel_check(path: Path) -> None:
    """Valide un fichier (ou un dossier) de référentiel et affiche un résumé ou les erreurs."""
    from referentiel import check

    ok, text = check(path)
    click.echo(text, err=not ok)
    sys.exit(0 if ok else 1)


@referentiel_cli.command("sync")
def referentiel_sync() -> None:
    """Enregistre la version de chaque référentiel chargé (refuse un changement non versionné)."""
    from portfolio.services.frameworks import FrameworkVersionConflict, store_versions

    try:
        rows = store_versions()
    except FrameworkVersionConflict as err:
        db.session.rollback()
        _fail(str(err))
        return
    db.session.commit()
    for row in rows:
        click.echo(f"{row.framework_id} {row.version}")


@demo_cli.command("seed")
def demo_seed() -> None:
    """Crée un site de démonstration si la base est vide, et affiche les identifiants."""
    from portfolio.demo import seed_demo

    created = seed_demo()
    db.session.commit()
    click.echo(created.banner())


@sites_cli.command("create")
@click.argument("slug")
@click.argument("name")
@click.option("--city", default="")
@click.option("--region", default="")
def sites_create(slug: str, name: str, city: str, region: str) -> None:
    """Crée un site E2C."""
    from portfolio.services.accounts import AccountError, create_site

    try:
        site = create_site(slug, name, city=city, region=region)
    except AccountError as err:
        _fail(str(err))
        return
    db.session.commit()
    click.echo(f"Site créé : {site.slug} ({site.name})")


def _site(slug: str | None) -> Site | None:
    if slug is None:
        return None
    site = db.session.scalar(select(Site).where(Site.slug == slug))
    if site is None:
        _fail(f"Site inconnu : « {slug} ».")
    return site


def _user(login: str) -> User:
    user = db.session.scalar(select(User).where(User.login == login.strip().lower()))
    if user is None:
        _fail(f"Compte inconnu : « {login} ».")
    assert user is not None
    return user


@users_cli.command("create")
@click.argument("login")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--first-name", required=True)
@click.option("--last-name", default="")
@click.option("--site", "site_slug", default=None, help="Code du site (sauf admin du réseau).")
@click.option("--company", default=None, help="Nom de l'entreprise (comptes entreprise).")
@click.option("--email", default=None)
@click.option("--password", default=None, help="Sinon un mot de passe provisoire est créé.")
def users_create(
    login: str,
    role: str,
    first_name: str,
    last_name: str,
    site_slug: str | None,
    company: str | None,
    email: str | None,
    password: str | None,
) -> None:
    """Crée un compte. Sans --password, le mot de passe provisoire est affiché une fois."""
    from portfolio.services.accounts import (
        AccountError,
        WeakPassword,
        create_company,
        create_user,
        generate_password,
    )

    site = _site(site_slug)
    company_row: Company | None = None
    if company:
        if site is None:
            _fail("Une entreprise doit être rattachée à un site (--site).")
            return
        company_row = db.session.scalar(
            select(Company).where(Company.name == company, Company.site_id == site.id)
        )
        if company_row is None:
            company_row = create_company(site, company, approved=True)
    temporary = password is None
    secret = password or generate_password()
    try:
        user = create_user(
            login=login,
            password=secret,
            first_name=first_name,
            last_name=last_name,
            role=Role(role),
            site=site,
            company=company_row,
            email=email,
            must_change_password=temporary,
        )
    except (AccountError, WeakPassword) as err:
        db.session.rollback()
        _fail(str(err))
        return
    db.session.commit()
    click.echo(
        f"Compte créé : {user.login}"
        + (f" — mot de passe provisoire : {secret}" if temporary else "")
    )


@users_cli.command("assign")
@click.argument("trainee")
@click.argument("referent")
def users_assign(trainee: str, referent: str) -> None:
    """Donne un référent à un stagiaire (l'historique est gardé)."""
    from portfolio.services.accounts import AccountError, assign_referent

    try:
        assign_referent(_user(trainee), _user(referent))
    except AccountError as err:
        db.session.rollback()
        _fail(str(err))
        return
    db.session.commit()
    click.echo(f"{trainee} suivi(e) par {referent}.")


@users_cli.command("deactivate")
@click.argument("login")
def users_deactivate(login: str) -> None:
    """Désactive un compte : ses sessions s'arrêtent tout de suite."""
    from portfolio.services.accounts import end_other_sessions

    user = _user(login)
    user.active = False
    end_other_sessions(user)
    db.session.commit()
    click.echo(f"Compte désactivé : {user.login}")


@users_cli.command("import")
@click.argument("csv_file", type=click.File("rb"))
@click.option("--site", "site_slug", required=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Fichier des mots de passe provisoires.",
)
def users_import(csv_file: BinaryIO, site_slug: str, out: Path) -> None:
    """Importe des stagiaires depuis un CSV. Une seule erreur : rien n'est importé."""
    from portfolio.admin.services.trainee_import import credentials_csv, import_trainees

    site = _site(site_slug)
    assert site is not None
    data = csv_file.read(1_000_001)
    result = import_trainees(data, site, actor=None)
    if not result.ok:
        db.session.rollback()
        for error in result.errors:
            click.echo(str(error), err=True)
        _fail("Rien n'a été importé.")
        return
    out.write_text(credentials_csv(result.accounts), encoding="utf-8")
    out.chmod(0o600)
    db.session.commit()
    click.echo(f"{len(result.accounts)} stagiaires importés. Mots de passe provisoires : {out}")
