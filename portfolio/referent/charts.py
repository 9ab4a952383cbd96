"""The gap chart of a domain, drawn on the server as accessible SVG (no script, no image file).

Each competency is a band with one line per stream. Streams differ by shape and fill, never by
colour alone: trainee = open circle, referent = filled square, game = dashed triangle, tutor =
hatched diamond, professional = open hexagon; a dashed line joins the trainee's and the referent's levels when they differ.
The SVG has role="img", a <title> and a <desc> that says every level in words; the page also
gives the same figures as a table. Built in Python: the page draws nine of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from portfolio.models import AssessmentSource
from portfolio.services.gaps import DomainGaps, GapReport, GapRow, Point, Step
from referentiel import Competency, Framework

ROW_H = 72
TOP = 46
X0 = 84
STEP = 80
STREAMS = (("self", 12), ("referent", 25), ("game", 38), ("tutor", 50), ("professional", 64))


def marker(kind: str, x: float, y: float) -> str:
    """One stream's shape at (x, y): numbers only, so the string is safe as it is."""
    if kind == "self":
        return f'<circle class="gc-self" cx="{x:g}" cy="{y:g}" r="6"/>'
    if kind == "referent":
        return f'<rect class="gc-referent" x="{x - 6:g}" y="{y - 6:g}" width="12" height="12"/>'
    if kind == "game":
        return (
            f'<polygon class="gc-game" points="{x:g},{y - 7:g} {x + 7:g},{y + 6:g} '
            f'{x - 7:g},{y + 6:g}"/>'
        )
    if kind == "professional":
        return (
            f'<polygon class="gc-professional" points="{x - 6:g},{y - 3:g} {x:g},{y - 7:g} '
            f'{x + 6:g},{y - 3:g} {x + 6:g},{y + 3:g} {x:g},{y + 7:g} {x - 6:g},{y + 3:g}"/>'
        )
    return (
        f'<polygon class="gc-tutor" fill="url(#gc-hatch)" points="{x:g},{y - 8:g} '
        f'{x + 8:g},{y:g} {x:g},{y + 8:g} {x - 8:g},{y:g}"/>'
    )


def _safe(svg: str) -> Markup:
    # Every text in ``svg`` went through escape(); everything else is a number or a literal.
    return Markup(svg)  # noqa: S704


def key(kind: str) -> Markup:
    """A small legend swatch for one stream (or "link" for the gap line)."""
    inner = (
        '<line class="gc-link" x1="2" y1="10" x2="18" y2="10"/>'
        if kind == "link"
        else marker(kind, 10, 10)
    )
    return _safe(
        '<svg class="gc-key" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" '
        f'focusable="false">{inner}</svg>'
    )


def point_text(point: Point | None, texts: Mapping[str, Any], hidden: bool = False) -> str:
    if hidden:
        return str(texts["hidden"])
    if point is None:
        return str(texts["not_yet"])
    return str(texts["level"][point.level])


def gap_words(row: GapRow, texts: Mapping[str, Any]) -> str:
    gap = row.gap
    return str(texts["no_gap"] if gap is None else texts["gap"][gap])


def cells(row: GapRow, texts: Mapping[str, Any]) -> dict[str, str]:
    """The words of one competency's row: each stream's level and the gap."""
    return {
        "self": point_text(row.shown_self, texts, row.self_hidden),
        "referent": point_text(row.referent, texts),
        "game": point_text(row.game, texts),
        "tutor": point_text(row.tutor, texts),
        "professional": point_text(row.professional, texts),
        "gap": gap_words(row, texts),
    }


@dataclass(frozen=True)
class _Frame:
    """What a domain's chart draws whatever the trainee: its opening and title, its bands,
    grid and level ticks, and each row's competency code (``codes``). Kept per language, view
    and framework version with the chart's words (``gap_texts``), one per domain."""

    head: str
    body: str
    codes: tuple[str, ...]


class Frames(dict[tuple[str, tuple[str, ...]], _Frame]):
    """Frames per (chart id, competency ids of its rows), each drawn the first time a page
    needs it (``frame``)."""

    def frame(
        self, dg: DomainGaps, fw: Framework, texts: Mapping[str, Any], chart_id: str
    ) -> _Frame:
        key = (chart_id, tuple(row.competency.id for row in dg.rows))
        found = self.get(key)
        if found is None:
            found = self[key] = _draw_frame(dg, fw, texts, chart_id)
        return found


def _x_of(level: int) -> int:
    return X0 + STEP * (level - 1)


