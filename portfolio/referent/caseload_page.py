"""The caseload page's words and links, made once per page rather than once per row.

At network size a caseload shows fifty trainees, and the young people who left, each with
four or five contacts for a year. In a template every attribute, filter, ``_()``, macro call
and include costs a few Python calls: the table once spent more on them than on its queries.
So the words repeated on the rows (a count's sentence, a date's two spellings, a link) are
made here, once per distinct value (``functools.cache`` per page), and links with
``layout.id_address`` (``url_for`` once); the template only places them. Nothing shown
changes: same words, links and order as when the template made them.

The table's rows themselves are written here too (:func:`table_rows`): a template yields each
piece of a row on its own, through the page and its layout (about seventy pieces a row, three
generators deep), which cost more than the rows' words. The section of the young people who
left is written the same way by the follow-up's own module (``followup.page``). Every value is
escaped here as the template escaped it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from flask import url_for
from markupsafe import Markup, escape

from portfolio.followup.labels import time_tag
from portfolio.referent.services.visits import CaseloadRow
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import ngettext
from portfolio.template_globals import days_ago, endpoint_url


class TableLine(NamedTuple):
    """One trainee's row of the table, its words made (a tuple: the template unpacks it, an
    attribute lookup per cell costing as much as the cell)."""

    id: int
    name: str
    attention: bool
    news: str  # "2 nouveaux", "" when nothing new for me
    letters: str  # "1 message non lu", ""
    cover: str  # "Remplacement de …", "" for one's own trainee
    traces: int
    selfs: int
    game: int
    gap_code: str  # "" when no gap
    gap_words: str
    gap_size: str
    review: str  # "il y a 3 jours", "" when never
    visit: Markup  # the last visit's <time>, "" when never


def table_lines(
    rows: Sequence[CaseloadRow], news_counts: Mapping[int, int], letters: Mapping[int, int]
) -> list[TableLine]:
    """The table's rows, in the order of ``rows``."""
    # The sentences are written out in each call, for Babel's extraction; "" for none.
    news_words = cache(
        lambda num: ngettext("%(num)d nouveau", "%(num)d nouveaux", num) if num else ""
    )
    letter_words = cache(
        lambda num: ngettext("%(num)d message non lu", "%(num)d messages non lus", num)
        if num
        else ""
    )
    review_words = cache(days_ago)
    gap_text = _("stagiaire %(a)s, référent %(b)s")
    cover_text = _("Remplacement de %(name)s")
    lines = []
    for r in rows:
        tid, gap, visit = r.trainee.id, r.largest_gap, r.last_visit
        lines.append(
            TableLine(
                id=tid,
                name=r.trainee.full_name,
                attention=r.needs_attention,
                news=news_words(news_counts.get(tid, 0)),
                letters=letter_words(letters.get(tid, 0)),
                cover=cover_text % {"name": r.covered_for} if r.covered_for else "",
                traces=r.new_traces,
                selfs=r.new_self_assessments,
                game=r.pending_game,
                gap_code=gap.competency.code if gap else "",
                gap_words=gap_text % {"a": gap.self_level, "b": gap.referent_level} if gap else "",
                gap_size=f"{gap.gap:+d}" if gap else "",
                review=review_words(r.days_since_review or 0) if r.last_review_on else "",
                visit=time_tag(visit) if visit else Markup(""),
            )
        )
    return lines


@dataclass(frozen=True, slots=True)
class TableWords:
    """The table's headings, repeated words and links, escaped once per page."""

    trainee: Markup
    traces: Markup
    selfs: Markup
    game: Markup
    gap: Markup
    review: Markup
    visit: Markup
    look: Markup  # the "to look at" badge
    never: Markup
    none: Markup
    base: Markup  # the caseload's address: a trainee's file is "<base>/<id>"
    inbox: Markup
    game_url: Markup  # the game evidence to confirm; "" when the game room is off

    @classmethod
    def made(cls) -> TableWords:
        return cls(
            trainee=escape(_("Stagiaire")),
            traces=escape(_("Nouvelles traces")),
            selfs=escape(_("Nouvelles auto-évaluations")),
            game=escape(_("Jeu à confirmer")),
            gap=escape(_("Plus grand écart")),
            review=escape(_("Dernier bilan")),
            visit=escape(_("Ma dernière visite")),
            look=escape(_("À regarder")),
            never=escape(_("jamais")),
            none=escape(_("aucun")),
            base=escape(url_for("referent.caseload")),
            inbox=escape(url_for("conversations.inbox")),
            game_url=escape(endpoint_url("game_link.review") or ""),
        )


def table_rows(lines: Sequence[TableLine], w: TableWords) -> Markup:
    """The table's ``<tr>`` rows, one per line, in order."""
    return Markup("\n".join(_row(line, w) for line in lines))  # noqa: S704 (escaped in _row)


def _row(r: TableLine, w: TableWords) -> str:
    file = f"{w.base}/{r.id}"
    badges = "\n".join(  # apart: the browser puts a space between two badges
        badge
        for badge in (
            f'<span class="ref-badge ref-badge-attention">{w.look}</span>' if r.attention else "",
            f'<span class="ref-badge news-count">{escape(r.news)}</span>' if r.news else "",
            f'<a class="ref-badge news-count" href="{w.inbox}">{escape(r.letters)}</a>'
            if r.letters
            else "",
            f'<br><span class="muted">{escape(r.cover)}</span>' if r.cover else "",
        )
        if badge
    )
    if r.game and w.game_url:
        game = f'<a href="{w.game_url}">{r.game}</a>'
    else:
        game = f"<span{_MUTED if not r.game else ''}>{r.game}</span>"
    if r.gap_code:
        gap = (
            f'<a href="{file}/ecart">{escape(r.gap_code)}</a> : {escape(r.gap_words)}\n'
            f'<span class="gap-size">({escape(r.gap_size)})</span>'
        )
    else:
        gap = f'<span class="muted">{w.none}</span>'
    review = escape(r.review) if r.review else _NEVER_BADGE.format(w.never)
    visit = escape(r.visit) if r.visit else f'<span class="muted">{w.never}</span>'
    return (
        f"<tr{_ATTENTION if r.attention else ''}>\n"
        f'<th scope="row" data-label="{w.trainee}">\n'
        f'<a href="{file}">{escape(r.name)}</a>\n{badges}\n</th>\n'
        f'<td data-label="{w.traces}"{_MUTED if not r.traces else ""}>{r.traces}</td>\n'
        f'<td data-label="{w.selfs}"{_MUTED if not r.selfs else ""}>{r.selfs}</td>\n'
        f'<td data-label="{w.game}">{game}</td>\n'
        f'<td data-label="{w.gap}">\n{gap}\n</td>\n'
        f'<td data-label="{w.review}">\n{review}\n</td>\n'
        f'<td data-label="{w.visit}">{visit}</td>\n'
        "</tr>"
    )


_ATTENTION = ' class="attention"'
_MUTED = ' class="muted"'
_NEVER_BADGE = '<span class="ref-badge ref-badge-attention">{}</span>'
