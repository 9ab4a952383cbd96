"""French first, English second (Flask-Babel). Message ids are the French texts."""

from __future__ import annotations

from flask import Flask, current_app, session
from flask_login import current_user

from portfolio.extensions import babel


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if (lang := session.get("lang")) in languages:
        return str(lang)
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return str(current_user.locale)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
