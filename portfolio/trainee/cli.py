"""``flask --app portfolio photos cleanup``: remove photo files that no trace points to, and
files of messages (``messages/``) that no attachment points to."""

from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import AppGroup

photos_cli = AppGroup("photos", help="Photos des traces.")


@photos_cli.command("cleanup")
@click.option(
    "--older-than-minutes",
    type=click.IntRange(min=1),
    default=60,
    show_default=True,
    help="Ne touche pas aux fichiers plus récents (un envoi peut être en cours).",
)
def cleanup(older_than_minutes: int) -> None:
    """Supprime les fichiers de photos orphelins (sans trace) plus vieux qu'une heure."""
    from portfolio.conversations.services import cleanup_orphan_attachments
    from portfolio.extensions import db
    from portfolio.trainee.services import cleanup_orphan_photos

    result = cleanup_orphan_photos(timedelta(minutes=older_than_minutes))
    db.session.commit()
    attachments = cleanup_orphan_attachments(timedelta(minutes=older_than_minutes))
    click.echo(
        f"{len(result.orphans) + len(attachments)} fichier(s) orphelin(s) supprimé(s), "
        f"{result.temp_files} fichier(s) temporaire(s) supprimé(s)."
    )
