"""Turning byline text ("Jane Doe and John Roe, NIAMEY") into a validated author string."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import find_date_core

# Words that show a "name" is really an outlet, a role or page furniture ("2 Min Read", "Share This
# Article", "Email the author", "Associated Press"): a byline containing any of them yields no author.
_NOT_NAME_TEXT = """
min mins minute minutes read share article articles email e-mail author authors follow subscribe
newsletter news newsroom staff writer writers editor editors editorial team desk correspondent
correspondents reporter reporters agency agencies press associated reuters afp ap upi dpa bbc cnn admin
administrator updated published posted times post daily journal tribune herald gazette media
online the this that our your click here photo photos image images video source sources via
contributor contributors guest report reports wire wires service services bureau network international
monday tuesday wednesday thursday friday saturday sunday january february march april june july
august september october november december
bloomberg xinhua tass ria novosti interfax sputnik kyodo yonhap bernama anadolu efe ansa pti ani ians
npr axios politico cnbc msnbc nbc abc cbs fox pbs sky jazeera aljazeera euronews africanews rfi dw welle
guardian telegraph independent express mirror observer chronicle examiner courier standard globe mail
inquirer register bulletin review monitor insider today weekly magazine radio television tv channel
broadcasting corporation company group inc llc ltd plc agence presse monde figaro afrique newsweek forbes
"""
_NOT_NAME_WORDS = frozenset(_NOT_NAME_TEXT.split())
# A byline that is only "Staff" boilerplate ("By Staff", "By Staff Writer"): no person, but when nothing
# else names an author it is what the file states, so it is kept as written.
_STAFF_WORDS = frozenset("staff writer writers reporter reporters correspondent".split())
# Lower-case particles that legitimately appear inside personal names.
_PARTICLES_TEXT = "de del della der den di da dos du la le van von al el bin bint ibn y ter zu"
_PARTICLES = frozenset(_PARTICLES_TEXT.split())
_TOKEN = re.compile(r"[^\W\d_][\w'’.-]{0,40}")
_DOMAIN_LIKE = re.compile(r"[a-z0-9]\.[a-z]{2,}")
# Separators after which a byline carries other things (outlet, date, read time).
_SEGMENT_SPLIT = re.compile(r"\s*(?:\||•|·|\s[-–—]\s)\s*")
# "A, B & C", "A and B", "A / B": several people in one byline.
_NAME_SPLIT = re.compile(r"\s*[,;]\s*|\s+(?i:and|with)\s+|\s*&\s*|\s+/\s+")
# "Jane Doe in Niamey", "Jane Doe for the BBC": what follows the preposition is a place or an outlet.
_AFFILIATION = re.compile(r"\s+(?i:in|for|at|from)\s+(?=\S)")
# What may sit between the names and a date in "Jane Doe, Friday, May 12, 2023" / "Jane Doe on May 12, 2023".
_DATE_LEAD = re.compile(
    r"(?i:[\s,|]+(?:on|published|posted|updated)?[\s,]*(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)"
    r"(?:day|nesday|sday|urday|rsday)?\.?,?\s*)?)$"
)

MAX_NAMES = 4
MAX_TOKENS_PER_NAME = 5


@dataclass(frozen=True)
class Byline:
    """A validated author string plus the facts the caller needs to judge it."""

    author: str
    single_token: bool  # one bare word: could be a mononymous author or an outlet, needs confirmation
    extra_segments: tuple[str, ...]  # text after a separator, e.g. a date
    staff: bool = False  # "Staff", "Staff Writer": kept only when the file names no person


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
        if "-" in bare and any(piece in _NOT_NAME_WORDS for piece in bare.split("-")):
            return False  # "Agence France-Presse"
        substantive += 1
    return substantive > 0


def _is_outlet_like(name: str) -> bool:
    """A capitalised non-person part of a byline ("Agencies", "AFP"): dropped when real names come with it."""
    tokens = name.split()
    return bool(tokens) and all(t[:1].isupper() for t in tokens) and not _valid_name(name)


def _is_staff(text: str) -> bool:
    words = text.lower().replace(",", " ").split()
    return bool(words) and "staff" in words and all(w in _STAFF_WORDS for w in words)


def _is_place(text: str) -> bool:
    # Wire datelines put the city in capitals after the name: "By Jane Doe, NIAMEY".
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(text.split()) <= 4


_JOINER = " and "


def join_names(names: list[str]) -> str:
    """The single convention for several authors: every name joined by " and " ("A and B and C")."""
    return _JOINER.join(names)


def split_names(author: str | None) -> list[str] | None:
    """The names in a display string joined by join_names, in order; None for no author.

    A validated name never holds " and " (parse_byline splits there), so the split is exact.
    """
    if not author:
        return None
    return [name for name in author.split(_JOINER) if name]


def _split_date(head: str) -> tuple[str, str | None]:
    """Cut a trailing date off the names: ("Jane Doe", "May 12, 2023") from "Jane Doe on May 12, 2023"."""
    match = find_date_core(head)
    if match is None:
        return head, None
    lead = _DATE_LEAD.search(head[: match.start()])
    cut = lead.start() if lead else match.start()
    date_text = head[cut:].strip(" ,|")
    for word in ("on ", "published ", "posted ", "updated "):
        if date_text.lower().startswith(word):
            date_text = date_text[len(word) :]
    return head[:cut], date_text


def _name_parts(head: str, comma_list: bool) -> list[str]:
    parts = [p.strip() for p in head.split(",") if p.strip()]
    if len(parts) <= 1:
        return parts
    if comma_list and all(len(p.split()) > 1 and _valid_name(p) for p in parts[:-1]):
        # An "Author:" field lists people: "Jane Doe, John Roe" is two authors (a trailing role still goes).
        names = [p for p in parts if _valid_name(p) or re.search(r"\s(?i:and|&)\s", f" {p} ")]
        if names == parts or names == parts[:-1]:
            return names
    # Keep comma-separated parts only as a list of names ("A, B and C"), up to its last "and" part;
    # whatever follows (a place, a role, an outlet: "A and B, NIAMEY") is dropped.
    last_and = max((i for i, p in enumerate(parts) if re.search(r"\s(?i:and|&)\s", f" {p} ")), default=-1)
    if last_and > 0:
        listed = parts[: last_and + 1]
        if all(_valid_name(n) for p in listed for n in _NAME_SPLIT.split(p) if n):
            return listed
    return parts[:1]


def parse_byline(raw: str, *, comma_list: bool = False) -> Byline | None:
    """Validate the text after "By" and return the author(s), or None if it is not a person's name.

    ``comma_list`` reads "A, B" as two people (right for an "Author:" field; a byline's "A, B" is a name and a place).
    """
    segments = [s for s in _SEGMENT_SPLIT.split(raw.strip()) if s]
    if not segments:
        return None
    head, date_text = _split_date(segments[0])
    extra = tuple(([date_text] if date_text else []) + segments[1:])
    head = head.strip().rstrip(" .,;:")
    if _is_staff(head):
        return Byline(author=" ".join(head.split()), single_token=False, extra_segments=extra, staff=True)
    names: list[str] = []
    for part in _name_parts(head, comma_list):
        names.extend(n for n in _NAME_SPLIT.split(_AFFILIATION.split(part)[0]) if n)
    names = [" ".join(n.split()) for n in names]
    valid = [n for n in names if _valid_name(n)]
    # "Jane Doe and Agencies", "Jane Doe with AFP": the outlet part goes, the person stays.
    if not valid or any(not _valid_name(n) and not _is_outlet_like(n) for n in names):
        return None
    if len(valid) > MAX_NAMES:
        return None
    single = len(valid) == 1 and len(valid[0].split()) == 1
    return Byline(author=join_names(valid), single_token=single, extra_segments=extra)
