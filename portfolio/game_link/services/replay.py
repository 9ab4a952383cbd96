"""The short readable replay of a game statement, shown to the referent beside the score.

Read from the stored statement (its ``play`` extension, hints and duration), e.g.
« 1. A choisi « Je vous montre » (juste) · 2. A choisi « Non » (faux) · 1 indice · 3 min ».
A statement from an older game without the extension still gives hints and time.
"""

from __future__ import annotations

import json
import re
from typing import Any

from game.core.statement_rules import EXT, read_play
from portfolio.models import GameStatement
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import ngettext

SHOWN_ANSWERS = 8
_DURATION = re.compile(r"P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?")


def replay(statement: GameStatement) -> str:
    """The play in one plain line: answers in order, answers changed, hints, time."""
    body: dict[str, Any] = json.loads(statement.canonical)
    extensions = body.get("context", {}).get("extensions", {})
    parts: list[str] = []
    play = read_play(extensions.get(EXT + "play"))
    if play is not None:
        for n, step in enumerate(play.answers[:SHOWN_ANSWERS], start=1):
            parts.append(
                _(
                    "%(num)d. A choisi « %(text)s » (%(verdict)s)",
                    num=n,
                    text=step.text,
                    verdict=_verdict(step.ok),
                )
            )
        hidden = len(play.answers) - SHOWN_ANSWERS
        if hidden > 0:
            parts.append(ngettext("et %(num)d autre réponse", "et %(num)d autres réponses", hidden))
        if play.changes:
            parts.append(
                ngettext("%(num)d réponse changée", "%(num)d réponses changées", play.changes)
            )
    hints = extensions.get(EXT + "hints")
    if isinstance(hints, int) and not isinstance(hints, bool):
        parts.append(
            ngettext("%(num)d indice", "%(num)d indices", hints) if hints else _("aucun indice")
        )
    minutes = _minutes(body.get("result", {}).get("duration"))
    if minutes is not None:
        parts.append(_("moins d'une minute") if minutes < 1 else _("%(num)d min", num=minutes))
    return " · ".join(parts)


def _verdict(ok: bool | None) -> str:
    if ok is None:
        return _("en partie")
    return _("juste") if ok else _("faux")


def _minutes(duration: Any) -> int | None:
    """Whole minutes of an ISO 8601 duration (PT3M20S -> 3), or None."""
    found = _DURATION.fullmatch(duration) if isinstance(duration, str) else None
    if found is None:
        return None
    days, hours, minutes, seconds = (float(g) if g else 0.0 for g in found.groups())
    return int((days * 86400 + hours * 3600 + minutes * 60 + seconds) // 60)
