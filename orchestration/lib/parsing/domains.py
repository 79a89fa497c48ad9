"""URLs and registrable domains, resolved offline against tldextract's bundled suffix list."""

from __future__ import annotations

import functools
import re

import tldextract

# Bounded so a pathological line cannot make the scan expensive; real URLs are far shorter.
_URL = re.compile(r"https?://[^\s<>\"'|]{1,2048}", re.IGNORECASE)
# A bare host name such as "thelocalreport.in" or "www.Nbcnews.com" (not part of an e-mail address or URL).
_DOMAIN = re.compile(
    r"(?<![\w@./-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,8}[a-z]{2,24})(?![\w@-]|\.[a-z0-9])",
    re.IGNORECASE,
)
_TRAILING_PUNCT = ".,;:!?)]}»”’"


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    # No suffix_list_urls and no cache dir: the snapshot shipped inside the package is used, so parsing
    # never touches the network or the file system.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registrable_domain(host_or_url: str | None) -> str | None:
    """Return the lower-case registrable domain (e.g. "bbc.co.uk") of a host or URL, or None."""
    if not host_or_url or len(host_or_url) > 2048:
        return None
    try:
        result = _extractor()(host_or_url.strip())
    except (ValueError, UnicodeError):
        return None
    # Older tldextract releases only have `registered_domain`.
    domain = getattr(result, "top_domain_under_public_suffix", None)
    if domain is None:
        domain = result.registered_domain
    return domain.lower() or None


def find_url(text: str) -> str | None:
    """Return the first http(s) URL in a line, without trailing punctuation, or None."""
    match = _URL.search(text)
    if match is None:
        return None
    url = match.group(0).rstrip(_TRAILING_PUNCT)
    return url if registrable_domain(url) else None


def find_domain(text: str) -> str | None:
    """Return the registrable domain of the first bare host name mentioned in a line, or None."""
    for match in _DOMAIN.finditer(text):
        domain = registrable_domain(match.group(1))
        if domain:
            return domain
    return None
