"""The coverage heat map of one framework, drawn on the server as accessible SVG.

One row per competency, grouped by domain; two cells per row: the catalogue activities that
target it, and the observations of the last three months. The darker the cell, the more there
are; every cell also says its number in words, and an empty cell ("aucune", "jamais") is
hatched, so nothing rests on colour alone. Each cell has its <title>; the page gives the same
figures as a table (the source of truth for screen readers) and as CSV.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from portfolio.activities.services.coverage import Cell, FrameworkCoverage, Status
from portfolio.services.i18n import gettext as _
from portfolio.services.i18n import ngettext

WIDTH = 300  # a phone's width: the text is drawn at its own size, never shrunk
LABEL_W = 124
CELL_W = 87
GAP = 2
HEAD_H = 40
DOMAIN_H = 26
ROW_H = 38
# Fill and text colour per band (0: none, 4: most); text contrast 4.5:1 at least on each.
FILLS = ("#ffffff", "#e3eefa", "#b5d0f0", "#6b9fdc", "#1d4f91")
INKS = ("#1a1a1a", "#1a1a1a", "#1a1a1a", "#0a0a0a", "#ffffff")
SHORT = 17  # characters of a competency's everyday label shown beside its code


def _short(text: str) -> str:
    return text if len(text) <= SHORT else text[: SHORT - 1].rstrip() + "…"


def _cell(x: int, y: int, band: int, words: str, title: str, hatch: str) -> str:
    empty = band == 0
    fill = f"url(#{hatch})" if empty else FILLS[band]
    return (
        f'<g class="cov-cell"><title>{escape(title)}</title>'
        f'<rect x="{x}" y="{y + 2}" width="{CELL_W}" height="{ROW_H - 4}" rx="3" '
        f'fill="{fill}" stroke="#5a6473" stroke-width="1"/>'
        f'<text x="{x + CELL_W // 2}" y="{y + ROW_H // 2 + 5}" text-anchor="middle" '
        f'font-size="13" font-weight="700" fill="{INKS[band]}">{escape(words)}</text></g>'
    )


def _domain_words(code: str, label: str) -> str:
    words = f"{code} · {label.capitalize()}"
    return words if len(words) <= 42 else words[:41].rstrip() + "…"


def _activity_words(cell: Cell) -> tuple[str, str]:
    n = cell.activities
    if not n:
        return _("aucune"), _("Aucune activité du catalogue ne la travaille")
    return str(n), ngettext(
        "%(num)d activité du catalogue la travaille",
        "%(num)d activités du catalogue la travaillent",
        n,
    )


def _observation_words(cell: Cell) -> tuple[str, str]:
    if cell.status is Status.NEVER:
        return _("jamais"), _("Jamais observée")
    recent = ngettext(
        "%(num)d observation ces 3 derniers mois",
        "%(num)d observations ces 3 derniers mois",
        cell.recent,
    )
    total = ngettext("%(num)d en tout", "%(num)d en tout", cell.ever)
    short = str(cell.recent) if cell.recent else _("0 · avant")
    return short, f"{recent} ({total})"


def heatmap(fc: FrameworkCoverage, language: str, chart_id: str) -> Markup:
    """The SVG of one framework's coverage."""
    rows = sum(len(d.cells) for d in fc.domains)
    height = HEAD_H + len(fc.domains) * DOMAIN_H + rows * ROW_H + 4
    hatch = f"{chart_id}-hatch"
    x_act = LABEL_W
    x_obs = LABEL_W + CELL_W + GAP
    title = _("Couverture des compétences : %(framework)s", framework=fc.framework.title)
    out = [
        f'<svg class="coverage-map" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t" focusable="false" font-family="sans-serif">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<defs><pattern id="{hatch}" width="8" height="8" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="#9aa3ad" stroke-width="2"/></pattern></defs>'
        f'<text x="{x_act + CELL_W // 2}" y="16" text-anchor="middle" font-size="12" '
        f'font-weight="700" fill="#1a1a1a">{escape(_("Activités"))}</text>'
        f'<text x="{x_act + CELL_W // 2}" y="32" text-anchor="middle" font-size="11" '
        f'fill="#1a1a1a">{escape(_("du catalogue"))}</text>'
        f'<text x="{x_obs + CELL_W // 2}" y="16" text-anchor="middle" font-size="12" '
        f'font-weight="700" fill="#1a1a1a">{escape(_("Observations"))}</text>'
        f'<text x="{x_obs + CELL_W // 2}" y="32" text-anchor="middle" font-size="11" '
        f'fill="#1a1a1a">{escape(_("sur 3 mois"))}</text>'
    ]
    y = HEAD_H
    for dc in fc.domains:
        out.append(
            f'<rect x="0" y="{y}" width="{WIDTH}" height="{DOMAIN_H - 2}" fill="#eef0f3"/>'
            f'<text x="6" y="{y + 17}" font-size="12" font-weight="700" fill="#1a1a1a">'
            f"{escape(_domain_words(dc.domain.code, dc.domain.text(language)))}</text>"
        )
        y += DOMAIN_H
        for cell in dc.cells:
            c = cell.competency
            name = f"{c.code} · {c.everyday(language)}"
            act_short, act_long = _activity_words(cell)
            obs_short, obs_long = _observation_words(cell)
            out.append(
                f'<g class="cov-row"><title>{escape(name)}</title>'
                f'<text x="4" y="{y + 16}" font-size="13" font-weight="700" fill="#1a1a1a">'
                f"{escape(c.code)}</text>"
                f'<text x="4" y="{y + 32}" font-size="12" fill="#1a1a1a">'
                f"{escape(_short(c.everyday(language)))}</text></g>"
            )
            out.append(
                _cell(x_act, y, cell.activity_band, act_short, f"{name} : {act_long}", hatch)
            )
            obs_band = cell.band if cell.status is Status.RECENT else 0
            out.append(_cell(x_obs, y, obs_band, obs_short, f"{name} : {obs_long}", hatch))
            y += ROW_H
    out.append("</svg>")
    return Markup("".join(out))  # noqa: S704  (every text in it went through escape())
