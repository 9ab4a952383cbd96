"""The job-title search of the trade picker, over the whole shipped ROME, as people type.

Read the tables as "someone types this, and sees that": first in the list, or in the first three.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio.services.rome import Rome, TradeSearchError, load_rome
from portfolio.services.rome.search import TitleIndex, fold, one_edit_apart, stem, words

TOO_SHORT = "Tapez au moins 2 lettres du métier."
TOO_LONG = "Tapez moins de mots : 80 caractères au plus."


@pytest.fixture(scope="module")
def catalogue() -> Rome:
    return load_rome()


def labels(catalogue: Rome, typed: str, limit: int = 8) -> list[str]:
    return [m.title.label for m in catalogue.search(typed, limit=limit)]


# --- what people type, what they see -------------------------------------------------------

# (typed, the job title expected, where: 1 = first, 3 = in the first three)
FOUND = [
    ("serveur", "Serveur / Serveuse de banquet", 1),
    ("serveuse", "Serveur / Serveuse de banquet", 1),
    ("Serveurs", "Serveur / Serveuse en restauration", 8),
    ("macon", "Maçon / Maçonne", 1),
    ("Maçonne", "Maçon / Maçonne", 1),
    ("maçons", "Maçon / Maçonne", 1),
    ("aide soignante", "Aide-soignant / Aide-soignante", 1),
    ("aide-soignant", "Aide-soignant / Aide-soignante", 1),
    ("AIDES-SOIGNANTES", "Aide-soignant / Aide-soignante", 1),
    ("caristes", "Cariste", 1),
    ("CARISTE", "Cariste", 1),
    ("cari", "Cariste", 1),  # the beginning of the word, while typing
    ("électricienne", "Électricien / Électricienne du bâtiment", 3),
    ("electricien", "Électricien / Électricienne du bâtiment", 3),
    ("agent de securite", "Agent / Agente de sécurité", 1),
    ("agente sécurité", "Agent / Agente de sécurité", 1),
    ("agent de sécurité incendie", "Agent / Agente de sécurité incendie", 1),
    ("boulangeres", "Boulanger / Boulangère", 1),
    ("Boulangère", "Boulanger / Boulangère", 1),
    ("cuisinière", "Cuisinier / Cuisinière", 1),
    ("D1102", "Boulanger / Boulangère", 1),  # a sheet code
    ("d1102", "Boulanger / Boulangère", 1),
    ("coiffeuse", "Coiffeur / Coiffeuse", 1),
    ("manoeuvre", "Manoeuvre gros oeuvre", 3),
    ("manœuvre", "Manoeuvre gros oeuvre", 3),
]


@pytest.mark.parametrize(("typed", "expected", "within"), FOUND)
def test_people_find_the_title_they_mean(catalogue, typed, expected, within):
    found = labels(catalogue, typed)
    assert expected in found[:within], found


# One typo in "cariste" (a letter added, missing, changed, two swapped), then the same in a
# feminine plural and in a word of a two-word search.
TYPOS = [
    ("carriste", "Cariste"),  # added
    ("carste", "Cariste"),  # missing
    ("carixte", "Cariste"),  # changed
    ("carsites", "Cariste"),  # two letters swapped
    ("caritse", "Cariste"),  # two letters swapped
    ("boulangére", "Boulanger / Boulangère"),  # accent on the wrong letter
    ("boulanegre", "Boulanger / Boulangère"),
    ("maconne", "Maçon / Maçonne"),
    ("coifeur", "Coiffeur / Coiffeuse"),
    ("agent de securiter", "Agent / Agente de sécurité"),
    ("ajent de sécurité", "Agent / Agente de sécurité"),
]


@pytest.mark.parametrize(("typed", "expected"), TYPOS)
def test_one_typo_still_finds_the_title(catalogue, typed, expected):
    assert labels(catalogue, typed)[0] == expected


def test_every_title_of_a_sheet_code_is_that_sheet(catalogue):
    found = catalogue.search("D1102", limit=50)
    assert {m.title.sheet_code for m in found} == {"D1102"}
    assert len(found) == len(catalogue.titles_of("D1102"))


def test_a_code_is_never_read_with_a_typo(catalogue):
    # G1609 (a ROME 4.0 sheet with no job titles of its own) is one letter from G1602.
    assert catalogue.search("G1609") == []
    assert catalogue.search("1234") == []


def test_two_typos_do_not_match_a_short_word_wildly(catalogue):
    assert labels(catalogue, "chef")  # the word itself is found
    assert labels(catalogue, "cjrf") == []  # two letters changed
    assert labels(catalogue, "hcfe") == []  # two swaps
    assert labels(catalogue, "mcaoon") == []  # a swap and a letter added
    for typed in ["cjef", "vhef", "chefs", "cheff"]:
        root = stem(fold(typed))
        for found in catalogue.search(typed, limit=50):
            title_words = {form for w in words(found.title.label) for form in (w, stem(w))}
            assert any(one_edit_apart(root, w) for w in title_words), (typed, found.title.label)


def test_three_letter_words_are_not_read_with_a_typo(catalogue):
    # "bar" is a word of titles; "bqr" is one letter from it but too short to be a typo.
    assert labels(catalogue, "bar")
    assert labels(catalogue, "bqr") == []


# --- the ranking ------------------------------------------------------------------------------


def test_serveur_lists_the_restaurant_sheet_first(catalogue):
    """Every title of G1803 (the game's "Serveur / Serveuse en restauration") saying "serveur"
    comes before the bar's (G1801), and nothing about computer servers is near the top."""
    said = [t for t in catalogue.titles_of("G1803") if "serveu" in fold(t.label)]
    assert len(said) == 6
    found = catalogue.search("serveur")
    assert {m.title for m in found[:6]} == set(said)
    assert {m.title.sheet_code for m in found} == {"G1803", "G1801"}
    assert [m.title.sheet_code for m in catalogue.search("serveuse")] == [
        m.title.sheet_code for m in found
    ]


def test_cuisinier_lists_the_game_sheet_before_the_chemical_industry(catalogue):
    found = catalogue.search("cuisinier")
    assert found[0].title.sheet_code == "G1602"
    assert found[0].title.label == "Cuisinier / Cuisinière"
    assert found.index(next(m for m in found if m.title.sheet_code == "H3303")) >= 6


def test_vendeuse_lists_the_game_sheet_first(catalogue):
    # Many sheets have "Vendeur / Vendeuse ..." titles; the game's is named with the word.
    assert catalogue.sheet("D1214").label == "Vendeur / Vendeuse en prêt-à-porter"
    assert {m.title.sheet_code for m in catalogue.search("vendeuse")} == {"D1214"}


def test_an_exact_word_ranks_before_a_beginning_and_a_beginning_before_a_typo(catalogue):
    exact = catalogue.search("cariste")[0]
    beginning = catalogue.search("caris")[0]
    typo = catalogue.search("carsite")[0]
    assert exact.title == beginning.title == typo.title
    assert exact.score > beginning.score > typo.score


def test_every_word_typed_must_match(catalogue):
    found = catalogue.search("cariste quai", limit=50)
    assert [m.title.label for m in found] == ["Cariste agent / agente de quai"]
    assert catalogue.search("cariste boulanger") == []


# --- bad input: a clear French message, or nothing found; never a crash -----------------------


@pytest.mark.parametrize("typed", ["", "a", " ", "é", "!!", "🙂🙂", "a b", "- -", "   x   "])
def test_too_little_to_search_is_refused_in_plain_french(catalogue, typed):
    with pytest.raises(TradeSearchError) as err:
        catalogue.search(typed)
    assert str(err.value) == TOO_SHORT


def test_small_linking_words_alone_find_nothing_but_one_may_begin_a_word(catalogue):
    assert catalogue.search("de la") == []
    assert catalogue.search("du de des le la") == []
    assert labels(catalogue, "la")[0].startswith("La")  # "la" while typing "laveur"


def test_more_than_80_characters_are_refused(catalogue):
    assert labels(catalogue, "agent de sécurité " + "x" * 62) == []  # 80: searched
    for typed in ["cariste " * 11, "a" * 81, "x" * 200]:
        with pytest.raises(TradeSearchError) as err:
            catalogue.search(typed)
        assert str(err.value) == TOO_LONG


def test_what_is_not_text_is_refused(catalogue):
    for typed in [None, 42, b"cariste", ["cariste"]]:
        with pytest.raises(TradeSearchError):
            catalogue.search(typed)  # type: ignore[arg-type]


NOISE = [
    "'; DROP TABLE users; --",
    "<script>alert('cariste')</script>",
    "<img src=x onerror=alert(1)>",
    "%s%s%s%n{0}{{7*7}}",
    "\x00\x01\x02 cari \u202e\u200b",
    "🙂🔥💼👷‍♀️",
    "ＣＡＲＩＳＴＥ",  # full-width letters
    "Ça̷r̷i̷s̷t̷e̷",
    "....----////",
    "١٢٣ عامل",
    "ß" * 20,
]


def _noise(seed: int, size: int) -> str:
    rng = random.Random(seed)
    pool = "abcdefghijklmnopqrstuvwxyzéèçàù ÉÀ'-/%<>;\"\\0123456789🙂💼\u0301\t\n"
    return "".join(rng.choice(pool) for _ in range(size))


@pytest.mark.parametrize(
    "typed",
    NOISE
    + [_noise(seed, 200) for seed in range(10)]
    + [_noise(seed, 60) for seed in range(40)]
    + [text * 10 for text in NOISE],
)
def test_noise_gives_nothing_or_the_refusal_never_a_crash(catalogue, typed):
    try:
        found = catalogue.search(typed)
    except TradeSearchError as err:
        assert str(err) in {TOO_SHORT, TOO_LONG}
        if len(typed) > 80:
            assert str(err) == TOO_LONG
        return
    assert len(typed) <= 80
    for match in found:
        assert catalogue.titles[match.title.code] is match.title


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=120))
def test_any_text_gives_titles_or_the_refusal(typed):
    catalogue = load_rome()  # cached: the same object each time
    try:
        found = catalogue.search(typed)
    except TradeSearchError:
        return
    assert len(found) <= 8
    assert all(catalogue.titles.get(m.title.code) is m.title for m in found)


