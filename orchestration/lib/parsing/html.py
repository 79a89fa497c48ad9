"""parse_html: one raw HTML page in, its stated metadata and clean body out (trafilatura + htmldate, offline).

trafilatura finds the main text and the page's metadata (meta tags, JSON-LD, canonical link); htmldate finds
the publication time. Everything runs on the string: no fetch function is ever called, so no network.
The extracted text then goes through the plain-text parser's line rules, so an HTML body is cleaned the same
way as a text body, and what the plain-text parser finds in it only fills fields the page's markup left empty.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import htmldate
import trafilatura
from lxml.html import HtmlElement

from .article import ParsedArticle, parse_article, stated_date_fields
from .dates import MAX_DATE_TEXT, parse_stated_date, stated_days
from .domains import registrable_domain
from .names import parse_byline

logger = logging.getLogger(__name__)

EMPTY = ParsedArticle(None, None, None, None, None, None, None, None, "")

# htmldate output with the time and zone when the page states them ("2023-05-17T14:32:00+0200").
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_MIDNIGHT = "T00:00:00"
# Machine-readable publication timestamps (taken in document order: the head's meta tags come first).
_TIMESTAMP_XPATH = (
    "//head/meta[@property='article:published_time' or @name='article:published_time'"
    " or @itemprop='datePublished' or @name='pubdate' or @name='publishdate' or @name='date']/@content"
    " | //*[@itemprop='datePublished']/@datetime | //*[@itemprop='datePublished']/@content"
    " | //body//time[@datetime]/@datetime"
)
_HAS_TIME = re.compile(r"^[T ]\d{1,2}:\d{2}")
# A title suffix/prefix separator: " | ", " - ", " – ", " — ", " · ", " : ", " :: ", " » ".
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|–—•·~»/-]|::?)\s+")
_NOT_KEY_CHARS = re.compile(r"[\W_]+")
_BY_PREFIX = re.compile(r"^\s*(?:written\s+|words\s+)?by\b[\s:]*", re.IGNORECASE)
# trafilatura joins several authors with "; "; news sites also use "|" or new lines between names.
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\||\n)\s*")
_NAME_JOINERS = re.compile(r", | and ")
# A byline element is short; anything longer is a paragraph that happens to start with "By".
_BYLINE_MAX_CHARS = 150
_BYLINE_MAX_CANDIDATES = 25
_BYLINE_XPATH = (
    "//body//*[not(self::script or self::style or self::noscript or self::option)]"
    "[starts-with(normalize-space(text()), 'By') or starts-with(normalize-space(text()), 'by')"
    " or starts-with(normalize-space(text()), 'BY')]"
)
# Containers whose bylines belong to other stories (related lists, teasers) or to nobody (comments, forms).
_FOREIGN_TAGS = frozenset({"nav", "footer", "aside", "form", "menu"})
_FOREIGN_CLASS = re.compile(
    r"related|recommend|promo|teaser|sidebar|comment|newsletter|cookie|consent|more-stories|trending|popular|footer|nav",
    re.IGNORECASE,
)


def nfc(value: str | None) -> str | None:
    """NFC-compose and trim a metadata string; None for a missing or blank one."""
    if not isinstance(value, str):
        return None
    value = unicodedata.normalize("NFC", " ".join(value.split()))
    return value or None


def _site_key(text: str) -> str:
    key = _NOT_KEY_CHARS.sub(" ", text.casefold()).split()
    if key and key[0] == "the":
        key = key[1:]
    return "".join(key)


def site_keys(*names: str | None) -> set[str]:
    """Comparable forms of an outlet's names and domains ("The Riverside Herald", "riversideherald.co.uk")."""
    keys: set[str] = set()
    for name in names:
        if not name:
            continue
        keys.add(_site_key(name))
        domain = registrable_domain(name) if _looks_like_domain(name) else None
        if domain:
            label = _site_key(domain.split(".", 1)[0])  # "riversideherald" for "riversideherald.co.uk"
            keys.add(label)
            if label.startswith("the"):
                keys.add(label[3:])  # "theguardian.com" is "The Guardian", whose key drops "the"
    keys.discard("")
    return keys


def strip_site_suffix(title: str | None, keys: set[str]) -> str | None:
    """Remove a trailing (or leading) " | Outlet" part from a title when that part is the outlet's name."""
    title = nfc(title)
    if title is None:
        return None
    separators = list(_TITLE_SEPARATOR.finditer(title))
    if separators:
        head, tail = title[: separators[-1].start()], title[separators[-1].end() :]
        first, rest = title[: separators[0].start()], title[separators[0].end() :]
        if _site_key(tail) in keys:
            title = head
        elif _site_key(first) in keys:
            title = rest
    if _site_key(title) in keys:
        return None  # the "title" is just the outlet's name (a home or section page)
    return nfc(title)


def headline(candidates: Iterable[str | None], keys: set[str]) -> str | None:
    """The first candidate (trafilatura's title, the page's <title>, its first <h1>) that is more than the outlet's
    name: a site name that reads like a title ("Harbour Watch - Aktuelles") leaves nothing, or only a part of itself
    ("Aktuelles"), once the outlet is stripped, and the next candidate is taken."""
    for candidate in candidates:
        title = strip_site_suffix(candidate, keys)
        if title and not _part_of_site_name(title, keys):
            return title
    return None


