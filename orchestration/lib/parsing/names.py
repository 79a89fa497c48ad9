"""Turning byline text ("Jane Doe and John Roe, NIAMEY") into a validated author string."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that show a "name" is really an outlet, a role or page furniture ("2 Min Read", "Share This
# Article", "Email the author", "Associated Press"): a byline containing any of them yields no author.
_NOT_NAME_TEXT = """
min mins minute minutes read share article articles email e-mail author authors follow subscribe
newsletter news newsroom staff writer writers editor editors editorial team desk correspondent
reporter reporters agency agencies press associated reuters afp ap upi dpa bbc cnn admin
administrator updated published posted times post daily journal tribune herald gazette media
online the this that our your click here photo photos image images video source sources via
contributor contributors guest report reports wire service services bureau network international
monday tuesday wednesday thursday friday saturday sunday january february march april june july
august september october november december
"""
_NOT_NAME_WORDS = frozenset(_NOT_NAME_TEXT.split())
# Lower-case particles that legitimately appear inside personal names.
_PARTICLES_TEXT = "de del della der den di da dos du la le van von al el bin bint ibn y ter zu"
_PARTICLES = frozenset(_PARTICLES_TEXT.split())
_TOKEN = re.compile(r"[^\W\d_][\w'’.-]{0,40}")
_DOMAIN_LIKE = re.compile(r"[a-z0-9]\.[a-z]{2,}")
# Separators after which a byline carries other things (outlet, date, read time).
_SEGMENT_SPLIT = re.compile(r"\s*(?:\||•|·|\s[-–—]\s)\s*")
_NAME_SPLIT = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*")

MAX_NAMES = 4
MAX_TOKENS_PER_NAME = 5


@dataclass(frozen=True)
class Byline:
    """A validated author string plus the facts the caller needs to judge it."""

    author: str
    single_token: bool  # one bare word: could be a mononymous author or an outlet, needs confirmation
    extra_segments: tuple[str, ...]  # text after a separator, e.g. a date


def _valid_name(name: str) -> bool:
    tokens = name.split()
    if not 1 <= len(tokens) <= MAX_TOKENS_PER_NAME or _DOMAIN_LIKE.search(name):
        return False
    substantive = 0
    for token in tokens:
        bare = token.strip(".'’-").lower()
        if token in _PARTICLES:
            continue
        if not _TOKEN.fullmatch(token) or not token[0].isupper() or bare in _NOT_NAME_WORDS:
            return False
        substantive += 1
    return substantive > 0


def _is_place(text: str) -> bool:
    # Wire datelines put the city in capitals after the name: "By Jane Doe, NIAMEY".
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(text.split()) <= 4


def _join(names: list[str]) -> str:
    # One consistent shape for several authors: "A and B", "A, B and C".
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def parse_byline(raw: str) -> Byline | None:
    """Validate the text after "By" and return the author(s), or None if it is not a person's name."""
    segments = [s for s in _SEGMENT_SPLIT.split(raw.strip()) if s]
    if not segments:
        return None
    head = segments[0].rstrip(" .,;:")
    parts = [p.strip() for p in head.split(",")]
    # Keep comma-separated parts only for a list of names ("A, B and C"); drop a trailing place or role.
    if len(parts) > 1 and (" and " not in parts[-1] or _is_place(parts[-1])):
        parts = parts[:1]
    names = [n for n in _NAME_SPLIT.split(", ".join(parts)) if n]
    if not 1 <= len(names) <= MAX_NAMES or not all(_valid_name(n) for n in names):
        return None
    names = [" ".join(n.split()) for n in names]
    single = len(names) == 1 and len(names[0].split()) == 1
    return Byline(author=_join(names), single_token=single, extra_segments=tuple(segments[1:]))
