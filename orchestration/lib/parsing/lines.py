"""Classifying single lines of an article: metadata, boilerplate, byline, date or plain text."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from .dates import find_time, is_date_only
from .domains import registrable_domain
from .names import Byline, parse_byline

# Lines longer than this are always body text: metadata lines are short, and skipping long lines keeps
# every regex below cheap even on a multi-megabyte single-line input.
MAX_META_LINE = 1000
_MAX_COMPOUND = 200
_OUTLET_BYLINE_MAX_WORDS = 6
_OUTLET_JOINERS = frozenset({"of", "the", "and", "for", "de", "du", "la", "le", "&"})
_CLOSERS = "\"'”’»)] "
_DATE_KEYS = ("date", "updated")


class Kind(enum.Enum):
    BLANK = "blank"
    TEXT = "text"
    BOILER = "boiler"  # page furniture, removed
    PROMO = "promo"  # self-promotion ("Follow us … of example.com"), removed, may name the outlet's domain
    READ_TIME = "read_time"
    KEY_VALUE = "key_value"  # "Title: …", "Source link : …"
    DATED = "dated"  # "Posted on DATE by NAME", "Updated DATE, TIME TZ"
    BYLINE = "byline"
    DATE_ONLY = "date_only"  # a dateline such as "Friday, January 4, 2019"
    SYNDICATION = "syndication"  # "This article originally appeared on example.com"
    # Assigned later from context, not by classify_line:
    TITLE = "title"
    NAME = "name"  # bare author name next to its byline
    BIO = "bio"  # author box after a trailing byline


# Header keys (lower case, single spaces) mapped to the field they state.
KEYS = {
    **dict.fromkeys(["title", "headline", "article title"], "title"),
    **dict.fromkeys(
        [
            "url",
            "link",
            "source link",
            "source url",
            "original",
            "original url",
            "original link",
            "canonical",
            "canonical url",
            "permalink",
        ],
        "url",
    ),
    **dict.fromkeys(
        [
            "date",
            "published",
            "publish date",
            "published date",
            "published on",
            "publication date",
            "date published",
            "posted",
            "posted on",
            "pubdate",
            "published at",
            "date posted",
            "first published",
            "dateline",
        ],
        "date",
    ),
    **dict.fromkeys(
        [
            "updated",
            "last updated",
            "updated on",
            "updated at",
            "last update",
            "modified",
            "last modified",
            "date modified",
            "date updated",
        ],
        "updated",
    ),
    **dict.fromkeys(["author", "authors", "by", "byline", "written by", "posted by", "writer", "reporter"], "author"),
    **dict.fromkeys(["source", "publisher", "outlet", "publication"], "source"),
    # Page furniture in key-value form: removed from the body, states nothing the warehouse keeps.
    **dict.fromkeys(["tags", "tagged", "filed under", "categories", "category", "topics", "keywords"], "furniture"),
}

_KEY_VALUE = re.compile(r"(?P<key>[A-Za-z][A-Za-z ]{0,24}?)\s*:\s*(?P<value>.*)")
_BOILER = re.compile(
    r"(?i:share this(?: article| story| post| page)?:?|share (?:via|on) \w+(?:,? (?:and )?\w+){0,4}:?"
    r"|exit mobile version"
    r"|copyright for syndicated content belongs to the linked source\.?|email the author\.?"
    r"|advertisement|sponsored|skip to (?:main )?content|print this (?:page|article)|all rights reserved\.?"
    r"|about the authors?:?|(?:share|tweet|print|email|comments?|facebook|twitter|whatsapp|linkedin|telegram"
    r"|pinterest|reddit|copy link)"
    # Wikinews review banner: it sits between the headline and the dateline of unreviewed pages.
    r"|this article requires pre-publication review\b.{0,300}|-?\s*article last amended:.{0,300})"
)
# Injected links to other stories; the rest must read as a headline (no final full stop), so a body
# sentence that happens to start with "See also" survives. "Related" needs a colon or dash (or nothing
# after it), since "Related to the case …" opens ordinary sentences.
_RELATED = re.compile(
    r"(?i:see also|also read|read also|read more"
    r"|related(?: stories| articles| posts| news)?(?=\s*[:\-–—]|$))\b[\s:\-–—]*(?P<rest>.{0,250})"
)
_PROMO = re.compile(
    r"(?i:follow us\b|join (?:our|us)\b|subscribe (?:to|for)\b|sign up (?:for|to)\b|like us on\b"
    r"|download (?:our|the) app\b|©|\(c\)\s|copyright\s*(?:©|\(c\))?\s*\d{4}).{0,250}"
)
_READ_TIME = re.compile(r"(?i:\d{1,3}\s*(?:min|mins|minute|minutes)\.?\s+read)")
_DATED = re.compile(
    r"(?i:(?P<kw>posted|published|updated|last updated|last modified|first published|modified)"
    r"(?:\s+on|\s+at)?)\s*:?\s+(?P<rest>.{1,200})"
)
# "Posted by Jane Doe on May 12, 2023": the name comes first.
_BY_FIRST = re.compile(r"(?i:by)\s+(?P<name>.+?)\s*(?:\s(?i:on)\s|[,|•·]|\s[-–—]\s)\s*(?P<date>.+)")
# "Published 3 hours ago", "Updated: yesterday": a stated but relative time, never turned into a timestamp.
_RELATIVE = re.compile(
    r"(?i:(?:\d{1,3}|an?|one|two|few)\s+(?:sec|secs|second|seconds|min|mins|minute|minutes|hr|hrs|hour|hours"
    r"|day|days|week|weeks|month|months)\s+ago|just now|(?:(?:late|early)\s+)?(?:yesterday|today))"
)
# "… originally belongs to Nbcnews.com", "This story was originally published on example.com.",
# "This article is republished from The Conversation", "First published by example.com".
ORIGINALLY = re.compile(
    r"(?i:(?:originally (?:belongs to|appeared|published|ran|posted)|first (?:appeared|published|ran)"
    r"|(?:republished|reprinted|reproduced)(?: with permission)?)"
    r"(?: (?:by|on|in|at|from|with permission (?:from|of)))?)\s+(?P<outlet>\S.{0,200})"
)
_SYNDICATION = re.compile(
    r"(?i:(?:this (?:article|story|post|content|piece|report) )?(?:(?:was|is|has been) )?)" + ORIGINALLY.pattern
)
_BY_SPLIT = re.compile(r"\s+by\s+", re.IGNORECASE)
_BYLINE = re.compile(
    r"(?:(?:Written|Words|Story|Reported|Text|Report|Posted|Published|WRITTEN|STORY|REPORTED)\s+)?"
    r"(?:By|BY|by)\s*[:\-–—]?\s+(?P<rest>.{1,200})"
)
# A "By …" line that is really a sentence: long and ending in a full stop.
_BYLINE_SENTENCE_WORDS = 4
_CONNECTORS = frozenset("and with de del della der den di da dos du la le van von al el bin bint ibn y ter zu".split())
# Separators that join several metadata items on one line ("May 12, 2023 | 4 min read").
_META_SEPARATOR = re.compile(r"\s*(?:\||•|·)\s*|\s+[-–—]\s+")
_TIME_ONLY = re.compile(
    r"(?:[Aa]t\s+)?\d{1,2}(?:[:.]\d{2}){1,2}\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*(?:[A-Z]{2,5}|[+-]\d{2}:?\d{2}))?"
)
_INVISIBLE = " \t\u00a0\u200b\u200c\u200d\u2060\ufeff\u3000"


@dataclass(frozen=True)
class Line:
    kind: Kind
    text: str  # stripped line
    key: str | None = None  # field named by a KEY_VALUE line, or "date"/"updated" for DATED lines
    value: str | None = None  # KEY_VALUE value, or the date text of DATED/DATE_ONLY lines
    byline: Byline | None = None  # None on a BYLINE line that names an outlet, not a person


def _is_outlet_byline(rest: str) -> bool:
    # "By Reuters", "By The Associated Press", "By Staff Writer": a byline line without a person's name
    # is still page furniture; a sentence ("By Monday, the council had agreed.") is not.
    words = rest.split()
    if " " not in rest and registrable_domain(rest) is not None:
        return True
    return (
        len(words) <= _OUTLET_BYLINE_MAX_WORDS
        # Outlet names are written in title case ("Voice of America"); "By Monday the work was done" is not.
        and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _OUTLET_JOINERS for w in words)
        and words[0][:1].isupper()
        and not rest.rstrip("\"'”’) ").endswith((".", ",", ";", ":", "!", "?"))
    )


def _reads_as_sentence(rest: str) -> bool:
    """Whether a "By …" line is a sentence ("By Monday, the council had agreed."): it ends in a full stop
    and runs on in lower case, or is longer than a byline."""
    if not rest.rstrip(_CLOSERS).endswith((".", "!", "?")):
        return False
    words = rest.split()
    return len(words) > _BYLINE_SENTENCE_WORDS or any(w[:1].islower() and w not in _CONNECTORS for w in words)


def _dated(text: str) -> Line | None:
    match = _DATED.fullmatch(text)
    if match is None:
        return None
    rest, byline = match.group("rest").strip(), None
    by_first = _BY_FIRST.fullmatch(rest)
    if by_first and is_date_only(by_first.group("date").strip(" ,|·•-–—")):
        byline = parse_byline(by_first.group("name"))
        rest = by_first.group("date")
    else:
        parts = _BY_SPLIT.split(rest)
        if len(parts) > 1:
            byline = parse_byline(parts[-1])
            rest = " by ".join(parts[:-1])
    date_text = rest.strip(" ,|·•-–—")
    # Without a real date, "Updated figures show …" is a sentence, not metadata; "3 hours ago" is stated
    # but relative: the line is furniture and its text is kept, but it never becomes a timestamp.
    if not is_date_only(date_text) and not _RELATIVE.fullmatch(date_text):
        return None
    kw = match.group("kw").lower()
    key = "updated" if "updated" in kw or "modified" in kw else "date"
    return Line(Kind.DATED, text, key=key, value=date_text, byline=byline)


def _compound(text: str) -> Line | None:
    """A line of several metadata items ("By Jane Doe | May 12, 2023 | 4 min read"), or None."""
    segments = [s for s in _META_SEPARATOR.split(text) if s]
    if len(segments) < 2:
        return None
    date_key = date_value = None
    byline: Byline | None = None
    bare_name: Byline | None = None  # "Jane Doe | May 12, 2023": a name without "By", trusted next to a date
    for segment in segments:
        line = _single(segment)
        if line.kind in (Kind.DATED, Kind.DATE_ONLY) or (line.kind is Kind.KEY_VALUE and line.key in _DATE_KEYS):
            # The first publication date on the line wins over an "Updated …" one, whatever the order.
            if date_value is None or (date_key == "updated" and line.key == "date"):
                date_key, date_value = line.key, line.value
            byline = byline or line.byline
        elif _TIME_ONLY.fullmatch(segment):
            if date_value is not None and find_time(date_value) is None:
                date_value = f"{date_value} {segment}"  # "12 May 2023 | 08:30 GMT"
        elif line.kind is Kind.BYLINE or (line.kind is Kind.KEY_VALUE and line.key == "author"):
            byline = byline or line.byline or (parse_byline(line.value) if line.value else None)
        elif line.kind is Kind.TEXT and bare_name is None and (name := parse_byline(segment)) and not name.single_token:
            bare_name = name
        elif line.kind not in (Kind.READ_TIME, Kind.BOILER):
            return None
    if date_value is not None:
        return Line(Kind.DATED, text, key=date_key, value=date_value, byline=byline or bare_name)
    if bare_name is not None:
        return None
    if byline is not None:
        return Line(Kind.BYLINE, text, byline=byline)
    return Line(Kind.READ_TIME, text)


def classify_line(raw: str) -> Line:
    """Classify one line on its own text alone (context-dependent kinds are assigned later)."""
    text = raw.strip(_INVISIBLE).strip()
    if not text:
        return Line(Kind.BLANK, "")
    if len(text) > MAX_META_LINE:
        return Line(Kind.TEXT, text)
    line = _single(text)
    if len(text) <= _MAX_COMPOUND and (
        line.kind is Kind.TEXT or (line.kind is Kind.KEY_VALUE and line.key in _DATE_KEYS and _has_separator(text))
    ):
        return _compound(text) or line
    return line


def _has_separator(text: str) -> bool:
    return _META_SEPARATOR.search(text) is not None


def _single(text: str) -> Line:
    if _BOILER.fullmatch(text):
        return Line(Kind.BOILER, text)
    related = _RELATED.fullmatch(text)
    if related and not related.group("rest").rstrip().endswith((".", ",", ";")):
        return Line(Kind.BOILER, text)
    syndication = _SYNDICATION.fullmatch(text)
    # "First published on May 12, 2023" names a date, not an outlet: it is read as a dated line below.
    if syndication and not is_date_only(syndication.group("outlet").rstrip(" .")):
        return Line(Kind.SYNDICATION, text)
    if _PROMO.fullmatch(text):
        return Line(Kind.PROMO, text)
    if _READ_TIME.fullmatch(text):
        return Line(Kind.READ_TIME, text)
    key_value = _KEY_VALUE.fullmatch(text)
    if key_value:
        field = KEYS.get(" ".join(key_value.group("key").lower().split()))
        if field == "furniture":
            return Line(Kind.BOILER, text)
        if field:
            return Line(Kind.KEY_VALUE, text, key=field, value=key_value.group("value").strip())
    dated = _dated(text)
    if dated:
        return dated
    byline = _BYLINE.fullmatch(text)
    if byline:
        rest = byline.group("rest").strip()
        if not _reads_as_sentence(rest):
            parsed = parse_byline(rest)
            if parsed or _is_outlet_byline(rest):
                return Line(Kind.BYLINE, text, byline=parsed)
    if is_date_only(text):
        return Line(Kind.DATE_ONLY, text, key="date", value=text)
    return Line(Kind.TEXT, text)
