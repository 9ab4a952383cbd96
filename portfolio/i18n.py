"""French first, English second (Flask-Babel). Message ids are the French texts."""

from __future__ import annotations

from typing import Any

from babel.support import NullTranslations
from flask import Flask, current_app, g, session
from flask_babel import get_translations
from flask_login import current_user

from portfolio.extensions import babel


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if (lang := session.get("lang")) in languages:
        return str(lang)
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return str(current_user.locale)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def _translations() -> NullTranslations:
    """The catalogue of the page's language, looked up once per request and language.

    Flask-Babel finds it again for every ``_()`` of a template (several context lookups and a
    locale-to-text conversion each time: a tenth of a page's cost). The cache follows
    Flask-Babel's own locale object, so ``force_locale`` and ``refresh`` keep working.
    """
    state = g.get("_flask_babel")
    locale = getattr(state, "babel_locale", None)
    if locale is None:  # the first lookup of the request sets it
        return get_translations()
    cached = getattr(state, "e2c_translations", None)
    if cached is not None and cached[0] is locale:
        return cached[1]
    translations = get_translations()
    state.e2c_translations = (locale, translations)
    return translations


def _gettext(string: str) -> str:
    return _translations().ugettext(string)


def _ngettext(singular: str, plural: str, num: int) -> str:
    return _translations().ungettext(singular, plural, num)


def _pgettext(context: str, string: str) -> str:
    return _translations().upgettext(context, string)


def _npgettext(context: str, singular: str, plural: str, num: int) -> Any:
    return _translations().unpgettext(context, singular, plural, num)


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_gettext,
        ngettext=_ngettext,
        newstyle=True,
        pgettext=_pgettext,
        npgettext=_npgettext,
    )