def _part_of_site_name(title: str, keys: set[str]) -> bool:
    key = _site_key(title)
    return len(title.split()) <= 3 and bool(key) and any(key in outlet for outlet in keys)


def _looks_like_domain(text: str) -> bool:
    text = text.strip()
    return "." in text and " " not in text and registrable_domain(text) is not None


def ascii_domain(domain: str | None) -> str | None:
    """A registrable domain in the warehouse's lower-case ASCII form (IDNA for non-ASCII names), or None."""
    if not domain:
        return None
    if domain.isascii():
        return domain.lower()
    try:
        return domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None


def url_and_domain(value: Any) -> tuple[str | None, str | None]:
    """An absolute http(s) URL and its registrable domain, or (None, None) if the value is not one."""
    url = nfc(value) if isinstance(value, str) else None
    if url is None or not re.match(r"(?i)https?://", url) or " " in url or len(url) > 2048:
        return None, None
    domain = ascii_domain(registrable_domain(url))
    return (url, domain) if domain else (None, None)


# Words of page furniture that author widgets and image alt texts put where a name should be ("Site Logo Svg").
_NOT_NAME_WORDS = frozenset(
    "logo png jpg jpeg svg gif webp icon image photo avatar view comments comment share follow subscribe newsletter "
    "menu login sign click read more profile".split()
)
# A date glued to a name by a widget that drops the space: "Ana RuizTuesday" is "Ana Ruiz".
_GLUED_DATE = re.compile(
    r"(?<=[a-z])(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June"
    r"|July|August|September|October|November|December)\b.*$"
)
# Top-level domain labels: "Lyon Metro Fr" is a host name title-cased, not a person.
_DOMAIN_ENDINGS = frozenset("at be ch com de es fr in it net nl org ru uk us".split())
# More names than this in one author field is a list of contributors or related writers, not a byline.
MAX_AUTHORS = 5


def _is_furniture(name: str, reject: set[str]) -> bool:
    words = name.casefold().split()
    if any(word in _NOT_NAME_WORDS for word in words):
        return True
    key = _site_key(name)
    return words[-1] in _DOMAIN_ENDINGS and any(outlet and outlet in key for outlet in reject)


def clean_authors(values: Iterable[Any], reject: set[str]) -> str | None:
    """Validated person names from author strings, de-duplicated, joined as "A" or "A and B and C".

    Outlet names (``reject`` keys), "Staff"-style words, lone words (which are as often an outlet as a mononymous
    writer), page furniture ("View Comments", an image's alt text, a host name) are dropped; a date glued to a name
    is cut off; a field naming more than MAX_AUTHORS people is no byline.
    """
    names: list[str] = []
    seen: set[str] = set()
    for value in values:
        if not isinstance(value, str):
            continue
        for piece in _AUTHOR_SPLIT.split(unicodedata.normalize("NFC", value)):
            byline = parse_byline(_BY_PREFIX.sub("", piece).strip())
            if byline is None or getattr(byline, "staff", False):
                continue
            for name in _NAME_JOINERS.split(byline.author):
                name = _GLUED_DATE.sub("", name).strip()
                key = name.casefold()
                if len(name.split()) < 2 or key in seen or _site_key(name) in reject or _is_furniture(name, reject):
                    continue
                seen.add(key)
                names.append(name)
    if len(names) > MAX_AUTHORS:
        return None
    # The warehouse's one convention for several authors (as names.join_names): "A and B and C".
    return " and ".join(names) or None


def _is_foreign(element: HtmlElement) -> bool:
    for node in (element, *element.iterancestors()):
        if node.tag in _FOREIGN_TAGS:
            return True
        marker = f"{node.get('class') or ''} {node.get('id') or ''}"
        if marker.strip() and _FOREIGN_CLASS.search(marker):
            return True
    return False


def _page_byline(tree: HtmlElement, reject: set[str]) -> str | None:
    """The author of the first short "By …" element outside navigation, footers and related-story lists."""
    for element in tree.xpath(_BYLINE_XPATH)[:_BYLINE_MAX_CANDIDATES]:
        text = " ".join(element.text_content().split())
        if len(text) > _BYLINE_MAX_CHARS or not _BY_PREFIX.match(text) or _is_foreign(element):
            continue
        author = clean_authors([text], reject)
        if author:
            return author
    return None


def _reference(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC).replace(tzinfo=None)
    return now.astimezone(UTC).replace(tzinfo=None) if now.tzinfo else now


def _date_params(now: datetime | None) -> dict[str, Any]:
    return {
        "original_date": True,  # the first publication, not the last update
        # Metadata and dated elements first: a date in a body sentence is only the last resort (_text_date).
        "extensive_search": False,
        "outputformat": _DATE_FORMAT,
        "deferred_url_extractor": True,
        "max_date": (_reference(now) + timedelta(days=1)).strftime("%Y-%m-%d"),
    }


