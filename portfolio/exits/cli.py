"""``flask --app portfolio badges rotate-key --site SLUG``: a new signing key for a site."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

badges_cli = AppGroup("badges", help="Badges (Open Badges 3.0) des sites.")


@badges_cli.command("rotate-key")
@click.option("--site", "slug", required=True, help="Code du site (exemple : lille-centre).")
def rotate_key_command(slug: str) -> None:
    """Retire la clé de signature du site et en crée une nouvelle. Les badges déjà donnés
    restent vérifiables : l'ancienne clé reste publiée, elle ne signe plus rien."""
    from sqlalchemy import select

    from portfolio.exits.services.keys import rotate_key
    from portfolio.extensions import db
    from portfolio.models import Site

    site = db.session.scalar(select(Site).where(Site.slug == slug))
    if site is None:
        click.echo(f"Aucun site avec le code « {slug} ».", err=True)
        sys.exit(1)
    key = rotate_key(site)
    db.session.commit()
    click.echo(f"Nouvelle clé « {key.kid} » pour le site {site.name}.")
