"""``flask --app portfolio activities import FILE --site SLUG`` and ``activities export``.

Without ``--site`` the file goes to (or comes from) the network library. The import is all or
nothing: every problem is printed as ``file:line: ...`` and nothing is written.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from portfolio.activities.services import catalogue, files
from portfolio.extensions import db
from portfolio.models import Site
from portfolio.services.frameworks import frameworks

activities_cli = AppGroup("activities", help="Catalogue des activités.")


def _site(slug: str | None) -> Site | None:
    if not slug:
        return None
    site = db.session.scalar(select(Site).where(Site.slug == slug))
    if site is None:
        click.echo(f"Site inconnu : {slug}", err=True)
        sys.exit(1)
    return site


@activities_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--site", "site_slug", default=None, help="Site (sinon : bibliothèque du réseau).")
def import_command(path: Path, site_slug: str | None) -> None:
    """Importe un fichier YAML ou CSV d'activités (tout ou rien)."""
    site = _site(site_slug)
    try:
        loaded = files.load_catalogue(path.read_bytes(), path.name, frameworks())
    except files.CatalogueFileError as error:
        click.echo(str(error), err=True)
        click.echo("Rien n'a été importé.", err=True)
        sys.exit(1)
    plan = catalogue.import_catalogue(None, site, loaded)
    db.session.commit()
    click.echo(f"{len(plan.new)} activités ajoutées, {len(plan.updated)} mises à jour.")


@activities_cli.command("export")
@click.option("--site", "site_slug", default=None, help="Site (sinon : bibliothèque du réseau).")
@click.option("--format", "fmt", type=click.Choice(["yaml", "csv"]), default="yaml")
def export_command(site_slug: str | None, fmt: str) -> None:
    """Écrit le catalogue sur la sortie standard, en YAML ou en CSV."""
    site = _site(site_slug)
    items = list(db.session.scalars(catalogue.catalogue_query(site.id if site else None)))
    click.echo(files.export_yaml(items) if fmt == "yaml" else files.export_csv(items), nl=False)
