"""Words, shingles and content terms of an article body: the text side of copy and story detection.

Everything here is a pure function of the text, so an article's features never depend on what else is stored.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from spacy.lang.en.stop_words import STOP_WORDS

# Word shingles of this many words: long enough that two different articles share almost none, short enough that a
# light edit (a changed word, a new footer) only breaks the few shingles around it.
SHINGLE_SIZE = 5

_WORD = re.compile(r"[^\W_]+")
# Typographic variants that differ between outlets' copies of one text.
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})

# Words that say nothing about which event an article reports: English stop words, reporting verbs, calendar words.
_NEWS_STOP_WORDS = {
    "said", "says", "say", "told", "tell", "according", "reported", "report", "reports", "reporting", "added",
    "also", "would", "could", "might", "must", "will", "may", "one", "two", "three", "four", "five", "six", "seven",
    "eight", "nine", "ten", "first", "second", "third", "last", "next", "new", "year", "years", "month", "months",
    "week", "weeks", "day", "days", "today", "yesterday", "tomorrow", "time", "times", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "june",
    "july", "august", "september", "october", "november", "december", "people", "percent", "including", "however",
    "since", "early", "late", "earlier", "later", "many", "much", "like", "just", "get", "got", "make", "made",
    "take", "took", "news", "article", "story", "source", "sources", "photo", "image", "copyright", "reuters",
}  # fmt: skip
STOP = frozenset(w.lower() for w in STOP_WORDS) | _NEWS_STOP_WORDS
# Words of the lead (the first sentences) say most about the event; they count this much more.
LEAD_WORDS = 60
LEAD_WEIGHT = 2.0
TITLE_WEIGHT = 2.0


def normalise(text: str) -> str:
    """Case-folded NFKC text with typographic quotes and dashes unified."""
    return unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()


def words(text: str) -> list[str]:
    """The words of a text (letters and digits), normalised; punctuation, spacing and line breaks do not count."""
    return _WORD.findall(normalise(text))


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[str]:
    """Distinct runs of `size` consecutive words; a text shorter than that is one shingle."""
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def stem(word: str) -> str:
    """A deliberately light plural fold (trainers -> trainer, countries -> country); nothing else."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def is_content_word(word: str) -> bool:
    """Words that can tell one event from another: not stop words, not single letters, not bare numbers."""
    return len(word) >= 3 and word not in STOP and not word.isdigit()


def content_terms(body: str, title: str | None = None) -> Counter[str]:
    """Weighted counts of the content words of an article: lead and title words count more."""
    counts: Counter[str] = Counter()
    for position, word in enumerate(words(body)):
        if is_content_word(word):
            counts[stem(word)] += LEAD_WEIGHT if position < LEAD_WORDS else 1.0
    for word in words(title or ""):
        if is_content_word(word):
            counts[stem(word)] += TITLE_WEIGHT
    return counts


def term_key(term: str) -> int:
    """A stable signed 64-bit key for a term (what the index stores instead of the string)."""
    return int.from_bytes(hashlib.blake2b(term.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def term_keys(terms: Iterable[str]) -> dict[str, int]:
    return {term: term_key(term) for term in terms}