def _draw_frame(dg: DomainGaps, fw: Framework, texts: Mapping[str, Any], chart_id: str) -> _Frame:
    html: Escaped = texts["html"]
    levels = [lv for lv in fw.levels if lv.code > 0]
    height = TOP + len(dg.rows) * ROW_H + 6
    width = X0 + STEP * (len(levels) - 1) + 44
    title = texts["chart_title"] % {"code": dg.domain.code}
    chart_id = str(escape(chart_id))  # made of the framework's ids: text like the rest
    head = (
        f'<svg class="gap-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" focusable="false">'
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">'
    )
    body = []
    for n in range(len(dg.rows)):
        alt = " gc-band-alt" if n % 2 else ""
        body.append(
            f'<rect class="gc-band{alt}" x="0" y="{TOP + n * ROW_H}" width="{width}" '
            f'height="{ROW_H}"/>'
        )
    for lv in levels:
        x = _x_of(lv.code)
        body.append(
            f'<line class="gc-grid" x1="{x}" y1="{TOP - 4}" x2="{x}" y2="{height - 4}"/>'
            f'<text class="gc-tick" x="{x}" y="16" text-anchor="middle">{lv.code}</text>'
            f'<text class="gc-tick-label" x="{x}" y="33" text-anchor="middle">'
            f"{html[texts['level_name'][lv.code]]}</text>"
        )
    codes = tuple(
        f'<text class="gc-code" x="8" y="{TOP + n * ROW_H + 24}">{html[row.competency.code]}</text>'
        for n, row in enumerate(dg.rows)
    )
    return _Frame(head, "".join(body), codes)


def chart(
    dg: DomainGaps,
    fw: Framework,
    texts: Mapping[str, Any],
    chart_id: str,
    words: list[dict[str, str]] | None = None,
) -> Markup:
    """The SVG of one domain (``words``: each row's ``cells``, when the caller has them).

    Its frame (opening, bands, grid, codes) is drawn once per language and domain
    (:class:`Frames`); here only what the trainee's levels change: the description, the
    markers, the gaps."""
    labels = texts["labels"]
    if words is None:
        words = [cells(row, texts) for row in dg.rows]
    frame = texts["frames"].frame(dg, fw, texts, chart_id)
    reader = texts["reader"]
    described = " ".join(
        f"{row.competency.code}, {row.competency.official(reader)} : "
        + " ; ".join(f"{labels[k]} {v}" for k, v in row_words.items() if k != "gap")
        + f" ; {row_words['gap']}."
        for row, row_words in zip(dg.rows, words, strict=True)
    )
    out = [frame.head, str(escape(described)), "</desc>", frame.body]
    word = texts["html"][texts["gap_short"]]
    for n, row in enumerate(dg.rows):
        y = TOP + n * ROW_H
        out.append(frame.codes[n])
        gap = row.gap
        if gap:
            assert row.shown_self is not None and row.referent is not None
            out.append(
                f'<text class="gc-gap" x="8" y="{y + 44}">{word} {gap:+d}</text>'
                f'<line class="gc-link" x1="{_x_of(row.shown_self.level)}" y1="{y + 12}" '
                f'x2="{_x_of(row.referent.level)}" y2="{y + 25}"/>'
            )
        points = {
            "self": row.shown_self,
            "referent": row.referent,
            "game": row.game,
            "tutor": row.tutor,
            "professional": row.professional,
        }
        for kind, dy in STREAMS:
            point = points[kind]
            if point is not None:
                out.append(marker(kind, _x_of(point.level), y + dy))
        if row.self_hidden:
            out.append(
                f'<text class="gc-hidden" x="{X0 - 10}" y="{y + 16}" text-anchor="end">?</text>'
            )
    out.append("</svg>")
    return _safe("".join(out))


def named(competency: Competency, reader: str) -> str:
    """A competency as the tables name it: its code and its label in the reader's language."""
    return f"{competency.code} · {competency.official(reader)}"


class Escaped(dict[str, str]):
    """Words a page shows many times (level words, gap sentences), each escaped once."""

    def __missing__(self, text: str) -> str:
        html = self[text] = str(escape(text))
        return html


