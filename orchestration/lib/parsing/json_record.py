"""parse_json_record: one crawler record (news-please style JSON object) in, a ParsedArticle out.

The record's own fields win: ``title``, ``maintext``, ``date_publish``, ``authors``, ``url`` and
``source_domain`` (with a few common alternative keys). The body then goes through the plain-text parser's
line rules (boilerplate, bylines, datelines), and what that parser reads in the body only fills the fields
the record leaves empty. Missing, null or oddly typed fields are None; nothing is guessed.
"""

from __future__ import annotations

import json
import logging
import unicodedata
from datetime import datetime
from typing import Any

from .article import ParsedArticle, parse_article, stated_date_fields
from .dates import MAX_DATE_TEXT
from .domains import registrable_domain
from .html import EMPTY, ascii_domain, clean_authors, nfc, site_keys, strip_site_suffix, url_and_domain

logger = logging.getLogger(__name__)

# First present, usable key wins. news-please writes the first of each; other crawlers use the rest.
TITLE_KEYS = ("title", "title_rss", "headline", "title_page")
BODY_KEYS = ("maintext", "text", "content", "body")
DATE_KEYS = ("date_publish", "date", "published", "publish_date")
AUTHOR_KEYS = ("authors", "author")
MAX_AUTHORS = 20


def _first_string(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = nfc(record.get(key)) if isinstance(record.get(key), str) else None
        if value:
            return value
    return None


def _body_text(record: dict[str, Any]) -> str:
    for key in BODY_KEYS:
        value = record.get(key)
        if isinstance(value, list):  # a list of paragraphs
            value = "\n\n".join(p for p in value if isinstance(p, str))
        if isinstance(value, str) and value.strip():
            return unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return ""


def _author_values(record: dict[str, Any]) -> list[Any]:
    for key in AUTHOR_KEYS:
        value = record.get(key)
        if isinstance(value, str):
            return [value]
        if isinstance(value, list) and value:
            # Strings, or schema.org-style {"name": …} objects.
            names = [v.get("name") if isinstance(v, dict) else v for v in value[:MAX_AUTHORS]]
            return [n for n in names if isinstance(n, str)]
        if isinstance(value, dict) and isinstance(value.get("name"), str):
            return [value["name"]]
    return []


def _source_domain(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip() or " " in value.strip():
        return None
    return ascii_domain(registrable_domain(value.strip()))


def _without_title(body: str, title: str | None) -> str:
    """Drop the headline when the crawler copied it onto the body's first line."""
    if not title:
        return body
    first, _, rest = body.lstrip().partition("\n")
    return rest if " ".join(first.split()).casefold() == " ".join(title.split()).casefold() else body


def _parse(payload: str, now: datetime | None) -> ParsedArticle:
    if not isinstance(payload, str) or not payload.strip():
        return EMPTY
    try:
        record = json.loads(payload, strict=False)  # tolerate raw control characters inside strings
    except (ValueError, RecursionError):
        return EMPTY
    if not isinstance(record, dict):
        return EMPTY

    url, url_domain = url_and_domain(record.get("url"))
    source_domain = _source_domain(record.get("source_domain")) or url_domain
    keys = site_keys(source_domain)
    title = strip_site_suffix(_first_string(record, TITLE_KEYS), keys)
    date_text = _first_string(record, DATE_KEYS)
    if date_text and len(date_text) > MAX_DATE_TEXT:
        date_text = None  # not a date field's value
    author = clean_authors(_author_values(record), keys)

    from_text = parse_article(_without_title(_body_text(record), title), now=now)
    if not date_text:
        date_text = from_text.published_at_text
    return ParsedArticle(
        title=title or nfc(from_text.title),
        url=url or from_text.url,
        source_domain=source_domain or from_text.source_domain,
        source_name=from_text.source_name,
        original_source_domain=from_text.original_source_domain,
        author=author or clean_authors([from_text.author or ""], keys),
        body=unicodedata.normalize("NFC", from_text.body),
        **stated_date_fields(date_text, now),
    )


def parse_json_record(payload: str, *, now: datetime | None = None) -> ParsedArticle:
    """Parse one JSON crawler record into its stated metadata and clean body; never raises."""
    try:
        return _parse(payload, now)
    except Exception:  # one odd record must not stop a batch; it is logged and kept with no body
        logger.exception("parse_json_record failed; keeping the record with no metadata and an empty body")
        return EMPTY