def _date_text(found: str | None) -> str | None:
    # htmldate prints a date stated without a time as midnight with no zone: give it back as the bare date.
    if found and found.endswith(_MIDNIGHT):
        return found[: -len(_MIDNIGHT)]
    return found


def _with_time(tree: HtmlElement, date_text: str) -> str:
    """A machine-readable timestamp of the same day as a bare date, when the page has one; else the date.

    htmldate may read the visible text of a dated element ("Thursday 4 March 2021 6.05pm") before the
    element's ``datetime`` attribute, which keeps only the day.
    """
    for found in tree.xpath(_TIMESTAMP_XPATH):
        element = found.getparent()
        if element is not None and element.tag == "time" and _is_foreign(element):
            continue  # the time of a related story, a comment or the footer
        value = " ".join(str(found).split())
        if value[:10] == date_text and _HAS_TIME.search(value[10:]) and len(value) <= MAX_DATE_TEXT:
            return value
    return date_text


def _markup_date(tree: HtmlElement, now: datetime | None) -> str | None:
    # url="" keeps htmldate from reading the date out of the URL before <time> elements and bylines, which
    # would turn a stated "14:32" into a bare date; the URL's date is only a last resort (see _parse).
    params = {**_date_params(now), "url": ""}
    found = _date_text(htmldate.find_date(tree, **params))
    return _with_time(tree, found) if found and len(found) == len("2021-03-04") else found


def _text_date(tree: HtmlElement, now: datetime | None) -> str | None:
    """A date the page's text states where its metadata states none: htmldate's extensive search (free-text date
    expressions, then the whole page's date patterns), never later than the ingest time ``now``. Its answer counts
    only when the text writes that day out in full: a lone year ("© 2024") comes back from htmldate as 1 January."""
    reference = _reference(now)
    params = {**_date_params(now), "url": "", "extensive_search": True, "max_date": reference}
    found = _date_text(htmldate.find_date(tree, **params))
    stated = parse_stated_date(found, now=now)
    if stated is None or stated.utc > reference or stated.local.date() not in stated_days(tree.text_content()):
        return None
    return found


def _texts(tree: HtmlElement, path: str) -> list[str]:
    return [text for element in tree.xpath(path) if (text := nfc(element.text_content()))]


def _norm(text: str | None) -> str:
    return " ".join(text.split()).casefold() if text else ""


def _paragraphs(text: str | None, headlines: set[str]) -> str:
    """One paragraph per extracted block, separated by a blank line; the headline is not part of the body."""
    paragraphs = [line.strip() for line in (text or "").split("\n")]
    paragraphs = [p for p in paragraphs if p]
    while paragraphs and _norm(paragraphs[0]) in headlines:
        paragraphs.pop(0)
    return "\n\n".join(paragraphs)


def _parse(html: str, now: datetime | None) -> ParsedArticle:
    if not isinstance(html, str) or not html.strip():
        return EMPTY
    if "<" not in html:
        # A ".html" file without a single tag is plain text under the wrong name: the text parser reads it.
        return parse_article(html, now=now)
    tree = trafilatura.load_html(html)
    if tree is None:
        return EMPTY
    params = _date_params(now)
    doc = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        date_extraction_params=params,
    )
    if doc is None:  # no main text: the metadata is still worth keeping
        doc = trafilatura.extract_metadata(tree, date_config=params)

    url, url_domain = url_and_domain(doc.url)
    sitename = nfc(doc.sitename)
    if sitename and _looks_like_domain(sitename):
        # A host name is not an outlet's name (trafilatura falls back to the URL's host).
        domain = ascii_domain(registrable_domain(sitename))
        sitename, url_domain = None, url_domain or domain
    keys = site_keys(sitename, url_domain)

    h1s = _texts(tree, "//h1")
    title = headline([doc.title, *_texts(tree, "//head/title")[:1], *h1s[:1]], keys)
    headlines = {_norm(t) for t in (title, doc.title, *h1s) if t}

    body_text = unicodedata.normalize("NFC", _paragraphs(getattr(doc, "text", None), headlines))
    from_text = parse_article(body_text, now=now)  # boilerplate rules; its metadata only fills gaps

    author = (
        clean_authors([doc.author or ""], keys)
        or _page_byline(tree, keys)
        or clean_authors([from_text.author or ""], keys)
    )
    date_text = _markup_date(tree, now) or from_text.published_at_text or _date_text(doc.date) or _text_date(tree, now)
    return ParsedArticle(
        title=title or nfc(from_text.title),
        url=url or from_text.url,
        source_domain=url_domain or from_text.source_domain,
        source_name=sitename or from_text.source_name,
        original_source_domain=from_text.original_source_domain,
        author=nfc(author),
        body=unicodedata.normalize("NFC", from_text.body),
        **stated_date_fields(nfc(date_text), now),
    )


def parse_html(html: str, *, now: datetime | None = None) -> ParsedArticle:
    """Parse one HTML page into the metadata it states and its main text; never raises, never fetches."""
    try:
        return _parse(html, now)
    except Exception:  # one odd page must not stop a batch; it is logged and kept with no body
        logger.exception("parse_html failed; keeping the page with no metadata and an empty body")
        return EMPTY