def test_results_are_deterministic_whatever_the_order_of_the_titles(catalogue):
    named: dict[str, list[str]] = {}
    for sheet in reversed(list(catalogue)):
        named.setdefault(sheet.family_code, []).append(sheet.label)
    reversed_index = TitleIndex(
        reversed(list(catalogue.titles.values())),
        known={catalogue.sheet(t.code).family_code for t in catalogue.trades},
        sheet_labels=named,
    )
    for typed in ["serveur", "cari", "agent", "chef", "aide", "vendeur", "D11", "carsites"]:
        first = catalogue.search(typed, limit=20)
        assert catalogue.search(typed, limit=20) == first
        assert [m.title for m in reversed_index.search(typed, limit=20)] == [
            m.title for m in first
        ], typed


@pytest.mark.parametrize("typed", ["serveur", "cari", "ag", "chef", "D1102", "aide soignante"])
def test_every_result_belongs_to_its_sheet(catalogue, typed):
    for match in catalogue.search(typed, limit=30):
        title = match.title
        assert catalogue.titles[title.code] is title
        assert title in catalogue.titles_of(title.sheet_code)


# --- the word tools -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        ("cariste", "cariste", True),
        ("cariste", "carriste", True),  # added
        ("cariste", "carste", True),  # missing
        ("cariste", "carixte", True),  # changed
        ("cariste", "caritse", True),  # swapped
        ("cariste", "acriste", True),  # swapped at the start
        ("cariste", "caristx", True),  # changed at the end
        ("cariste", "caristes", True),  # added at the end
        ("cariste", "cartise", False),  # a swap, then another letter moved
        ("cariste", "caxistx", False),  # two changed
        ("cariste", "carist", True),
        ("cariste", "caris", False),  # two missing
        ("chef", "hcfe", False),  # two swaps
        ("", "a", True),
        ("", "ab", False),
    ],
)
def test_one_edit_apart(a, b, apart):
    assert one_edit_apart(a, b) is apart
    assert one_edit_apart(b, a) is apart


@pytest.mark.parametrize(
    ("forms", "root"),
    [
        (["serveur", "serveuse", "serveurs", "serveuses"], "serveur"),
        (["macon", "maconne", "macons", "maconnes"], "macon"),
        (["boulanger", "boulangere", "boulangeres"], "boulanger"),
        (["electricien", "electricienne", "electriciennes"], "electricien"),
        (["animateur", "animatrice", "animatrices"], "animateur"),
        (["agent", "agente", "agents"], "agent"),
        (["sportif", "sportive"], "sportif"),
    ],
)
def test_stem_folds_plural_and_feminine_forms_onto_one_root(forms, root):
    assert {stem(form) for form in forms} == {root}


def test_fold_ignores_case_accents_and_ligatures():
    assert fold("ÉLECTRICIENNE Maçon Œuvre Æ ß") == "electricienne macon oeuvre ae ss"
    assert words("Aide-soignant / Aide-soignante à domicile") == [
        "aide",
        "soignant",
        "aide",
        "soignante",
        "domicile",
    ]
