"""``flask --app portfolio followup remind [--dry-run]``: tell referents, by mail, of the
contacts after the exit due this week. Run it daily or weekly from cron or a systemd timer,
next to ``notifications digest``; running it twice mails once."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portfolio.notifications.cli import commit_and_send, echo_dry_run

followup_cli = AppGroup("followup", help="Suivi après la sortie.")


@followup_cli.command("remind")
@click.option("--dry-run", is_flag=True, help="Compte les rappels sans rien écrire ni envoyer.")
def remind(dry_run: bool) -> None:
    """Écrit à chaque référent les contacts de suivi à faire cette semaine, une seule fois."""
    from portfolio.followup.services.reminders import write_reminders

    report = write_reminders()
    if dry_run:
        echo_dry_run(f"{report.contacts} contacts, {report.mails} mails", report.lines)
        return
    sent, failed = commit_and_send()
    click.echo(f"{report.contacts} contacts reminded, {report.mails} mails; {sent} sent")
    if failed:
        raise SystemExit(1)
