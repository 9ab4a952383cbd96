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

    report = write_digests()
    summary = f"{report.people} people, {report.mails} digests, {report.items} items"
    if dry_run:
        echo_dry_run(summary, report.lines)
        return
    sent, failed = commit_and_send()
    click.echo(f"{report.mails} digests written; {sent} mails sent, {failed} failed")
    if failed:
        raise SystemExit(1)


def echo_dry_run(summary: str, lines: list[str]) -> None:
    """A dry run: forget what was written and say what would have been sent."""
    db.session.rollback()
    click.echo(f"dry run: {summary}")
    for line in lines:
        click.echo(line)


def commit_and_send() -> tuple[int, int]:
    """Commit what the command wrote to the outbox, then send every pending mail, each
    delivery committed as it goes (a crash halfway sends the rest next time)."""
    from portfolio.notifications.services.outbox import send_pending

    db.session.commit()
    sent, failed = send_pending(after_each=db.session.commit)
    db.session.commit()
    return sent, failed
