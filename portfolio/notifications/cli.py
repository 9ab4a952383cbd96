"""``flask --app portfolio notifications digest [--dry-run]``: the daily digest, run by cron
or a systemd timer (README, "E-mails"). It also sends again the mails that failed before."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portfolio.extensions import db

notifications_cli = AppGroup("notifications", help="Notifications par e-mail.")


@notifications_cli.command("digest")
@click.option("--dry-run", is_flag=True, help="Compte les e-mails sans rien écrire ni envoyer.")
def digest(dry_run: bool) -> None:
    """Écrit et envoie le résumé du jour de chaque personne, puis renvoie les e-mails en attente."""
    from portfolio.notifications.services.digest import write_digests
    from portfolio.notifications.services.outbox import send_pending

    report = write_digests()
    if dry_run:
        db.session.rollback()
        click.echo(f"dry run: {report.people} people, {report.mails} digests, {report.items} items")
        for line in report.lines:
            click.echo(line)
        return
    db.session.commit()
    sent, failed = send_pending(after_each=db.session.commit)
    db.session.commit()
    click.echo(f"{report.mails} digests written; {sent} mails sent, {failed} failed")
    if failed:
        raise SystemExit(1)
