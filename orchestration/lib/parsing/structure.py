"""Context rules that need neighbouring lines: title, bare name line, body datelines, author box."""

from __future__ import annotations

import re

from .lines import Kind, Line

TITLE_MAX_WORDS = 30  # long interview headlines run past 20 words; confirmation is the real guard
TITLE_MAX_CHARS = 200
# Kinds that, right after a candidate title, show the page has a header (so the candidate is a title).
_CONFIRMING = frozenset({Kind.READ_TIME, Kind.KEY_VALUE, Kind.DATED, Kind.BYLINE, Kind.DATE_ONLY, Kind.NAME})
_CLOSERS = "\"'”’»)] "
# A final full stop that belongs to an abbreviation ("… in the U.S.") does not end a sentence.
_ABBREVIATION_END = re.compile(r"(?:\b(?:[A-Z]\.){2,}|\b(?:Jr|Sr|St|Inc|Co|Ltd|Corp|Dr|Mr|Mrs|Ms)\.)$")
MAX_BIO_LINES = 3


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _next_content(kinds: list[Kind], start: int) -> int | None:
    for i in range(start, len(kinds)):
        if kinds[i] is not Kind.BLANK:
            return i
    return None


def ends_like_sentence(text: str) -> bool:
    """True when a line ends with sentence punctuation (so it is body text, not a headline)."""
    stripped = text.rstrip(_CLOSERS)
    if stripped.endswith((".", ",", ";", ":", "…")):
        return not (stripped.endswith(".") and _ABBREVIATION_END.search(stripped[-30:]))
    return False


def mark_names(lines: list[Line], kinds: list[Kind]) -> None:
    """Mark a bare author-name line directly above or below its byline ("Surja" / "By Surja")."""
    for i, line in enumerate(lines):
        if kinds[i] is not Kind.BYLINE or line.byline is None:
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(lines) and kinds[j] is Kind.TEXT and _norm(lines[j].text) == _norm(line.byline.author):
                kinds[j] = Kind.NAME


def mark_title(lines: list[Line], kinds: list[Kind], stated_title: str | None) -> str | None:
    """Mark the first line as the title when it looks like one and the header confirms it; return it."""
    if stated_title is not None:
        # A "Title:" header states it; drop the headline from the body if the page prints it again.
        first_text = next((i for i, kind in enumerate(kinds) if kind is Kind.TEXT), None)
        if first_text is not None and _norm(lines[first_text].text) == _norm(stated_title):
            kinds[first_text] = Kind.TITLE
        return stated_title
    first = _next_content(kinds, 0)
    if first is None or kinds[first] is not Kind.TEXT:
        return None
    candidate = lines[first].text
    looks_like_title = (
        len(candidate) <= TITLE_MAX_CHARS
        and len(candidate.split()) <= TITLE_MAX_WORDS
        and not ends_like_sentence(candidate)
        and first + 1 < len(kinds)
        and kinds[first + 1] is Kind.BLANK
    )
    if not looks_like_title:
        return None
    following = _next_content(kinds, first + 1)
    if following is None:
        return None
    if kinds[following] is Kind.TEXT and _norm(lines[following].text) == _norm(candidate):
        kinds[first] = kinds[following] = Kind.TITLE  # the headline is repeated (001)
        return candidate
    if kinds[following] in _CONFIRMING:
        kinds[first] = Kind.TITLE
        return candidate
    # Unconfirmed: a short first line may just as well be a one-line paragraph; None beats a wrong title.
    return None


def body_bounds(kinds: list[Kind]) -> tuple[int, int]:
    """Return (first, last + 1) indices of body text; (n, n) when there is none."""
    text_rows = [i for i, kind in enumerate(kinds) if kind is Kind.TEXT]
    if not text_rows:
        return len(kinds), len(kinds)
    return text_rows[0], text_rows[-1] + 1


def demote_body_dates(kinds: list[Kind]) -> None:
    """Keep date-only lines inside the body as text: in a timeline they are headings, not a dateline."""
    start, end = body_bounds(kinds)
    for i in range(start, end):
        if kinds[i] is Kind.DATE_ONLY:
            kinds[i] = Kind.TEXT


def mark_author_box(lines: list[Line], kinds: list[Kind]) -> None:
    """Mark the short author bio that follows a byline at the end of the article (003)."""
    start, _ = body_bounds(kinds)
    # Only the last few non-blank lines can be "a byline followed by at most MAX_BIO_LINES lines";
    # looking at just those keeps this linear on inputs with thousands of bylines.
    tail = [i for i in range(len(kinds) - 1, -1, -1) if kinds[i] is not Kind.BLANK][: MAX_BIO_LINES + 1]
    for i in sorted(tail):
        line = lines[i]
        if kinds[i] is not Kind.BYLINE or i < start or line.byline is None:
            continue
        rest = [j for j in range(i + 1, len(kinds)) if kinds[j] is not Kind.BLANK]
        if not 1 <= len(rest) <= MAX_BIO_LINES or any(kinds[j] is not Kind.TEXT for j in rest):
            continue
        # Only a bio that names the author: anything else after a late byline stays body text.
        first_name = line.byline.author.split()[0]
        if re.search(rf"\b{re.escape(first_name)}\b", lines[rest[0]].text):
            for j in rest:
                kinds[j] = Kind.BIO
