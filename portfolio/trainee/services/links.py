"""Links of a trace: http or https only, without user name or password."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from portfolio.services.i18n import gettext as _
from portfolio.trainee.services.errors import TraceError
from portfolio.trainee.services.inputs import MAX_LINK_TITLE, MAX_LINKS, MAX_URL, LinkInput

# An address typed without its scheme: a host name with a dot ("www.exemple.fr",
# "exemple.fr/page"), no "scheme:" and no "user@" in front. Anything else is left as typed
# and judged by the rules below ("javascript:..." stays refused).
_BARE_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)+(?:[/?#]|$)", re.I)


def with_scheme(url: str) -> str:
    """``https://`` added in front of an address typed like ``www.exemple.fr``."""
    url = url.strip()
    if "://" not in url and _BARE_HOST.match(url):
        return "https://" + url
    return url


def validate_link(url: str, title: str = "") -> LinkInput:
    """Check one link; return it trimmed, with ``https://`` added when typed without it
    (``www.exemple.fr``). Raises TraceError for anything else than an http(s) address with
    a host and no user name or password."""
    if not isinstance(url, str) or not isinstance(title, str):
        message = _("Ce lien n'est pas valide.")
        raise TraceError(message, {"links": message})
    url = with_scheme(url)
    shown = url if len(url) <= 60 else url[:57] + "..."
    if len(url) > MAX_URL:
        message = _("Ce lien est trop long (maximum %(n)d caractères).", n=MAX_URL)
        raise TraceError(message, {"links": message})
    bad = _(
        "« %(link)s » n'est pas une adresse web. "
        "Un lien commence par https:// ou http://, par exemple https://www.exemple.fr.",
        link=shown,
    )
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise TraceError(bad, {"links": bad})
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise TraceError(bad, {"links": bad}) from None
    if parts.scheme.lower() not in {"http", "https"} or not host or "." not in host.strip("."):
        raise TraceError(bad, {"links": bad})
    if parts.username is not None or parts.password is not None:
        message = _(
            "« %(link)s » contient un nom ou un mot de passe : ce lien est refusé.", link=shown
        )
        raise TraceError(message, {"links": message})
    title = " ".join(title.split())[:MAX_LINK_TITLE]
    return LinkInput(url, title)


def link_domain(url: str) -> str:
    """The host to show beside a link, e.g. "youtube.com" for https://www.youtube.com/..."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _links(links: Sequence[LinkInput]) -> list[LinkInput]:
    if isinstance(links, (str, bytes)) or len(links) > MAX_LINKS:
        message = _("Une trace peut avoir au plus %(n)d liens.", n=MAX_LINKS)
        raise TraceError(message, {"links": message})
    checked: list[LinkInput] = []
    for link in links:
        if not isinstance(link, LinkInput):
            message = _("Ce lien n'est pas valide.")
            raise TraceError(message, {"links": message})
        checked.append(validate_link(link.url, link.title))
    return checked
