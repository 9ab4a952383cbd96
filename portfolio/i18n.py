"""French first, English second: the one translation path of the portfolio.

Every sentence a person reads is written in French in the code and marked for Babel, then
``pybabel extract -F babel.cfg`` collects it (babel.cfg names every keyword: ``_``,
``gettext``, ``ngettext``, ``N_``, ``_l``, ``lazy_gettext``) and the English catalogue
``translations/en/LC_MESSAGES/messages.po`` translates it. Message ids are the French texts.

At run time there is one catalogue per request, chosen here (:func:`select_locale`) and
looked up here (:func:`translations`): templates get it through the gettext callables
installed below, Python code through :mod:`portfolio.services.i18n` (services, errors) or
Flask-Babel's ``gettext``/``lazy_gettext`` (views, forms), which ask the same selector.

Rejected: a dictionary of French/English strings beside the catalogue (errors.py had one,
never extracted, so English readers got French error pages); it is now marked with ``N_``.
"""

from __future__ import annotations

from typing import Any

from babel.support import NullTranslations, Translations
from flask import Flask, Request, current_app, g, has_request_context, session
from flask_babel import get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from wtforms.i18n import messages_path

from portfolio.extensions import babel

SOURCE_LANGUAGE = "fr"
"""The language of the message ids: it has no catalogue, only its own plural rule."""


class SourceCatalogue(NullTranslations):
    """The French of the ids, with French plurals: 0 and 1 take the singular ("0 trace",
    "1 trace", "2 traces"). Python's fallback without a catalogue is the English rule
    (``n == 1``), which wrote "0 traces en tout"."""

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return msgid2 if n > 1 else msgid1

    def ungettext(self, singular: str, plural: str, num: int) -> str:
        return self.ngettext(singular, plural, num)

    def npgettext(self, context: str, singular: str, plural: str, num: int) -> str:
        return self.ngettext(singular, plural, num)

    unpgettext = npgettext


SOURCE = SourceCatalogue()


def select_locale() -> str:
    """The reader's language: the footer's choice, else the account's, else French.

    A caller of the API has no cookie: the language is that of the token's holder.
    Outside a request (CLI, workers) there is no reader: French, the language of the ids.
    """
    languages = current_app.config["LANGUAGES"]
    default = str(current_app.config["BABEL_DEFAULT_LOCALE"])
    if not has_request_context():
        return default
    if (lang := session.get("lang")) in languages:
        return str(lang)
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return str(current_user.locale)
    api_user = g.get("api_user")
    if api_user is not None and api_user.locale in languages:
        return str(api_user.locale)
    return default


def translations() -> NullTranslations:
    """The catalogue of the page's language, looked up once per request and language.

    Flask-Babel finds it again for every ``_()`` of a template (several context lookups and a
    locale-to-text conversion each time: a tenth of a page's cost). The cache follows
    Flask-Babel's own locale object, so ``force_locale`` and ``refresh`` keep working. French,
    the ids' language, is :data:`SOURCE` (its plural rule).
    """
    state = g.get("_flask_babel")
    locale = getattr(state, "babel_locale", None)
    cached = getattr(state, "e2c_translations", None)
    if cached is not None and cached[0] is locale:
        return cached[1]
    translations = get_translations()  # sets the request's locale on its first call
    state = g._flask_babel
    if state.babel_locale.language == SOURCE_LANGUAGE:
        translations = SOURCE
    state.e2c_translations = (state.babel_locale, translations)
    return translations


# The templates' translation functions. Jinja's own (``install_gettext_callables``, newstyle)
# wrap ours in two more calls through the template context per ``_()`` — a few hundred per page;
# these do the same work in one: the catalogue's text, marked safe when the template escapes
# (then the ``%(name)s`` values are escaped as they are put in), and always formatted, so "%%"
# means "%" as with Jinja's.


def _shown(context: Context, text: str, variables: dict[str, Any]) -> str:
    if context.eval_ctx.autoescape:  # our catalogue's texts, trusted as Jinja's gettext does
        return Markup(text) % variables  # noqa: S704
    return text % variables


@pass_context
def _gettext(context: Context, string: str, **variables: Any) -> str:
    text = translations().ugettext(string)
    return _shown(context, text, variables)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, num: int, **variables: Any) -> str:
    variables.setdefault("num", num)
    text = translations().ungettext(singular, plural, num)
    return _shown(context, text, variables)


@pass_context
def _pgettext(context: Context, string_ctx: str, string: str, **variables: Any) -> str:
    variables.setdefault("context", string_ctx)
    text = translations().upgettext(string_ctx, string)
    return _shown(context, text, variables)


@pass_context
def _npgettext(
    context: Context, string_ctx: str, singular: str, plural: str, num: int, **variables: Any
) -> str:
    variables.setdefault("context", string_ctx)
    variables.setdefault("num", num)
    text = translations().unpgettext(string_ctx, singular, plural, num)
    return _shown(context, text, variables)


class FormMessages:
    """WTForms' own messages ("Not a valid choice"...) in the reader's language, each catalogue
    read once per process.

    Flask-WTF reads WTForms' catalogue file again on every request that builds a form (a
    fifth of a millisecond of the trainee's home), unless the request already carries one
    (``request.wtforms_translations``): :class:`E2CRequest` carries this one.
    """

    def __init__(self) -> None:
        self._loaded: dict[str, NullTranslations] = {}

    def _current(self) -> NullTranslations:
        locale = get_locale()
        key = str(locale)
        found = self._loaded.get(key)
        if found is None:
            found = self._loaded[key] = Translations.load(messages_path(), [key], domain="wtforms")
        return found

    def ugettext(self, string: str) -> str:
        return self._current().ugettext(string)

    def ungettext(self, singular: str, plural: str, num: int) -> str:
        return self._current().ungettext(singular, plural, num)


class E2CRequest(Request):
    """Flask's request, with the form messages' catalogues shared by all requests."""

    wtforms_translations = FormMessages()


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.request_class = E2CRequest
    env = app.jinja_env
    env.newstyle_gettext = True  # type: ignore[attr-defined]  # {% trans %} as Jinja's newstyle
    env.globals.update(
        _=_gettext,
        gettext=_gettext,
        ngettext=_ngettext,
        pgettext=_pgettext,
        npgettext=_npgettext,
    )
