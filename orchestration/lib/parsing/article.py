"""parse_article: one raw article text in, its stated metadata and clean body out."""

from __future__ import annotations

import dataclasses
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from . import structure
from .dates import is_date_only, parse_stated_date
from .domains import find_domain, find_url, registrable_domain
from .lines import ORIGINALLY, Kind, Line, classify_line
from .names import Byline, parse_byline, split_names

PARSER_VERSION = "4"  # bump whenever a rule changes, so stored results can be re-derived

logger = logging.getLogger(__name__)

_SOURCE_NAME_MAX_WORDS = 8
_LEADING_BY = re.compile(r"^\s*(?i:by)\s+")
_SYNDICATED_FOOTER = "copyright for syndicated content belongs to the linked source"


@dataclass(frozen=True)
class ParsedArticle:
    """Metadata an article states about itself (None when not stated) and its boilerplate-free body."""

    title: str | None
    url: str | None
    source_domain: str | None
    source_name: str | None
    original_source_domain: str | None
    author: str | None
    published_at: datetime | None  # in UTC
    published_at_text: str | None
    body: str
    # The same moment on the page's own clock (its day is the one the page states) and the zone's offset in minutes
    # east of UTC (None when the page states no zone: the time is then taken as UTC).
    published_local: datetime | None = None
    published_utc_offset_minutes: int | None = None

    @property
    def authors(self) -> list[str] | None:
        """Each author named in ``author`` (the display string, "A and B and C"), or None when there is none."""
        return split_names(self.author)


def stated_date_fields(text: str | None, now: datetime | None) -> dict[str, object]:
    """The ParsedArticle date fields for a stated publication date text (its time in UTC and on the page's clock)."""
    stated = parse_stated_date(text, now=now)
    return {
        "published_at": stated.utc if stated else None,
        "published_at_text": text,
        "published_local": stated.local if stated else None,
        "published_utc_offset_minutes": stated.utc_offset_minutes if stated else None,
    }


def _stated(lines: list[Line], kinds: list[Kind], key: str) -> list[Line]:
    return [line for line, kind in zip(lines, kinds, strict=True) if kind is Kind.KEY_VALUE and line.key == key]


def _header_byline(value: str) -> Byline | None:
    """An "Author:" value; written all in lower case ("ruth nakato") it is still a name, kept as stated."""
    value = _LEADING_BY.sub("", value)
    byline = parse_byline(value, comma_list=True)
    if byline is None and value.islower():
        titled = parse_byline(value.title(), comma_list=True)
        if titled is not None:
            byline = dataclasses.replace(titled, author=titled.author.lower())
    return byline


def _author(lines: list[Line], kinds: list[Kind]) -> str | None:
    staff: str | None = None
    bylines = [line.byline for line in lines if line.byline is not None]
    for line in _stated(lines, kinds, "author"):
        byline = _header_byline(line.value or "")
        if byline and byline.staff:
            staff = staff or byline.author
        elif byline:  # an explicit "Author:" field is trusted even for a one-word name
            # ... unless a byline names the same person with co-authors ("By A and B" under "Author: A").
            fuller = [b.author for b in bylines if byline.author in b.author.split(" and ")]
            return max(fuller, key=len) if fuller else byline.author
    names = {line.text.casefold() for line, kind in zip(lines, kinds, strict=True) if kind is Kind.NAME}
    counts = Counter(b.author for b in bylines)
    for byline in bylines:
        if byline.staff:
            staff = staff or byline.author
        # One bare word could be an outlet ("By Bloomberg"): accept it only when the page repeats it
        # as a name line or a second byline, as author boxes do (003).
        elif not byline.single_token or counts[byline.author] > 1 or byline.author.casefold() in names:
            return byline.author
    # "By Staff" is boilerplate next to a person's name, but when it is all the file says, it is kept.
    return staff


def _date_candidates(lines: list[Line], kinds: list[Kind]) -> tuple[list[str], list[str]]:
    published: list[str] = []
    updated: list[str] = []
    for line, kind in zip(lines, kinds, strict=True):
        if kind in (Kind.KEY_VALUE, Kind.DATED, Kind.DATE_ONLY) and line.key in ("date", "updated") and line.value:
            (updated if line.key == "updated" else published).append(line.value)
        elif kind is Kind.BYLINE and line.byline is not None:
            for segment in line.byline.extra_segments:
                if is_date_only(segment):
                    published.append(segment)
                else:
                    dated = classify_line(segment)
                    if dated.kind is Kind.DATED and dated.value:
                        (updated if dated.key == "updated" else published).append(dated.value)
    return published, updated


