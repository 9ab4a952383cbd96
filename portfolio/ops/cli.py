"""``flask --app portfolio ops backup|restore``: the operators' commands (backup.py says how)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from portfolio.extensions import db
from portfolio.ops.backup import BackupError, Summary, backup, restore

ops_cli = AppGroup("ops", help="Exploitation : sauvegarde et restauration.")


def _said(verb: str, summary: Summary) -> str:
    return (
        f"{verb} : {summary.rows} lignes dans {summary.tables} tables, "
        f"{summary.files} fichiers ({summary.bytes // 1024} ko), dossier {summary.folder}"
    )


@ops_cli.command("backup")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
def backup_command(folder: Path) -> None:
    """Sauvegarde la base et les fichiers dans un nouveau DOSSIER (avec les empreintes)."""
    try:
        summary = backup(current_app.config, db.engine, folder)
    except (BackupError, OSError) as err:
        click.echo(f"Sauvegarde impossible : {err}", err=True)
        sys.exit(1)
    click.echo(_said("Sauvegarde faite", summary))


@ops_cli.command("restore")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--oui", "yes", is_flag=True, help="Confirme : la base actuelle est remplacée.")
def restore_command(folder: Path, yes: bool) -> None:
    """Remplace la base et remet les fichiers d'une sauvegarde (service arrêté)."""
    if not yes:
        click.echo(
            "La restauration remplace toute la base actuelle. Arrêtez le service, "
            "puis relancez avec --oui.",
            err=True,
        )
        sys.exit(2)
    db.session.remove()
    try:
        summary = restore(current_app.config, db.engine, folder)
    except (BackupError, OSError) as err:
        click.echo(f"Restauration impossible : {err}", err=True)
        sys.exit(1)
    click.echo(_said("Restauration faite", summary))
