"""Everything templates may call on any page: one module, registered by ``create_app``.

Before, three feature blueprints each registered app-wide helpers from their views module, so
a page of one feature silently depended on another feature's views being imported. Here
they are listed together; each stays a small function, and the feature-specific logic they
call (the gap charts, the game evidence, the follow-up) stays in its own room.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import Select
from werkzeug.routing import BuildError

from portfolio import layout
from portfolio.database import read
from portfolio.game_link.services import game_evidence
from portfolio.game_link.services.replay import replay
from portfolio.i18n import translations
from portfolio.main.views import PHONE_BAR, ROLE_LABELS, menu
from portfolio.models import GameStatement, GameStatementStatus, Role
from portfolio.orientation.services.ranking import Ranking, ranking_for
from portfolio.referent import charts
from portfolio.referent.file_nav import trainee_tabs
from portfolio.referent.services.trainee_view import HomeFollowUp, home_follow_up
from portfolio.services.frameworks import (
    competency_label,
    framework,
    frameworks,
    recorded_competency,
    switch_key,
)
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import ngettext
from portfolio.showcase.notices import CountedLabel, prefetch_counts
from portfolio.trainee.cards import card_words, trace_card
from referentiel import Framework


def init_app(app: Flask) -> None:
    """Register the context processors and globals every template may use."""
    app.context_processor(_navigation)
    app.context_processor(_follow_up)
    app.context_processor(_game_evidence)
    app.context_processor(_orientation)
    app.add_template_global(level_name)
    app.add_template_global(ref_competency_label)
    app.add_template_global(competency_words)
    app.add_template_global(gap_texts)
    app.add_template_global(charts.key, "gap_key")
    app.add_template_global(charts.progression_table, "gap_progression_table")
    app.add_template_global(charts.section, "gap_section")
    app.add_template_global(trainee_tabs)
    app.add_template_global(endpoint_url)
    app.add_template_global(days_ago)
    app.add_template_global(card_words)
    app.add_template_global(trace_card)
    app.add_template_global(switch_key, "framework_key")
    # A global, not a context variable: the macros of other templates use it too (the
    # framework's words in the reader's language).
    app.add_template_global(_reader, "current_locale")
    layout.init_app(app)


def days_ago(days: int) -> str:
    """How long ago, in words: "aujourd'hui", "hier", then "il y a 2 jours" (never "0 jours").

    A date in the future (a clock a little ahead) reads as today.
    """
    if days <= 0:
        return _("aujourd'hui")
    if days == 1:
        return _("hier")
    return ngettext("il y a %(num)d jour", "il y a %(num)d jours", days)


# -- the menu and the person's language --------------------------------------------------


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool
    short: str = ""  # the word under its icon in the phone bar ("" when not in the bar)
    icon: str = ""
    slot: int = 0  # its place in the phone bar


@dataclass(frozen=True)
class _NavFrame:
    """What a menu entry shows apart from the request: worked out once per role, language
    and mount point. ``label`` is None for a label with a live count (read per page)."""

    endpoint: str
    label: str | None
    counted: Any
    url: str
    short: str
    icon: str
    slot: int


def _nav_frames(role: Role) -> list[_NavFrame]:
    locale = str(get_locale() or "fr")
    cache: dict[tuple[Role, str, str], list[_NavFrame]] = current_app.extensions.setdefault(
        "e2c_nav_frames", {}
    )
    key = (role, locale, request.script_root)
    frames = cache.get(key)
    if frames is None:
        bar = PHONE_BAR.get(role, {})
        slots = {endpoint: n for n, endpoint in enumerate(bar)}
        frames = cache[key] = []
        for endpoint, label, url in menu(role):
            short, icon = bar.get(endpoint, ("", ""))
            counted = label if isinstance(label, CountedLabel) else None
            text = None if counted is not None else str(label)
            slot = slots.get(endpoint, 0)
            frames.append(_NavFrame(endpoint, text, counted, url, str(short), icon, slot))
    return frames


def _nav_items() -> list[NavItem]:
    """Worked out once per page: the header menu and the phone bar both show it (a label
    may carry a live count: all counts in one query)."""
    cached: list[NavItem] | None = getattr(request, "_e2c_nav_items", None)
    if cached is not None:
        return cached
    user = current_user._get_current_object()  # one proxy lookup, not one per entry
    if not user.is_authenticated:
        return []
    frames = _nav_frames(user.role)
    prefetch_counts([f.counted for f in frames if f.counted is not None], user)
    here = request.endpoint
    items = [
        NavItem(
            f.label if f.label is not None else str(f.counted),
            f.url,
            here == f.endpoint,
            f.short,
            f.icon,
            f.slot,
        )
        for f in frames
    ]
    request._e2c_nav_items = items  # type: ignore[attr-defined]
    return items


def read_with_menu(own: Select[Any], params: Mapping[str, Any]) -> Sequence[Any]:
    """A page's own figures (``own``: scalar subqueries, built once) read in the same
    statement as its menu's counts: one round trip instead of two. For a view about to render
    a page with the menu; what it writes afterwards is not in the menu's counts."""
    user = current_user._get_current_object()
    if not user.is_authenticated:
        return read(own, params).one()
    frames = _nav_frames(user.role)
    return prefetch_counts(
        [f.counted for f in frames if f.counted is not None], user, own=own, params=params
    )


