"""Translate the messages of the use cases into the reader's language, when they are raised.

Services raise errors whose ``str()`` is shown to people (``flash(str(err))``, form errors,
API ``detail``). Import ``gettext as _`` (and ``ngettext``) from here and wrap each such
message where it is raised: ``raise TraceError(_("Indiquez la date."))``, with named
placeholders, ``_("Le lieu fait au plus %(n)d caractères.", n=MAX_AREA)``. A French text
kept in a constant is marked with ``N_`` and wrapped with ``_`` where it is shown.

This is the one translation path of :mod:`portfolio.i18n` (see there): Babel extracts these
calls through babel.cfg, and in a request the lookup is the request's own catalogue, the
one templates use. `portfolio.services.photos` must run without Flask: its messages are
``FrenchText`` values, marked with the same keywords and looked up here when shown
(:func:`translate_deferred`).

Outside a request (CLI commands, tests, a worker: with or without an app context) the French
text is returned, filled in the same way: there is no reader whose language could be asked.
"""

from __future__ import annotations

from flask import has_request_context
from flask_babel.speaklater import LazyString

from portfolio.i18n import SOURCE, translations

__all__ = ["N_", "gettext", "lazy_gettext", "ngettext", "translate_deferred"]


def gettext(string: str, **variables: object) -> str:
    """``string`` in the reader's language, ``%(name)s`` placeholders filled from ``variables``."""
    text = translations().ugettext(string) if has_request_context() else string
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: object) -> str:
    """Singular or plural form for ``num`` (also given to the text as ``%(num)d``)."""
    if has_request_context():
        text = translations().ungettext(singular, plural, num)
    else:
        text = SOURCE.ngettext(singular, plural, num)
    return text % {"num": num, **variables}


def lazy_gettext(string: str, **variables: object) -> LazyString:
    """`gettext` when the text is shown, not when it is defined (form labels, constants)."""
    return LazyString(gettext, string, **variables)


def N_(string: str) -> str:
    """Mark a French text kept in a constant for extraction; translate it with `gettext`."""
    return string


def translate_deferred(text: str) -> str:
    """A deferred message (``FrenchText`` of the Flask-free photos package) in the reader's
    language: its message id, plural and placeholders go through the same catalogue; a plain
    string is returned as it is."""
    msgid = getattr(text, "msgid", None)
    if msgid is None:
        return text
    params = {
        key: translate_deferred(value) if isinstance(value, str) else value
        for key, value in getattr(text, "params", {}).items()
    }
    plural = getattr(text, "plural", None)
    if plural is not None:
        return ngettext(msgid, plural, int(getattr(text, "num", 1)), **params)
    return gettext(msgid, **params)
