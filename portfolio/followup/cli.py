"""``flask --app portfolio followup remind [--dry-run]``: tell referents, by mail, of the
contacts after the exit due this week. Run it daily or weekly from cron or a systemd timer,
next to ``notifications digest``; running it twice mails once."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portfolio.extensions import db

followup_cli = AppGroup("followup", help="Suivi après la sortie.")


@followup_cli.command("remind")
@click.option("--dry-run", is_flag=True, help="Compte les rappels sans rien écrire ni envoyer.")
def remind(dry_run: bool) -> None:
    """Écrit à chaque référent les contacts de suivi à faire cette semaine, une seule fois."""
    from portfolio.followup.services.reminders import write_reminders
    from portfolio.notifications.services.outbox import send_pending

    report = write_reminders()
    if dry_run:
        db.session.rollback()
        click.echo(f"dry run: {report.contacts} contacts, {report.mails} mails")
        for line in report.lines:
            click.echo(line)
        return
    db.session.commit()
    sent, failed = send_pending(after_each=db.session.commit)
    db.session.commit()
    click.echo(f"{report.contacts} contacts reminded, {report.mails} mails; {sent} sent")
    if failed:
        raise SystemExit(1)
