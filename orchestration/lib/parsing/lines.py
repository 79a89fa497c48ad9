"""Classifying single lines of an article: metadata, boilerplate, byline, date or plain text."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from .dates import is_date_only
from .domains import registrable_domain
from .names import Byline, parse_byline

# Lines longer than this are always body text: metadata lines are short, and skipping long lines keeps
# every regex below cheap even on a multi-megabyte single-line input.
MAX_META_LINE = 1000
_OUTLET_BYLINE_MAX_WORDS = 6


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
    **dict.fromkeys(["title", "headline"], "title"),
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
        ],
        "date",
    ),
    **dict.fromkeys(["updated", "last updated", "updated on", "modified", "last modified", "date modified"], "updated"),
    **dict.fromkeys(["author", "authors", "by", "byline", "written by"], "author"),
    **dict.fromkeys(["source", "publisher", "outlet"], "source"),
}

_KEY_VALUE = re.compile(r"(?P<key>[A-Za-z][A-Za-z ]{0,24}?)\s*:\s*(?P<value>.*)")
_BOILER = re.compile(
    r"(?i:share this(?: article| story| post)?|share on \w+(?: and \w+)?|exit mobile version"
    r"|copyright for syndicated content belongs to the linked source\.?|email the author\.?"
    r"|advertisement|skip to (?:main )?content|print this (?:page|article))"
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
    r"(?:\s+on)?)\s+(?P<rest>.{1,200})"
)
# "… originally belongs to Nbcnews.com", "This story was originally published on example.com."
ORIGINALLY = re.compile(
    r"(?i:originally (?:belongs to|appeared|published)(?: (?:by|on|in|at))?)\s+(?P<outlet>\S.{0,120})"
)
_SYNDICATION = re.compile(r"(?i:(?:this (?:article|story|post|content) )?(?:was )?)" + ORIGINALLY.pattern)
_BY_SPLIT = re.compile(r"\s+by\s+", re.IGNORECASE)
_BYLINE = re.compile(r"(?:By|BY)\s+(?P<rest>.{1,200})")


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
    return (
        (rest[:1].isupper() or (" " not in rest and registrable_domain(rest) is not None))
        and len(rest.split()) <= _OUTLET_BYLINE_MAX_WORDS
        and not rest.rstrip("\"'”’) ").endswith((".", ",", ";", ":", "!", "?"))
    )


def _dated(text: str) -> Line | None:
    match = _DATED.fullmatch(text)
    if match is None:
        return None
    rest, byline = match.group("rest"), None
    parts = _BY_SPLIT.split(rest)
    if len(parts) > 1:
        byline = parse_byline(parts[-1])
        rest = " by ".join(parts[:-1])
    date_text = rest.strip(" ,|·•-–—")
    # Without a real date, "Updated figures show …" is a sentence, not metadata.
    if not is_date_only(date_text):
        return None
    key = "updated" if "updated" in match.group("kw").lower() or "modified" in match.group("kw").lower() else "date"
    return Line(Kind.DATED, text, key=key, value=date_text, byline=byline)


def classify_line(raw: str) -> Line:
    """Classify one line on its own text alone (context-dependent kinds are assigned later)."""
    text = raw.strip()
    if not text:
        return Line(Kind.BLANK, "")
    if len(text) > MAX_META_LINE:
        return Line(Kind.TEXT, text)
    if _BOILER.fullmatch(text):
        return Line(Kind.BOILER, text)
    related = _RELATED.fullmatch(text)
    if related and not related.group("rest").rstrip().endswith((".", ",", ";")):
        return Line(Kind.BOILER, text)
    if _SYNDICATION.fullmatch(text):
        return Line(Kind.SYNDICATION, text)
    if _PROMO.fullmatch(text):
        return Line(Kind.PROMO, text)
    if _READ_TIME.fullmatch(text):
        return Line(Kind.READ_TIME, text)
    key_value = _KEY_VALUE.fullmatch(text)
    if key_value:
        field = KEYS.get(" ".join(key_value.group("key").lower().split()))
        if field:
            return Line(Kind.KEY_VALUE, text, key=field, value=key_value.group("value").strip())
    dated = _dated(text)
    if dated:
        return dated
    byline = _BYLINE.fullmatch(text)
    if byline:
        parsed = parse_byline(byline.group("rest"))
        if parsed or _is_outlet_byline(byline.group("rest")):
            return Line(Kind.BYLINE, text, byline=parsed)
    if is_date_only(text):
        return Line(Kind.DATE_ONLY, text, key="date", value=text)
    return Line(Kind.TEXT, text)