def table(
    dg: DomainGaps,
    texts: Mapping[str, Any],
    caption: str,
    words: list[dict[str, str]] | None = None,
) -> Markup:
    """The same figures as the chart, as a table (the chart's text alternative)."""
    labels = texts["labels"]
    if words is None:
        words = [cells(row, texts) for row in dg.rows]
    html: Escaped = texts["html"]  # kept per language by gap_texts: escaped once
    head = "".join(
        f'<th scope="col">{html[text]}</th>'
        for text in (
            texts["competency"],
            labels["self"],
            labels["referent"],
            labels["game"],
            labels["tutor"],
            labels["professional"],
            texts["gap_title"],
        )
    )
    body = []
    for row, row_words in zip(dg.rows, words, strict=True):
        pending = ""
        if row.game_pending:
            pending = f'<br><span class="muted">{escape(texts["pending"](row.game_pending))}</span>'
        body.append(
            f'<tr><th scope="row">{html[named(row.competency, texts["reader"])]}</th>'
            f"<td>{html[row_words['self']]}</td><td>{html[row_words['referent']]}</td>"
            f"<td>{html[row_words['game']]}{pending}</td><td>{html[row_words['tutor']]}</td>"
            f"<td>{html[row_words['professional']]}</td>"
            f"<td>{html[row_words['gap']]}</td></tr>"
        )
    return _safe(
        f'<div class="table-wrap" tabindex="0" role="region" aria-label="{escape(caption)}">'
        f'<table class="gap-table"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def section(dg: DomainGaps, fw: Framework, texts: Mapping[str, Any]) -> Markup:
    """One domain's card: its title, how its competencies compare (trainee above, below or
    level with the referent), its chart and, folded, the same figures as a table.

    Built here rather than by a template macro: the page shows nine, and the macro's three
    plural sentences and calls per domain cost more than the chart itself.
    """
    domain = dg.domain
    over, under, same = dg.over, dg.under, dg.same
    summary = texts["counts"](over, under, same) if over or under or same else texts["no_pairs"]
    html_id = escape(domain.id)
    caption = texts["table_caption"] % {"code": domain.code}
    words = [cells(row, texts) for row in dg.rows]  # the chart's description and the table
    return _safe(
        f'<section class="card domain-gap" aria-labelledby="h-{html_id}">'
        f'<h3 id="h-{html_id}">{escape(domain.code)} · '
        f"{escape(domain.text(texts['reader']).capitalize())}</h3>"
        f'<p class="domain-summary">{escape(summary)}</p>'
        f'<figure class="gap-figure">{chart(dg, fw, texts, f"gc-{domain.id}", words)}</figure>'
        f'<details class="gap-table-details"><summary>{escape(texts["see_table"])}</summary>'
        f"{table(dg, texts, caption, words)}</details></section>"
    )


SOURCES = {
    AssessmentSource.SELF: "self",
    AssessmentSource.REFERENT: "referent",
    AssessmentSource.GAME: "game",
    AssessmentSource.TUTOR: "tutor",
    AssessmentSource.PROFESSIONAL: "professional",
}
KINDS = tuple(SOURCES.values())


def progression(report: GapReport) -> list[tuple[Competency, dict[str, list[Step]]]]:
    """For each competency with levels: the levels of each stream in the history, oldest first."""
    rows: list[tuple[Competency, dict[str, list[Step]]]] = []
    for competency in report.framework.competencies:
        steps = report.history.get(competency.id)
        if not steps:
            continue
        streams: dict[str, list[Step]] = {kind: [] for kind in KINDS}
        for step in steps:  # one pass, the order of the history kept in each stream
            streams[SOURCES[step.source]].append(step)
        rows.append((competency, streams))
    return rows


class _Written(dict[tuple[int, date], str]):
    """``level (dd/mm)`` per (level, day), each written the first time a page needs it."""

    def __missing__(self, key: tuple[int, date]) -> str:
        level, day = key
        text = self[key] = f'{level} <span class="muted">({day.day:02d}/{day.month:02d})</span>'
        return text


def progression_table(report: GapReport, texts: Mapping[str, Any], caption: str) -> Markup:
    """The levels of the history per competency and stream, oldest first: progression over time.

    When the report keeps only the first and the last level of each stream, the cell says
    between them how many the progression page adds (``texts["between"]``).
    """
    labels = texts["labels"]
    head = f'<th scope="col">{escape(texts["competency"])}</th>' + "".join(
        f'<th scope="col">{escape(labels[kind])}</th>' for kind in KINDS
    )
    # On a phone each competency becomes a block of "view : levels" lines (table.stack), the
    # views without a level left out; on a wide screen the table scrolls sideways.
    opens = {kind: f'<td data-label="{escape(labels[kind])}">' for kind in KINDS}
    empty = {kind: f'<td class="none" data-label="{escape(labels[kind])}">' for kind in KINDS}
    html: Escaped = texts["html"]
    reader = texts["reader"]
    hidden = html[texts["hidden"]]
    body = []
    # A trainee followed for months has thousands of levels: each (level, day) is written
    # once a page (strftime per level was the page's largest cost), then only joined.
    written = _Written()
    for competency, streams in progression(report):
        row = [f'<th scope="row">{html[named(competency, reader)]}</th>']
        for source, kind in SOURCES.items():
            steps = streams[kind]
            if steps:
                words = [written[(s.level, s.day)] for s in steps]
                if between := report.between.get((competency.id, source)):
                    words.insert(
                        1, f'<span class="muted">{escape(texts["between"](between))}</span>'
                    )
                row.append(f"{opens[kind]}{' → '.join(words)}</td>")
            elif kind == "self" and competency.id in report.blind_hidden:
                row.append(f"{opens[kind]}{hidden}</td>")
            else:
                row.append(f'{empty[kind]}<span class="muted">—</span></td>')
        body.append(f"<tr>{''.join(row)}</tr>")
    return _safe(
        f'<div class="table-wrap" tabindex="0" role="region" aria-label="{escape(caption)}">'
        f'<table class="progression stack"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )
