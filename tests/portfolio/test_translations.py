"""The English catalogue keeps up with the French texts of the service.

Message ids are the French texts. Each test extracts them afresh from the code and templates
(as `pybabel extract` does with babel.cfg), so a French string added without its English
translation makes the suite fail and names the string.

To fix a failure (babel.cfg names every keyword, so the command needs no ``-k``):
    .venv/bin/pybabel extract -F babel.cfg --no-location --sort-output \
        -o portfolio/translations/messages.pot .
    .venv/bin/pybabel update -i portfolio/translations/messages.pot -d portfolio/translations \
        --no-fuzzy-matching
then fill in the empty msgstr lines of portfolio/translations/en/LC_MESSAGES/messages.po.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.catalog import PYTHON_FORMAT, Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import Translations

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "portfolio" / "translations"
ENGLISH_PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
# Page scripts fill ``{n}``-style fields in texts handed over through data attributes.
BRACE_FIELD = re.compile(r"\{\w+\}")

# Babel types ids and strings as a text, or a tuple/list of texts for plural forms.
MsgId = str | tuple[str, ...] | list[str] | None


def _as_tuple(value: MsgId) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _placeholders(text: str, python_format: bool) -> set[str]:
    """Placeholders the code fills in: ``%(name)s`` (python-format texts) and ``{n}`` (scripts)."""
    found = set(BRACE_FIELD.findall(text))
    if python_format:
        found |= {m.group(0) for m in PYTHON_FORMAT.finditer(text) if m.group(0) != "%%"}
    return found


def _show(msgid: MsgId) -> str:
    return " | ".join(repr(part) for part in _as_tuple(msgid))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """A template extracted now from the code and templates, written to and read from a .pot."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(ROOT / "babel.cfg"))
    # Same files as `pybabel extract ... .`, without walking .venv-sized folders no pattern names.
    tops = {pattern.split("/", 1)[0] for pattern, _method in method_map}

    def wanted(dirpath: str) -> bool:
        path = Path(dirpath)
        if path.name.startswith((".", "_")):
            return False
        return path.parent != ROOT or path.name in tops or any("*" in top for top in tops)

    extracted = Catalog(fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=DEFAULT_KEYWORDS, directory_filter=wanted
    ):
        extracted.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    with pot.open("wb") as out:
        write_po(out, extracted, no_location=True, sort_output=True)
    with pot.open("rb") as fresh:
        return read_po(fresh)


@pytest.fixture(scope="module")
def english() -> Catalog:
    with ENGLISH_PO.open("rb") as po:
        return read_po(po, locale="en")


def _template_messages(template: Catalog) -> list[Message]:
    return [message for message in template if message.id]


def test_extraction_finds_the_french_texts(template: Catalog) -> None:
    # Guards the test itself: an empty extraction would make every other check pass.
    ids = {message.id for message in _template_messages(template)}
    assert len(ids) > 50
    assert {"Se connecter", "Mot de passe", "Bonjour %(name)s"} <= ids
    # Marked in different ways: a form label (_l), a message kept in a constant (N_).
    assert {
        "Pourquoi écarter cette preuve ?",
        "Cette page n'existe pas, ou vous ne pouvez pas la voir.",
    } <= ids


def test_english_catalogue_is_english(english: Catalog) -> None:
    assert str(english.locale) == "en"
    assert english.num_plurals == 2


def test_every_french_text_has_an_english_translation(template: Catalog, english: Catalog) -> None:
    missing = []
    for message in _template_messages(template):
        translated = english.get(message.id, message.context)
        strings = _as_tuple(translated.string) if translated is not None else ()
        if (
            translated is None
            or translated.fuzzy
            or not strings
            or not all(s.strip() for s in strings)
        ):
            missing.append(_show(message.id))
    assert not missing, (
        f"{len(missing)} French text(s) without an English translation in {ENGLISH_PO.relative_to(ROOT)} "
        "(run pybabel extract + update, then translate; see this file's docstring):\n  "
        + "\n  ".join(missing)
    )


def test_translations_keep_every_placeholder(template: Catalog, english: Catalog) -> None:
    broken = []
    for message in _template_messages(template):
        translated = english.get(message.id, message.context)
        if translated is None:
            continue
        # English has two plural forms, in the same order as msgid / msgid_plural.
        for source, target in zip(
            _as_tuple(message.id), _as_tuple(translated.string), strict=False
        ):
            python_format = message.python_format
            lost = _placeholders(source, python_format) - _placeholders(target, python_format)
            if lost:
                broken.append(f"{source!r} -> {target!r}: lost {', '.join(sorted(lost))}")
    assert not broken, "English translations that lost a placeholder:\n  " + "\n  ".join(broken)


def test_catalogue_passes_babel_checks(english: Catalog) -> None:
    problems = [
        f"{_show(message.id)}: {'; '.join(str(error) for error in errors)}"
        for message, errors in english.check()
        if errors
    ]
    assert not problems, "pybabel compile would reject these entries:\n  " + "\n  ".join(problems)


def test_compiled_catalogue_shows_english(english: Catalog) -> None:
    """What a user reading English sees once the .po is compiled to a .mo."""
    mo = io.BytesIO()
    write_mo(mo, english)
    mo.seek(0)
    translations = Translations(fp=mo)
    assert translations.gettext("Se connecter") == "Log in"
    assert translations.gettext("Où j'en suis") == "Where I stand"
    assert translations.gettext("Bonjour %(name)s") % {"name": "Léa"} == "Hello Léa"


# The French says "vous" to everyone, trainees included. Only a text a referent writes TO a young
# person (the follow-up's prefilled message) may say "tu".
TU_WORDS = re.compile(
    r"(?i:(?<![\w-])(tu|ton|ta|tes|toi|te)(?![\w-])|(?<!\w)t'\w|-(tu|toi)\b|\b(parles|dis)-)"
    r"|(?:^|[.:!?] )(Choisis|Réponds|Écris|Regarde|Clique|Appuie)\b"  # imperatives opening a sentence
)
SAYS_TU_ON_PURPOSE = {
    "Bonjour %(name)s, comment ça va depuis ta sortie ? Tu peux me répondre ici, même en deux "
    "mots : ce que tu fais en ce moment, si tout va bien. Si tu as besoin d'aide, je suis là.",
}


def test_the_register_is_vous(template: Catalog) -> None:
    # Guards the pattern itself.
    assert TU_WORDS.search("Et toi, qu'en penses-tu ?") and TU_WORDS.search("Complète. Regarde.")
    assert TU_WORDS.search("C'est noté : cette activité t'intéresse.")
    assert not TU_WORDS.search("Les métiers choisis : vous êtes dans le groupe. Regardez.")
    says_tu = [
        text
        for message in _template_messages(template)
        for text in _as_tuple(message.id)
        if TU_WORDS.search(text) and text not in SAYS_TU_ON_PURPOSE
    ]
    assert not says_tu, "Say « vous », not « tu »:\n" + "\n".join(says_tu)
