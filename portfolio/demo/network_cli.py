"""``flask --app portfolio demo network``: the whole E2C network, generated (see ``network``)."""

from __future__ import annotations

import sys
import time

import click

from portfolio.demo.network import PASSWORD, NetworkSize, build_network, is_empty
from portfolio.extensions import db

DEFAULT = NetworkSize()


@click.command("network")
@click.option("--sites", type=click.IntRange(min=1), default=DEFAULT.sites, show_default=True)
@click.option("--trainees", type=click.IntRange(min=1), default=DEFAULT.trainees, show_default=True)
@click.option(
    "--referents", type=click.IntRange(min=1), default=DEFAULT.referents, show_default=True
)
@click.option(
    "--companies", type=click.IntRange(min=1), default=DEFAULT.companies, show_default=True
)
@click.option("--traces", type=click.IntRange(min=1), default=DEFAULT.traces, show_default=True)
@click.option(
    "--assessments", type=click.IntRange(min=1), default=DEFAULT.assessments, show_default=True
)
@click.option("--photos", type=click.IntRange(min=1), default=DEFAULT.photos, show_default=True)
@click.option(
    "--showcases", type=click.IntRange(min=1), default=DEFAULT.showcases, show_default=True
)
@click.option("--sessions", type=click.IntRange(min=1), default=DEFAULT.sessions, show_default=True)
@click.option("--messages", type=click.IntRange(min=1), default=DEFAULT.messages, show_default=True)
@click.option("--notes", type=click.IntRange(min=1), default=DEFAULT.notes, show_default=True)
@click.option(
    "--scale",
    type=click.FloatRange(min=0, min_open=True, max=1),
    default=1.0,
    show_default=True,
    help="Multiplie chaque nombre (0.01 : un centième du réseau).",
)
@click.option("--seed", type=int, default=2026, show_default=True)
@click.option(
    "--sample-trainees",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="Stagiaires dont les photos ont de vrais fichiers.",
)
def demo_network(scale: float, seed: int, sample_trainees: int, **counts: int) -> None:
    """Remplit une base VIDE avec tout un réseau E2C (mesures de charge, jamais en production)."""
    from portfolio.services.frameworks import framework, store_versions
    from portfolio.services.passwords import hash_password
    from portfolio.trainee.services.photos import photo_storage

    size = NetworkSize(**counts).scaled(scale)
    problem = size.problem()
    if problem:
        click.echo(problem, err=True)
        sys.exit(1)
    conn = db.session.connection()
    if not is_empty(conn):
        click.echo("La base contient déjà des comptes : rien n'a été ajouté.", err=True)
        sys.exit(1)
    store_versions()
    db.session.commit()
    began = time.perf_counter()

    def report(table: str, rows: int, seconds: float) -> None:
        rate = rows / seconds if seconds else 0.0
        click.echo(f"  {table:<22}{rows:>12,} lignes {seconds:>8.1f} s {rate:>12,.0f} lignes/s")

    click.echo(f"Réseau : {size}")
    with db.engine.connect() as conn:
        build_network(
            conn,
            size,
            framework(),
            hash_password(PASSWORD),
            seed=seed,
            storage=photo_storage(),
            sample_trainees=sample_trainees,
            report=report,
        )
    click.echo(f"Terminé en {time.perf_counter() - began:.1f} s.")
    click.echo(f"Identifiants : reseau.s1, reseau.ref1, reseau.ent1 ; mot de passe {PASSWORD}")