def _nav_bar() -> list[NavItem]:
    """The phone bar: the menu's entries that have an icon, in the bar's order."""
    return sorted((item for item in _nav_items() if item.icon), key=lambda item: item.slot)


def _navigation() -> dict[str, object]:
    return {
        "nav_items": _nav_items,
        "nav_bar": _nav_bar,
        "role_label": lambda role: str(ROLE_LABELS[Role(role)]),
    }


def endpoint_url(endpoint: str, **values: Any) -> str | None:
    """The URL of another feature's page, or None if that feature is not installed."""
    if endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, **values)


# -- the follow-up: levels, competencies, the gap --------------------------------------------


def _follow_up() -> dict[str, Any]:
    def referent_follow_up() -> HomeFollowUp | None:
        """Read once per page (the home's "Où j'en suis" and its longer part both use it)."""
        if not (current_user.is_authenticated and current_user.role is Role.TRAINEE):
            return None
        if not hasattr(request, "_e2c_follow_up"):
            request._e2c_follow_up = home_follow_up(current_user)  # type: ignore[attr-defined]
        follow: HomeFollowUp | None = request._e2c_follow_up  # type: ignore[attr-defined]
        return follow

    return {"referent_follow_up": referent_follow_up}


def _orientation() -> dict[str, Any]:
    def trades_for_me() -> Ranking | None:
        """The trades proposed to the trainee reading the page (None for anyone else)."""
        if current_user.is_authenticated and current_user.role is Role.TRAINEE:
            return ranking_for(current_user)
        return None

    return {"trades_for_me": trades_for_me}


def level_name(code: int | None, fw: Framework | None = None) -> str:
    """A level's name in the reader's language ("Je fais" / "I do")."""
    if code is None:
        return ""
    try:
        return (fw or framework()).level(code).name(_reader())
    except KeyError:
        return str(code)


def _reader() -> str:
    return str(get_locale() or "fr")


@dataclass(frozen=True)
class CompetencyWords:
    """What a trainee reads of a competency: the everyday words first, the official one tap away."""

    short: str
    official: str


def competency_words(
    framework_id: str | None, version: str | None, competency_id: str, reader: str | None = None
) -> CompetencyWords:
    """The short and official labels of a recorded competency, in the ``reader``'s language
    (by default the page's: a caller that writes many gives it, asked once)."""
    found = recorded_competency(framework_id, version, competency_id)
    if found is None:
        return CompetencyWords(competency_id, competency_id)
    reader = reader or _reader()
    return CompetencyWords(found.everyday(reader), found.official(reader))


def ref_competency_label(framework_id: str | None, version: str | None, competency_id: str) -> str:
    """The official label evidence was recorded with, in the reader's language (the English
    our framework files give beside it); the id when no version knows the competency."""
    return competency_words(framework_id, version, competency_id).official


def gap_texts(trainee_view: bool, fw: Framework | None = None) -> dict[str, Any]:
    """The words of the gap chart and table, translated once per language (not once per cell).

    Kept per catalogue, view and framework version: the same few dozen sentences on every gap
    page, and the HTML each one escapes to (``html``), were a tenth of the page's cost.
    """
    fw = fw or framework()
    cache: dict[tuple[Any, ...], dict[str, Any]] = current_app.extensions.setdefault(
        "e2c_gap_texts", {}
    )
    key = (translations(), trainee_view, fw.id, fw.checksum, fw.language)
    texts = cache.get(key)
    if texts is None:
        texts = cache[key] = _gap_texts(trainee_view, fw)
    return texts


