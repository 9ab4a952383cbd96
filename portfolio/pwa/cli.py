"""``flask push keys``: a VAPID key pair for Web Push, to put in the environment."""

from __future__ import annotations

import click
from flask.cli import AppGroup

push_cli = AppGroup("push", help="Notifications Web Push de l'application installée.")


@push_cli.command("keys")
def push_keys() -> None:
    """Affiche une nouvelle paire de clés VAPID (à mettre dans l'environnement du serveur)."""
    from portfolio.pwa.services.push import new_vapid_keys

    private, public = new_vapid_keys()
    click.echo(f"WEBPUSH_VAPID_PRIVATE_KEY={private}")
    click.echo(f"WEBPUSH_VAPID_PUBLIC_KEY={public}")
    click.echo(
        "# Gardez la clé privée secrète. Changer de clés oblige chacun à se réabonner.", err=True
    )
