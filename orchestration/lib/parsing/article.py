"""parse_article: one raw article text in, its stated metadata and clean body out."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from . import structure
from .dates import is_date_only, parse_date
from .domains import find_domain, find_url, registrable_domain
from .lines import ORIGINALLY, Kind, Line, classify_line
from .names import parse_byline

PARSER_VERSION = "1"  # bump whenever a rule changes, so stored results can be re-derived

logger = logging.getLogger(__name__)

_SOURCE_NAME_MAX_WORDS = 8
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
    published_at: datetime | None
    published_at_text: str | None
    body: str


def _stated(lines: list[Line], kinds: list[Kind], key: str) -> list[Line]:
    return [line for line, kind in zip(lines, kinds, strict=True) if kind is Kind.KEY_VALUE and line.key == key]


def _author(lines: list[Line], kinds: list[Kind]) -> str | None:
    for line in _stated(lines, kinds, "author"):
        byline = parse_byline(line.value or "")
        if byline:  # an explicit "Author:" field is trusted even for a one-word name
            return byline.author
    names = {line.text.casefold() for line, kind in zip(lines, kinds, strict=True) if kind is Kind.NAME}
    bylines = [line.byline for line in lines if line.byline is not None]
    counts = Counter(b.author for b in bylines)
    for byline in bylines:
        # One bare word could be an outlet ("By Bloomberg"): accept it only when the page repeats it
        # as a name line or a second byline, as author boxes do (003).
        if not byline.single_token or counts[byline.author] > 1 or byline.author.casefold() in names:
            return byline.author
    return None


def _date_text(lines: list[Line], kinds: list[Kind]) -> str | None:
    published: list[str] = []
    updated: list[str] = []
    for line, kind in zip(lines, kinds, strict=True):
        if kind in (Kind.KEY_VALUE, Kind.DATED, Kind.DATE_ONLY) and line.key in ("date", "updated") and line.value:
            (updated if line.key == "updated" else published).append(line.value)
        elif kind is Kind.BYLINE and line.byline is not None:
            published.extend(s for s in line.byline.extra_segments if is_date_only(s))
    # "Updated …" is only a fallback: the first publication is what the warehouse wants.
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


def _body(raw_lines: list[str], kinds: list[Kind]) -> str:
    kept: list[str] = []
    for raw, kind in zip(raw_lines, kinds, strict=True):
        if kind is Kind.TEXT:
            kept.append(raw)
        elif kind is Kind.BLANK and kept and kept[-1] != "":
            kept.append("")  # collapse runs of blank lines, including those left by removed lines
    return "\n".join(kept).strip()


def _parse(text: str, now: datetime | None) -> ParsedArticle:
    raw_lines = text.split("\n")
    lines = [classify_line(raw) for raw in raw_lines]
    kinds = [line.kind for line in lines]
    structure.mark_names(lines, kinds)
    stated_titles = [line.value for line in _stated(lines, kinds, "title") if line.value]
    stated_title = stated_titles[0] if stated_titles else None
    detected_title = structure.mark_title(lines, kinds, stated_title)
    structure.demote_body_dates(kinds)
    structure.mark_author_box(lines, kinds)

    url = _url(lines, kinds)
    source_domain, source_name, original = _sources(lines, kinds, url)
    date_text = _date_text(lines, kinds)
    return ParsedArticle(
        title=stated_title or detected_title,
        url=url,
        source_domain=source_domain,
        source_name=source_name,
        original_source_domain=original,
        author=_author(lines, kinds),
        published_at=parse_date(date_text, now=now),
        published_at_text=date_text,
        body=_body(raw_lines, kinds),
    )


def parse_article(text: str, *, now: datetime | None = None) -> ParsedArticle:
    """Parse one article's text into the metadata it states and its body; never raises."""
    try:
        return _parse(text, now)
    except Exception:  # one odd document must not stop a batch; it is logged and kept as bare text
        logger.exception("parse_article failed; keeping the text as body with no metadata")
        body = text.strip() if isinstance(text, str) else ""
        return ParsedArticle(None, None, None, None, None, None, None, None, body)
