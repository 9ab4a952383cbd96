"""``flask --app portfolio retention run [--dry-run] [--today YYYY-MM-DD]``: the daily run.

Run it once a day (cron: ``15 3 * * * cd /srv/portfolio && .venv/bin/flask --app portfolio
retention run``, or a systemd timer: README). It plans, mails the 30-day notices, erases what
is due, purges old read logs and sweeps files left without rows. Re-running it is harmless.
"""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

retention_cli = AppGroup("retention", help="Conservation et effacement des données.")


@retention_cli.command("run")
@click.option("--dry-run", is_flag=True, help="Montre ce qui serait fait, sans rien changer.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Le jour du calcul (par défaut : aujourd'hui, en UTC).",
)
def run_command(dry_run: bool, today: object) -> None:
    """Prévient 30 jours avant, puis efface les comptes arrivés au bout de leur conservation."""
    from portfolio.extensions import db
    from portfolio.privacy.services.retention import run
    from portfolio.services.accounts import utc_today

    day = today.date() if hasattr(today, "date") else utc_today()
    assert isinstance(day, date)
    report = run(day, dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    would = "à faire (essai, rien n'est changé)" if dry_run else "fait"
    click.echo(f"Conservation des données au {day.isoformat()} : {would}")
    click.echo(f"  effacements prévus : {len(report.planned)}, annulés : {len(report.cancelled)}")
    click.echo(f"  avis envoyés (30 jours avant) : {len(report.notified)}")
    click.echo(f"  comptes effacés : {len(report.erased)}")
    for table, count in sorted(report.rows.items()):
        click.echo(f"    {table:<28} {count:>6} ligne(s)")
    for store, count in sorted(report.files.items()):
        click.echo(f"    fichiers {store + '/':<19} {count:>6}")
    click.echo(f"  lectures de plus d'un an effacées : {report.purged_reads}")
    click.echo(f"  consentements de plus de 5 ans effacés : {report.purged_consents}")
    if not dry_run:
        click.echo(f"  fichiers sans ligne supprimés : {report.swept_files}")
