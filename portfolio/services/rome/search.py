"""Find job titles from the words people type: "serveuse", "macon", "aide soignante", "caristes".

Matching ignores case, accents and punctuation ("aide-soignante" = "aide soignante"), and
reads every word through :func:`stem`, which folds plurals and feminine forms onto one root
("caristes" and "cariste", "serveuse" and "serveur", "maçonne" and "maçon"). A word typed is
matched against the words of each title, best first:

- exactly (its root or as typed): 3 points;
- as the beginning of a word, so suggestions come while typing ("cari" -> "Cariste"): 2 points;
- with one typo (a letter missing, added, changed, or two swapped) when it has 4 letters or
  more: 1 point. Candidates come from a table of every word with one letter deleted (the
  "symmetric delete" idea), so a typo costs a few dictionary lookups, not a pass over the list.

Every word typed must match (small words like "de", "la" aside; one of them typed alone is
read as the beginning of a word). A code ("D1102") matches its sheet's titles exactly or by its
beginning, never with a typo. Titles rank by points, then those whose sheet is named with the
words typed (for "serveur", the sheet "Serveur / Serveuse en restauration" before the bar's),
then those that begin with the first word typed, then titles of the game's 50 trades (the
trades young people ask about most), then shorter titles.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portfolio.services.rome.catalogue import JobTitle

MIN_QUERY = 2
MAX_QUERY = 80
MAX_WORDS = 6
TYPO_FROM = 4  # a word of 4 letters or more may carry one typo
EXACT, PREFIX, TYPO = 3, 2, 1
STOPWORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "d",
        "de",
        "des",
        "du",
        "en",
        "et",
        "l",
        "la",
        "le",
        "les",
        "ou",
        "par",
        "pour",
        "sur",
        "un",
        "une",
        "dans",
        "avec",
    ]
)
_SPLIT = re.compile(r"[^a-z0-9]+")
_FEMININE = (
    ("euse", "eur"),
    ("trice", "teur"),
    ("ienne", "ien"),
    ("enne", "en"),
    ("onne", "on"),
    ("ette", "et"),
    ("iere", "ier"),
    ("ere", "er"),
    ("ive", "if"),
    ("ee", "e"),
)


class TradeSearchError(ValueError):
    """The words typed cannot be searched (too short, too long); the message is for people."""


@dataclass(frozen=True, slots=True)
class Match:
    """A job title found, with its points (higher is closer to what was typed)."""

    title: JobTitle
    score: int


class _FoldedChars(dict[int, str]):
    """Character -> its folded form, for ``str.translate``: each character is worked out once.

    Folding a character alone gives what folding the whole text gives (accents are dropped,
    so the order NFKD gives them does not matter). At most ``_FOLD_CACHE`` characters are kept,
    so that text full of rare characters cannot make it grow without end.
    """

    def __missing__(self, code: int) -> str:
        text = chr(code).casefold().replace("œ", "oe").replace("æ", "ae")
        decomposed = unicodedata.normalize("NFKD", text)
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        if len(self) < _FOLD_CACHE:
            self[code] = folded
        return folded


_FOLD_CACHE = 4096
_FOLDED = _FoldedChars()


def fold(text: str) -> str:
    """Lower case, without accents; œ, æ and ß spelt out (the same for every loaded title)."""
    return text.lower() if text.isascii() else text.translate(_FOLDED)


def words(text: str) -> list[str]:
    """The folded words of ``text``, small linking words left out."""
    return [w for w in _SPLIT.split(fold(text)) if w and w not in STOPWORDS]


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """One root for the singular, plural, masculine and feminine forms of a word."""
    if len(word) > 3 and word[-1] in "sx" and not word.endswith("ss"):
        word = word[:-1]
    for ending, replacement in _FEMININE:
        if len(word) > len(ending) + 1 and word.endswith(ending):
            word = word[: -len(ending)] + replacement
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def one_edit_apart(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one letter added, removed, changed or swapped."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    start = 0
    while start < min(la, lb) and a[start] == b[start]:
        start += 1
    if la == lb:
        rest_a, rest_b = a[start + 1 :], b[start + 1 :]
        if rest_a == rest_b:
            return True  # one letter changed
        return (
            a[start + 2 :] == b[start + 2 :] and a[start : start + 2] == b[start : start + 2][::-1]
        )
    if la > lb:
        return a[start + 1 :] == b[start:]
    return b[start + 1 :] == a[start:]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class TitleIndex:
    """Words of every job title -> the titles holding them, for :meth:`search`."""

    def __init__(
        self,
        titles: Iterable[JobTitle],
        *,
        known: Iterable[str] = (),
        sheet_labels: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        """``known``: the game's sheets; ``sheet_labels``: the labels naming each sheet."""
        self.titles: list[JobTitle] = list(titles)
        known_sheets = frozenset(known)
        self._sheet_words: dict[str, frozenset[str]] = {
            code: frozenset(form for label in labels for w in words(label) for form in (w, stem(w)))
            for code, labels in (sheet_labels or {}).items()
        }
        postings: dict[str, set[int]] = {}
        self._first: list[str] = []
        for number, title in enumerate(self.titles):
            title_words = words(title.label)
            forms = {form for w in title_words for form in (w, stem(w))}
            forms.add(title.sheet_code.lower())
            for form in forms:
                postings.setdefault(form, set()).add(number)
            self._first.append(title_words[0] if title_words else "")
        self._postings = {word: frozenset(found) for word, found in postings.items()}
        self._vocabulary = sorted(self._postings)
        self._deleted: dict[str, list[str]] = {}
        for word in self._vocabulary:
            if len(word) >= TYPO_FROM - 1:
                for shorter in _deletions(word) | {word}:
                    self._deleted.setdefault(shorter, []).append(word)
        self._rank_key = [
            (title.sheet_code not in known_sheets, len(title.label), fold(title.label))
            for title in self.titles
        ]

    def _candidates(self, typed: str) -> dict[str, int]:
        """Words of the titles matching one typed word, with their points."""
        root = stem(typed)
        found: dict[str, int] = {}
        if len(root) >= TYPO_FROM and not any(ch.isdigit() for ch in root):
            for shorter in _deletions(root) | {root}:
                for word in self._deleted.get(shorter, ()):
                    if one_edit_apart(root, word):
                        found[word] = TYPO
        start = bisect_left(self._vocabulary, typed)
        for word in self._vocabulary[start:]:
            if not word.startswith(typed):
                break
            found[word] = PREFIX
        for word in (typed, root):
            if word in self._postings:
                found[word] = EXACT
        return found

    def _scores(self, candidates: list[dict[str, int]]) -> dict[int, int]:
        scores: dict[int, int] | None = None
        for found in candidates:
            best: dict[int, int] = {}
            for word, points in found.items():
                for number in self._postings[word]:
                    if best.get(number, 0) < points:
                        best[number] = points
            if scores is None:
                scores = best
            else:
                scores = {n: s + best[n] for n, s in scores.items() if n in best}
            if not scores:
                return {}
        return scores or {}

    def search(self, text: str, *, limit: int = 8) -> list[Match]:
        """The best ``limit`` titles for ``text``; :class:`TradeSearchError` when it is unusable."""
        from portfolio.services.i18n import gettext as _

        if not isinstance(text, str) or len(fold(text).strip()) < MIN_QUERY:
            raise TradeSearchError(_("Tapez au moins 2 lettres du métier."))
        if len(text) > MAX_QUERY:
            raise TradeSearchError(
                _("Tapez moins de mots : %(n)d caractères au plus.", n=MAX_QUERY)
            )
        # Usable when some word has two letters or digits (what the API document says);
        # one-letter words are then left out, and small linking words alone find nothing.
        if not any(len(piece) >= MIN_QUERY for piece in _SPLIT.split(fold(text))):
            raise TradeSearchError(_("Tapez au moins 2 lettres du métier."))
        typed_words = [word for word in _typed_words(text) if len(word) >= MIN_QUERY]
        if not typed_words:
            return []  # small linking words only ("de la", "c de"): nothing to look for
        candidates = [self._candidates(typed) for typed in typed_words]
        scores = self._scores(candidates)
        typed, root = typed_words[0], stem(typed_words[0])

        def opens_with_typed(n: int) -> bool:
            first = self._first[n]
            return first.startswith(typed) or stem(first) == root

        named = self._sheets_named(candidates)
        ranked = sorted(
            scores,
            key=lambda n: (
                -scores[n],
                -named.get(self.titles[n].sheet_code, 0),
                not opens_with_typed(n),
                *self._rank_key[n],
            ),
        )
        return [Match(self.titles[n], scores[n]) for n in ranked[:limit]]

    def _sheets_named(self, candidates: list[dict[str, int]]) -> dict[str, int]:
        """Sheet code -> how many of the words typed its label holds (exactly or as a start)."""
        named: dict[str, int] = {}
        for found in candidates:
            close = {word for word, points in found.items() if points >= PREFIX}
            for code, label_words in self._sheet_words.items():
                if not close.isdisjoint(label_words):
                    named[code] = named.get(code, 0) + 1
        return named


def _typed_words(text: str) -> list[str]:
    """The words to look for: small linking words left out, unless one is typed alone."""
    found = words(text)
    if not found:
        raw = [w for w in _SPLIT.split(fold(text)) if w]
        found = raw if len(raw) == 1 else []
    return found[:MAX_WORDS]