def _date_text(lines: list[Line], kinds: list[Kind], now: datetime | None) -> str | None:
    """The stated publication date: the first that parses, "Updated …" only as a fallback; else its text."""
    published, updated = _date_candidates(lines, kinds)
    for text in published + updated:
        if parse_stated_date(text, now=now) is not None:
            return text
    # Stated but not a usable timestamp ("late Thursday", "2024-13-45"): the text is kept, the time is not.
    candidates = published or updated
    return candidates[0] if candidates else None


def _sources(lines: list[Line], kinds: list[Kind], url: str | None) -> tuple[str | None, str | None, str | None]:
    """Return (source_domain, source_name, original_source_domain)."""
    stated_domain = name = original = promo_domain = None
    syndicated = False
    for line, kind in zip(lines, kinds, strict=True):
        if kind is Kind.KEY_VALUE and line.key == "source" and line.value:
            match = ORIGINALLY.search(line.value)
            if match:
                original = original or find_domain(match.group("outlet"))
            elif find_url(line.value) or find_domain(line.value):
                stated_domain = stated_domain or registrable_domain(find_url(line.value)) or find_domain(line.value)
            elif len(line.value.split()) <= _SOURCE_NAME_MAX_WORDS and not structure.ends_like_sentence(line.value):
                name = name or line.value.strip(" |")
        elif kind is Kind.SYNDICATION:
            match = ORIGINALLY.search(line.text)
            original = original or (find_domain(match.group("outlet")) if match else None)
        elif kind is Kind.PROMO:
            promo_domain = promo_domain or find_domain(line.text)
        elif kind is Kind.BOILER and line.text.casefold().rstrip(".") == _SYNDICATED_FOOTER:
            syndicated = True
    url_domain = registrable_domain(url) if url else None
    if syndicated and original is None:
        # The aggregator footer says the content belongs to the linked source: that link is the original.
        original = url_domain
    return url_domain or stated_domain or promo_domain or original, name or None, original


def _url(lines: list[Line], kinds: list[Kind]) -> str | None:
    for wanted in ("url", None):  # a URL field first, then a URL in any other metadata line
        for line, kind in zip(lines, kinds, strict=True):
            if kind in (Kind.KEY_VALUE, Kind.DATED) and (wanted is None or line.key == wanted):
                url = find_url(line.value or line.text)
                if url:
                    return url
    return None


def _body(lines: list[Line], kinds: list[Kind]) -> str:
    kept: list[str] = []
    for line, kind in zip(lines, kinds, strict=True):
        if kind is Kind.TEXT:
            kept.append(line.text)
        elif kind is Kind.BLANK and kept and kept[-1] != "":
            kept.append("")  # collapse runs of blank lines, including those left by removed lines
    return "\n".join(kept).strip()


def _normalise(text: str) -> str:
    """Decoded files already are NFC with "\\n" line ends; text handed in directly may not be."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _parse(text: str, now: datetime | None) -> ParsedArticle:
    lines = [classify_line(raw) for raw in _normalise(text).split("\n")]
    kinds = [line.kind for line in lines]
    structure.mark_names(lines, kinds)
    stated_titles = [line.value for line in _stated(lines, kinds, "title") if line.value]
    stated_title = stated_titles[0] if stated_titles else None
    detected_title = structure.mark_title(lines, kinds, stated_title)
    structure.demote_body_dates(kinds)
    structure.mark_author_box(lines, kinds)

    url = _url(lines, kinds)
    source_domain, source_name, original = _sources(lines, kinds, url)
    author = _author(lines, kinds)
    if author is not None:
        structure.mark_bio(lines, kinds, author)
    return ParsedArticle(
        title=stated_title or detected_title,
        url=url,
        source_domain=source_domain,
        source_name=source_name,
        original_source_domain=original,
        author=author,
        body=_body(lines, kinds),
        **stated_date_fields(_date_text(lines, kinds, now), now),
    )


def parse_article(text: str, *, now: datetime | None = None) -> ParsedArticle:
    """Parse one article's text into the metadata it states and its body; never raises."""
    try:
        return _parse(text, now)
    except Exception:  # one odd document must not stop a batch; it is logged and kept as bare text
        logger.exception("parse_article failed; keeping the text as body with no metadata")
        body = text.strip() if isinstance(text, str) else ""
        return ParsedArticle(None, None, None, None, None, None, None, None, body)
