"""The options of the portfolio's filter form: the framework's domains and competencies.

The labels are the same for every trainee reading the same framework in the same language,
yet the form used to write them option by option on each visit (two Jinja loops over every
competency). They are written once per framework version and language here; a visit only
marks its chosen option.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from referentiel import Framework

_WRITTEN: dict[tuple[str, str, str], tuple[str, str]] = {}


def _write(fw: Framework, locale: str) -> tuple[str, str]:
    domains = "".join(
        f'<option value="{escape(d.id)}">{escape(d.text(locale).capitalize())}</option>'
        for d in fw.domains
    )
    groups = "".join(
        f'<optgroup label="{escape(d.text(locale).capitalize())}">'
        + "".join(
            f'<option value="{escape(c.id)}">{escape(c.everyday(locale))}</option>'
            for c in d.competencies
            if not c.retired
        )
        + "</optgroup>"
        for d in fw.domains
    )
    return domains, groups


def _choose(options: str, chosen: str | None) -> Markup:
    if chosen:
        mark = f'<option value="{escape(chosen)}">'
        options = options.replace(mark, mark[:-1] + " selected>", 1)
    return Markup(options)  # noqa: S704 - every part escaped in _write


def framework_options(
    fw: Framework, locale: str, domain: str | None, competency: str | None
) -> tuple[Markup, Markup]:
    """The domain options and the competency option groups, the chosen ones selected."""
    key = (fw.id, fw.version, locale)
    written = _WRITTEN.get(key)
    if written is None:
        written = _WRITTEN[key] = _write(fw, locale)
    return _choose(written[0], domain), _choose(written[1], competency)
