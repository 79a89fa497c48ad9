"""Acronyms and their expansions: "Economic Community of West African States (ECOWAS)"."""

from __future__ import annotations

import re
from collections.abc import Sequence


def looks_like_acronym(text: str) -> bool:
    """ "ECOWAS", "U.S.", "G20": a capital first, then capitals, digits, "&", "." or "-", at most one lowercase."""
    if not 2 <= len(text) <= 12 or not text[0].isupper():
        return False
    if not all(c.isalnum() or c in "&.-" for c in text):
        return False
    upper_or_digit = sum(c.isupper() or c.isdigit() for c in text)
    return upper_or_digit >= 2 and sum(c.islower() for c in text) <= 1


def is_abbreviation(short: str, long: str) -> bool:
    """Whether short's letters appear in order in long, the first at the start of a word (Schwartz & Hearst, 2003).

    "ECOWAS" / "Economic Community of West African States" is one; "WHO" / "World Health Organisation" too;
    "IMF" / "World Bank" is not. The long form must have more than one word and not merely repeat the short one.
    """
    letters = [c.lower() for c in short if c.isalnum()]
    words = long.split()
    if len(letters) < 2 or len(words) < 2 or len(words) > 2 * len(letters) + 2:
        return False
    text = long.lower()
    position = len(text) - 1
    for index in range(len(letters) - 1, -1, -1):
        letter = letters[index]
        while position >= 0 and (
            text[position] != letter or (index == 0 and position > 0 and text[position - 1].isalnum())
        ):
            position -= 1
        if position < 0:
            return False
        position -= 1
    return True


# Words an acronym may skip: "Organisation of Islamic Cooperation" -> OIC, "Médecins Sans Frontières" -> MSF.
_SKIPPABLE = frozenset({"of", "the", "and", "for", "on", "in", "at", "to", "de", "du", "des", "la", "le", "&"})
_DEFINITION = re.compile(r"\s*\(\s*([^()\n]{2,150}?)\s*\)")


def initials_match(short: str, long: str) -> bool:
    """Whether short is exactly the initials of long's words, small words optional: "UN" / "United Nations".

    Stricter than is_abbreviation, for an acronym and a name that merely occur in the same article.
    """
    letters = "".join(c for c in short if c.isalnum()).lower()
    words = [w for w in re.split(r"[\s\-]+", long) if w]
    if len(letters) < 2 or len(words) < 2:
        return False

    def match(i: int, j: int) -> bool:
        if j == len(words):
            return i == len(letters)
        word = words[j]
        if word.lower() in _SKIPPABLE and match(i, j + 1):
            return True
        return i < len(letters) and word[0].lower() == letters[i] and match(i + 1, j + 1)

    return match(0, 0)


def acronym_definitions(text: str, mentions: Sequence[tuple[int, int, str]]) -> dict[str, str]:
    """Acronyms an article defines in parentheses next to a name: {acronym: name}.

    mentions are (char_start, char_end, name) in text; both "Economic Community of West African States (ECOWAS)"
    and "ECOWAS (Economic Community of West African States)" define ECOWAS. An acronym defined two ways is dropped.
    """
    found: dict[str, set[str]] = {}
    for _, end, name in mentions:
        definition = _DEFINITION.match(text, end)
        if definition is None:
            continue
        inside = " ".join(definition.group(1).split())
        inside = re.sub(r"^the\s+", "", inside, flags=re.IGNORECASE)
        if looks_like_acronym(inside) and is_abbreviation(inside, name):
            found.setdefault(inside, set()).add(name)
        elif looks_like_acronym(name) and is_abbreviation(name, inside):
            found.setdefault(name, set()).add(inside)
    return {short: longs.pop() for short, longs in found.items() if len(longs) == 1}
