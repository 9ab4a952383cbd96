"""E2C portfolio service: the application factory.

Reads like a table of contents: one call per concern.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    from portfolio import (
        cli,
        database,
        errors,
        i18n,
        notifications,
        ops,
        security,
        template_globals,
    )
    from portfolio.config import load_config
    from portfolio.extensions import csrf, db, limiter, migrate
    from portfolio.interview.services import questions as interview_questions
    from portfolio.orientation.services import profiles as trade_profiles
    from portfolio.services import (
        passwords,
        rome,
        summary_cache,  # noqa: F401  (its session hooks)
    )
    from portfolio.services.frameworks import EXTENSION_KEY, load_for_app

    app = Flask(__name__, instance_path=os.environ.get("E2C_INSTANCE_PATH") or None)
    app.config.from_mapping(load_config(app.instance_path, overrides))
    os.makedirs(app.instance_path, exist_ok=True)
    passwords.configure(app.config["PASSWORD_HASHING"])

    # The competency frameworks are validated once; an invalid file stops the start-up.
    app.extensions[EXTENSION_KEY] = load_for_app(app.config["REFERENTIEL_DIR"])
    # The whole ROME and the game's 50 trades, checked the same way (once per process).
    app.extensions[rome.EXTENSION_KEY] = catalogue = rome.load_rome(app.config["ROME_DIR"])
    app.extensions[rome.TRADES_KEY] = catalogue.trades
    # What each trade asks for (orientation), checked against both: a wrong line stops too.
    app.extensions[trade_profiles.EXTENSION_KEY] = trade_profiles.load_for_app(
        app.extensions[EXTENSION_KEY], catalogue.trades
    )
    # The interview question bank, checked against both (unknown competency or domain: stop).
    app.extensions[interview_questions.EXTENSION_KEY] = interview_questions.load_for_app(
        app.extensions[EXTENSION_KEY], catalogue
    )

    db.init_app(app)
    database.configure_engine(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"))
    ops.init_app(app)  # first: the request id and the timer wrap every other hook
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    register_blueprints(app)
    template_globals.init_app(app)
    cli.init_app(app)
    notifications.init_app(app)  # e-mail: the mailer, send-after-commit, the digest CLI
    return app


def register_blueprints(app: Flask) -> None:
    from portfolio.activities import (  # noqa: F401  (same blueprint)
        coverage_views,
        grid_views,
        session_views,
    )
    from portfolio.activities.views import bp as activities_bp
    from portfolio.admin import read_log  # noqa: F401  (its page, on the admin blueprint)
    from portfolio.admin.views import bp as admin_bp
    from portfolio.api import bp as api_bp
    from portfolio.auth.views import bp as auth_bp
    from portfolio.company.views import bp as company_bp
    from portfolio.conversations.views import bp as conversations_bp
    from portfolio.exits import badge_views
    from portfolio.exits.views import bp as exits_bp
    from portfolio.extensions import csrf
    from portfolio.followup import report_views  # noqa: F401  (same blueprint)
    from portfolio.followup.views import bp as followup_bp
    from portfolio.game_link.views import bp as game_link_bp
    from portfolio.internships.views import bp as internships_bp
    from portfolio.interview.views import bp as interview_bp
    from portfolio.main.views import bp as main_bp
    from portfolio.notifications.views import bp as notifications_bp
    from portfolio.orientation.views import bp as orientation_bp
    from portfolio.path.views import bp as path_bp
    from portfolio.privacy.views import bp as privacy_bp
    from portfolio.pwa.views import bp as pwa_bp
    from portfolio.referent.views import bp as referent_bp
    from portfolio.settings.views import bp as settings_bp
    from portfolio.showcase.views import bp as showcase_bp
    from portfolio.simulations import company_views  # noqa: F401  (on the company blueprint)
    from portfolio.simulations.views import bp as simulations_bp
    from portfolio.trades.views import bp as trades_bp
    from portfolio.trainee import (
        follow_up,  # noqa: F401  (its pages, on the trainee blueprint)
        home,  # noqa: F401  (/ma-page, the same)
        import_views,  # noqa: F401  (/mon-suivi/import, the same)
    )
    from portfolio.trainee.views import bp as trainee_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(main_bp)
    app.register_blueprint(settings_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(trainee_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(referent_bp)
    app.register_blueprint(internships_bp)
    app.register_blueprint(game_link_bp)
    app.register_blueprint(company_bp)
    app.register_blueprint(showcase_bp)
    app.register_blueprint(orientation_bp)
    app.register_blueprint(trades_bp)
    csrf.exempt(badge_views.verify_badge)  # checks what it is given, changes nothing
    app.register_blueprint(exits_bp)
    app.register_blueprint(badge_views.proofs)
    app.register_blueprint(followup_bp)
    app.register_blueprint(interview_bp)
    app.register_blueprint(simulations_bp)
    app.register_blueprint(conversations_bp)
    app.register_blueprint(activities_bp)
    app.register_blueprint(path_bp)
    app.register_blueprint(pwa_bp)
    app.register_blueprint(privacy_bp)
    csrf.exempt(api_bp)  # the API authenticates with bearer tokens, never with cookies
    app.register_blueprint(api_bp)
    # Imported last, so that its entry stays the last of the admins' menu.
    from portfolio.admin.cohort import bp as admin_cohort_bp

    app.register_blueprint(admin_cohort_bp)
