"""Names folded into alias keys, and the name comparisons the resolver's rules are made of.

`fold` is the only normalisation of a name: case, diacritics and the punctuation inside names (hyphens, apostrophes,
dots) never make a different entity. Its result is stored (landing.entity_names.alias_key), so SQL never re-folds.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

# Hyphens and dashes of every kind, apostrophes and quotes used as apostrophes, dots: all separate words.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212'\u2018\u2019\u02bc\u02bb`\u00b4.]+")
# Letters NFKD does not decompose into a base letter plus a mark.
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"})
_VOWELS = frozenset("aeiouy")

# Transliteration variants ("qaida" / "qaeda", "hezbollah" / "hizbollah"): same consonants, similar spelling.
TRANSLITERATION_MIN_TOKEN = 4
TRANSLITERATION_MIN_RATIO = 80.0
# Spelling variants of a surname ("Tchiani" / "Tiani"): Jaro-Winkler similarity at least this, on surnames this long.
SURNAME_MIN_SIMILARITY = 0.88
SURNAME_MIN_LENGTH = 4

# Words before a name that are not part of it (the NER stage usually drops them; comparisons ignore them anyway).
_TITLES = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady president general gen colonel col lieutenant lt captain capt major "
    "sergeant sgt admiral commander king queen prince princess sheikh imam pope senator sen rep governor gov "
    "minister premier chancellor ambassador judge justice rev reverend father brother sister".split()
)


def fold(name: str) -> str:
    """The alias key of a name: no diacritics, lower case, hyphens/apostrophes/dots as spaces, single spaces.

    "Touadéra" -> "touadera", "al-Qaida" -> "al qaida", "Kim Jong-un" -> "kim jong un".
    """
    if name.isascii():
        stripped = name.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", name.casefold())
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_LETTERS)
    key = " ".join(_SEPARATORS.sub(" ", stripped).split())
    return key or " ".join(name.casefold().split())


def entity_id_for(entity_type: str, alias_key: str) -> str:
    """Id of an entity founded by this alias: 16 hex digits of md5("TYPE:key"), assigned once and never changed."""
    return hashlib.md5(f"{entity_type}:{alias_key}".encode()).hexdigest()[:16]


def consonant_skeleton(token: str) -> str:
    """First letter, then the consonants without repeats: "qaeda" and "qaida" -> "qd", "hezbollah" -> "hzblh"."""
    if not token:
        return token
    out = [token[0]]
    for ch in token[1:]:
        if ch in _VOWELS:
            continue
        if ch != out[-1]:
            out.append(ch)
    return "".join(out)


def skeleton_key(alias_key: str) -> str:
    """The consonant skeleton of every word: the index under which transliteration variants meet."""
    return " ".join(consonant_skeleton(token) for token in alias_key.split())


def transliteration_variant(a: str, b: str) -> float | None:
    """Similarity (0-100) when two different keys are spellings of one name: as many words, each equal or with the
    same consonant skeleton and at least TRANSLITERATION_MIN_TOKEN letters, and similar overall; else None."""
    if a == b:
        return None
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb):
        return None
    for x, y in zip(ta, tb, strict=True):
        if x == y:
            continue
        if consonant_skeleton(x) != consonant_skeleton(y) or min(len(x), len(y)) < TRANSLITERATION_MIN_TOKEN:
            return None
    ratio = fuzz.ratio(a, b)
    return ratio if ratio >= TRANSLITERATION_MIN_RATIO else None


# British and American spellings of the words organisations are named with.
_SPELLINGS = {
    "defence": "defense",
    "organisation": "organization",
    "labour": "labor",
    "centre": "center",
    "programme": "program",
    "armour": "armor",
    "harbour": "harbor",
    "offence": "offense",
}
# Bodies named either "HEAD of X" or "X HEAD" ("Ministry of Defence" / "Defence Ministry").
_ORGANISATION_HEADS = frozenset(
    "ministry department office agency bureau council commission directorate secretariat service".split()
)
_ORGANISATION_LINKS = frozenset({"of", "for"})
_ORGANISATION_DROPPED = frozenset({"the", "and", "affairs"})


def organisation_form(alias_key: str) -> str | None:
    """The order-free form of a government-style body's name, or None for other names: American spellings, "HEAD
    of X" as "X HEAD", without "the", "and" and "affairs".

    "ministry of defence", "defense ministry" and "ministry of defense" -> "defense ministry"; "ministry of foreign
    affairs" and "foreign ministry" -> "foreign ministry"; "bank of england" -> None (not a body of that kind)."""
    tokens = [_SPELLINGS.get(token, token) for token in alias_key.split()]
    if len(tokens) >= 3 and tokens[0] in _ORGANISATION_HEADS and tokens[1] in _ORGANISATION_LINKS:
        head, rest = tokens[0], tokens[2:]
    elif len(tokens) >= 2 and tokens[-1] in _ORGANISATION_HEADS:
        head, rest = tokens[-1], tokens[:-1]
    else:
        return None
    rest = [token for token in rest if token not in _ORGANISATION_DROPPED]
    if not rest or any(token in _ORGANISATION_HEADS or token in _ORGANISATION_LINKS for token in rest):
        return None  # "Office of the Ministry of ...": nested bodies are left alone
    return " ".join([*rest, head])


def person_tokens(alias_key: str) -> list[str]:
    """The words of a person's name without leading titles ("general abdourahamane tiani" -> 2 words)."""
    tokens = alias_key.split()
    while len(tokens) > 1 and tokens[0] in _TITLES:
        tokens = tokens[1:]
    return tokens


def surname_variant(a: str, b: str) -> tuple[str, str, float] | None:
    """(given name, surname pair, similarity) when two person keys share the given name and every middle part
    exactly and differ only by a near-identical surname ("abdourahamane tchiani" / "abdourahamane tiani").

    Never for different middle parts or initials ("george w bush" / "george h w bush"), short final parts
    ("kim jong un" / "kim jong il"), or a shared given name with a different surname ("mohamed bazoum" /
    "mohamed toumba")."""
    ta, tb = person_tokens(a), person_tokens(b)
    if len(ta) < 2 or len(ta) != len(tb) or ta[:-1] != tb[:-1]:
        return None
    sa, sb = ta[-1], tb[-1]
    if sa == sb:  # the same name but for a title ("general abdourahamane tiani")
        return (ta[0], f"{sa}={sb}", 1.0) if a != b else None
    if min(len(sa), len(sb)) < SURNAME_MIN_LENGTH:
        return None
    similarity = JaroWinkler.similarity(sa, sb)
    if similarity < SURNAME_MIN_SIMILARITY:
        return None
    return ta[0], f"{sa}~{sb}", similarity