def _gap_texts(trainee_view: bool, fw: Framework) -> dict[str, Any]:
    labels = _gap_labels(trainee_view)
    top = max(lv.code for lv in fw.levels)
    reader = _reader()
    return {
        "reader": reader,  # the language of the framework's words
        "labels": labels,
        "level_name": {lv.code: lv.name(reader) for lv in fw.levels},  # the chart's ticks
        "legend_gap": _("Écart entre vous et votre référent")
        if trainee_view
        else _("Écart entre le stagiaire et le référent"),
        "level": {lv.code: f"{lv.code} ({lv.name(reader)})" for lv in fw.levels},
        "gap": _gap_sentences(trainee_view, labels["self"], top),
        "gap_short": _("écart"),
        "no_gap": _("pas d'écart calculé"),
        "not_yet": _("pas encore"),
        "hidden": _("masqué jusqu'à votre évaluation"),
        "chart_title": _("Niveaux par compétence, domaine %(code)s"),
        "competency": _("Compétence"),
        "gap_title": _("Écart"),
        "pending": lambda n: ngettext(
            "%(num)d preuve à confirmer", "%(num)d preuves à confirmer", n
        ),
        "between": functools.cache(lambda n: ngettext("%(num)d autre", "%(num)d autres", n)),
        "counts": functools.cache(_domain_counts),
        "no_pairs": _("Pas encore de comparaison possible dans ce domaine."),
        "see_table": _("Voir les mêmes informations en tableau"),
        "table_caption": _("Niveaux du domaine %(code)s"),
        "html": charts.Escaped(),  # the words above, each escaped once per language
        "frames": charts.Frames(),  # each domain's chart frame, drawn once per language
    }


def _domain_counts(over: int, under: int, same: int) -> str:
    """How a domain's competencies compare: trainee above, below or level with the referent."""
    return " · ".join(
        (
            ngettext(
                "Plus haut que le référent : %(num)d compétence",
                "Plus haut que le référent : %(num)d compétences",
                over,
            ),
            ngettext("plus bas : %(num)d", "plus bas : %(num)d", under),
            ngettext("même niveau : %(num)d", "même niveau : %(num)d", same),
        )
    )


def _gap_labels(trainee_view: bool) -> dict[str, str]:
    if trainee_view:
        return {
            "self": _("Moi"),
            "referent": _("Mon référent"),
            "game": _("Le jeu"),
            "tutor": _("Mon tuteur de stage"),
            "professional": _("Simulation d'entretien"),
        }
    return {
        "self": _("Stagiaire"),
        "referent": _("Référent"),
        "game": _("Jeu"),
        "tutor": _("Tuteur"),
        "professional": _("Professionnel"),
    }


def _gap_sentences(trainee_view: bool, who: str, top: int) -> dict[int, str]:
    """Gap -> its sentence, e.g. 2 -> "Stagiaire se place 2 paliers au-dessus"."""
    gap: dict[int, str] = {0: _("même niveau")}
    for n in range(1, top + 1):
        if trainee_view:
            gap[n] = ngettext(
                "vous vous placez %(num)d palier au-dessus",
                "vous vous placez %(num)d paliers au-dessus",
                n,
            )
            gap[-n] = ngettext(
                "vous vous placez %(num)d palier en dessous",
                "vous vous placez %(num)d paliers en dessous",
                n,
            )
        else:
            gap[n] = ngettext(
                "%(who)s se place %(num)d palier au-dessus",
                "%(who)s se place %(num)d paliers au-dessus",
                n,
                who=who,
            )
            gap[-n] = ngettext(
                "%(who)s se place %(num)d palier en dessous",
                "%(who)s se place %(num)d paliers en dessous",
                n,
                who=who,
            )
    return gap


# -- game evidence --------------------------------------------------------------------------


def _game_evidence() -> dict[str, Any]:
    return {
        "game_status_label": status_label,
        "game_competencies": seen_competencies,
        "game_trace_url": trace_url,
        "game_replay": replay,
    }


def status_label(status: GameStatementStatus) -> str:
    labels = {
        GameStatementStatus.PENDING: _("Observée dans le jeu, en attente de votre référent"),
        GameStatementStatus.CONFIRMED: _("Confirmée par votre référent"),
        GameStatementStatus.DISCARDED: _("Écartée par votre référent"),
    }
    return labels[status]


@dataclass(frozen=True)
class SeenCompetency:
    competency_id: str
    label: str
    level: int
    level_label: str


def seen_competencies(statement: GameStatement) -> list[SeenCompetency]:
    """The competencies a statement names, with their labels, for the pages."""
    out = []
    for seen in game_evidence.observed(statement):
        fw = frameworks().get(seen.framework_id)
        try:
            label_of_level = fw.level(seen.level).label if fw else str(seen.level)
        except KeyError:
            label_of_level = str(seen.level)
        label = competency_label(seen.framework_id, seen.framework_version, seen.competency_id)
        out.append(SeenCompetency(seen.competency_id, label, seen.level, label_of_level))
    return out


def trace_url(trace_id: int | None) -> str | None:
    """The page of a game trace, when the portfolio's trace pages are there."""
    if trace_id is None:
        return None
    try:
        return url_for("trainee.trace", trace_id=trace_id)
    except BuildError:
        return None
