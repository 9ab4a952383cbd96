"""Notifications outside the app, by e-mail: the daily digest, immediate mails for direct
events, each person's choice, one-click unsubscribe, and the password reset link.

``init_app`` binds the mailer, the "send after commit" hook and the ``notifications`` CLI
group; the blueprint (``views.bp``) is registered with the others.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portfolio.notifications import cli, mailer
    from portfolio.notifications.services import outbox

    mailer.init_app(app)
    outbox.init_app(app)
    app.cli.add_command(cli.notifications_cli)
