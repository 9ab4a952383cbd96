"""Translate the messages of the use cases into the reader's language, when they are raised.

Services raise errors whose ``str()`` is shown to people (``flash(str(err))``, form errors,
API ``detail``). Import ``gettext as _`` (and ``ngettext``) from here and wrap each such
message where it is raised: ``raise TraceError(_("Indiquez la date."))``, with named
placeholders, ``_("Le lieu fait au plus %(n)d caractères.", n=MAX_AREA)``. Babel extracts
``_`` and ``ngettext`` calls whatever module they come from. (`portfolio.services.photos`
must run without Flask: it keeps its French messages translatable, see ``FrenchText``.)

In a request this is Flask-Babel (the language chosen in the footer, or the account's).
Outside a request (CLI commands, tests, a worker: with or without an app context) the French
text is returned, filled in the same way: Flask-Babel's own ``gettext`` would ask the locale
selector, which reads the session and so needs a request.
"""

from __future__ import annotations

import flask_babel
from flask import has_request_context

__all__ = ["gettext", "ngettext"]


def gettext(string: str, **variables: object) -> str:
    """``string`` in the reader's language, ``%(name)s`` placeholders filled from ``variables``."""
    if has_request_context():
        return str(flask_babel.gettext(string, **variables))
    return string % variables if variables else string


def ngettext(singular: str, plural: str, num: int, **variables: object) -> str:
    """Singular or plural form for ``num`` (also given to the text as ``%(num)d``)."""
    if has_request_context():
        return str(flask_babel.ngettext(singular, plural, num, **variables))
    return (singular if num == 1 else plural) % {"num": num, **variables}
