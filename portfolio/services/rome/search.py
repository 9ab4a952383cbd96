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

Every word typed must match (small words like "de", "la" aside). Titles rank by points, then
those that begin with the first word typed, then titles of the game's 50 trades (the trades
young people ask about most), then shorter titles.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
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


def fold(text: str) -> str:
    """Lower case, without accents; œ and æ spelt out; apostrophes and dashes become spaces."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The folded words of ``text``, small linking words left out."""
    return [w for w in _SPLIT.split(fold(text)) if w and w not in STOPWORDS]


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

    def __init__(self, titles: Iterable[JobTitle], *, known: Iterable[str] = ()) -> None:
        self.titles: list[JobTitle] = list(titles)
        known_sheets = frozenset(known)
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
        if len(root) >= TYPO_FROM:
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

    def _scores(self, typed_words: list[str]) -> dict[int, int]:
        scores: dict[int, int] | None = None
        for typed in typed_words:
            best: dict[int, int] = {}
            for word, points in self._candidates(typed).items():
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
        typed_words = words(text)[:MAX_WORDS] or _SPLIT.split(fold(text).strip())[:1]
        scores = self._scores(typed_words)
        typed, root = typed_words[0], stem(typed_words[0])

        def opens_with_typed(n: int) -> bool:
            first = self._first[n]
            return first.startswith(typed) or stem(first) == root

        ranked = sorted(
            scores, key=lambda n: (-scores[n], not opens_with_typed(n), *self._rank_key[n])
        )
        return [Match(self.titles[n], scores[n]) for n in ranked[:limit]]
