"""Context rules that need neighbouring lines: title, bare name line, body datelines, author box."""

from __future__ import annotations

import re

from .lines import Kind, Line

TITLE_MAX_WORDS = 30  # long interview headlines run past 20 words; confirmation is the real guard
TITLE_MAX_CHARS = 200
# Kinds that, right after a candidate title, show the page has a header (so the candidate is a title).
_CONFIRMING = frozenset({Kind.READ_TIME, Kind.KEY_VALUE, Kind.DATED, Kind.BYLINE, Kind.DATE_ONLY, Kind.NAME})
# Metadata that may come before the headline.
_HEADER = frozenset({Kind.KEY_VALUE, Kind.DATED, Kind.BYLINE, Kind.DATE_ONLY, Kind.READ_TIME, Kind.SYNDICATION})
_HEADER_NEIGHBOURS = frozenset({Kind.BYLINE, Kind.DATED, Kind.KEY_VALUE, Kind.READ_TIME, Kind.NAME})
# Lines looked through when pairing a headline with what follows it.
_SKIPPABLE = frozenset({Kind.BLANK, Kind.BOILER, Kind.PROMO})
_CLOSERS = "\"'”’»)] "
# A final full stop that belongs to an abbreviation ("… in the U.S.") does not end a sentence.
_ABBREVIATION_END = re.compile(r"(?:\b(?:[A-Z]\.){2,}|\b(?:Jr|Sr|St|Inc|Co|Ltd|Corp|Dr|Mr|Mrs|Ms)\.)$")
MAX_BIO_LINES = 3
# A line standing alone above the body is still its lead sentence, not a headline, when it reads as prose: a sentence
# ends inside it ("... the first half. They went ..."), or it is long and written in running lower case. Headlines of
# that length are set in title case or sit above a byline or date, which confirms them (chosen on the dev split).
LEAD_MIN_WORDS = 20
LEAD_MIN_LOWER_SHARE = 0.6
# A paragraph wrapped at a fixed width (e-mail, plain-text exports) has no sentence end on its first line: a line of
# this many words running straight into the next is body text too, so the headline above it is confirmed.
WRAPPED_LINE_MIN_WORDS = 8
_SENTENCE_END_INSIDE = re.compile(r"\b(?P<word>\w+)[.!?][\"'”’)]?\s+[\"'“‘(]?[A-Z]")
_ABBREVIATIONS = frozenset("mr mrs ms dr st jr sr vs gov sen rep gen col lt sgt capt prof no mt ft".split())
_LIST_OR_QUOTE_MARKS = ("-", "–", "—", "•", "*")
_MAX_SHORT_LINES_BEFORE_BODY = 3


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
    """Mark a bare author-name line next to its byline ("Surja" / "By Surja"), and a place or outlet line
    ("Johannesburg", "Reuters") printed right under a byline."""
    for i, line in enumerate(lines):
        if kinds[i] is not Kind.BYLINE:
            continue
        for j in (i - 1, i + 1):
            if not (0 <= j < len(lines) and kinds[j] is Kind.TEXT):
                continue
            if line.byline is not None and _norm(lines[j].text) == _norm(line.byline.author):
                kinds[j] = Kind.NAME
            elif j == i + 1 and _byline_trailer(lines[j].text) and (j + 1 == len(kinds) or kinds[j + 1] is Kind.BLANK):
                kinds[j] = Kind.BOILER


def _byline_trailer(text: str) -> bool:
    words = text.replace(",", " ").split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() and w.isalpha() for w in words)


def _headline_shaped(text: str) -> bool:
    """Short, with a letter, and not ending like a sentence, a list item or a dateline ("NIAMEY —")."""
    return (
        len(text) <= TITLE_MAX_CHARS
        and len(text.split()) <= TITLE_MAX_WORDS
        and any(c.isalpha() for c in text)
        and not ends_like_sentence(text)
        and not text.rstrip(_CLOSERS).endswith(("-", "–", "—"))
    )


def reads_as_lead(text: str) -> bool:
    """True when a headline-shaped line is prose: a sentence ends inside it, it hangs off a dash or bullet (a list
    item, a quote's attribution), or it is long and mostly lower case, as a lead sentence is."""
    if text.startswith(_LIST_OR_QUOTE_MARKS):
        return True
    for match in _SENTENCE_END_INSIDE.finditer(text):
        word = match.group("word")
        if len(word) > 1 and word[-1].islower() and word.casefold() not in _ABBREVIATIONS:
            return True
    return len(text.split()) >= LEAD_MIN_WORDS and reads_as_prose(text)


def reads_as_prose(text: str) -> bool:
    """A line of running text, as the first line of a paragraph wrapped at a fixed width is: many words, mostly in
    lower case (a list of short items or names is not)."""
    words = text.split()
    if len(words) < WRAPPED_LINE_MIN_WORDS:
        return False
    return sum(1 for word in words[1:] if word[:1].islower()) / (len(words) - 1) >= LEAD_MIN_LOWER_SHARE


def _next_meaningful(kinds: list[Kind], start: int) -> int | None:
    """Next line that is neither blank nor removable page furniture (a review banner, "Share This Article")."""
    for i in range(start, len(kinds)):
        if kinds[i] not in _SKIPPABLE:
            return i
    return None


def mark_title(lines: list[Line], kinds: list[Kind], stated_title: str | None) -> str | None:
    """Mark the headline (the first text line, when shaped and placed like one) as the title; return it."""
    if stated_title is not None:
        # A "Title:" header states it; drop the headline from the body if the page prints it again.
        _drop_repeats(lines, kinds, stated_title)
        return stated_title
    # The headline opens the page, or follows only a metadata header ("URL: …", "By …", a dateline).
    first = next((i for i, kind in enumerate(kinds) if kind not in _SKIPPABLE and kind not in _HEADER), None)
    if first is None or kinds[first] is not Kind.TEXT:
        return None
    candidate = lines[first].text
    if not _headline_shaped(candidate) or first + 1 >= len(kinds):
        return None
    following = _next_meaningful(kinds, first + 1)
    if following is None:
        return None
    repeated = kinds[following] is Kind.TEXT and _norm(lines[following].text) == _norm(candidate)  # 001
    # Metadata right below (a byline, a dateline, a read time) confirms a headline, blank line or not.
    # Otherwise a headline stands alone: a blank line, then the body's paragraphs. A short line that runs
    # straight into the next one (000, 002) is the body's first paragraph, not a headline.
    standalone = (
        kinds[first + 1] is Kind.BLANK
        and kinds[following] is Kind.TEXT
        and not reads_as_lead(candidate)
        and _body_follows(lines, kinds, following)
    )
    if repeated or kinds[following] in _CONFIRMING or standalone:
        _drop_repeats(lines, kinds, candidate)
        return candidate
    return None


def _drop_repeats(lines: list[Line], kinds: list[Kind], title: str) -> None:
    """Mark the headline and its copies above the body (a page may print it twice) as the title."""
    wanted = _norm(title)
    for i, kind in enumerate(kinds):
        if kind is Kind.TEXT:
            if _norm(lines[i].text) != wanted:
                return
            kinds[i] = Kind.TITLE


def _body_follows(lines: list[Line], kinds: list[Kind], start: int) -> bool:
    # A short line such as a place ("Lusaka, Zambia") may come first; the paragraphs must follow soon.
    seen = 0
    for i in range(start, len(kinds)):
        if kinds[i] is Kind.TEXT:
            wrapped = i + 1 < len(kinds) and kinds[i + 1] is Kind.TEXT and reads_as_prose(lines[i].text)
            if _reads_as_body(lines[i].text) or wrapped:
                return True
            seen += 1
            if seen >= _MAX_SHORT_LINES_BEFORE_BODY:
                return False
    return False


def _reads_as_body(text: str) -> bool:
    """A paragraph: it ends like a sentence, or it is too long to be one more headline-like line."""
    return ends_like_sentence(text) or text.rstrip(_CLOSERS).endswith(("!", "?")) or len(text.split()) > TITLE_MAX_WORDS


def body_bounds(kinds: list[Kind]) -> tuple[int, int]:
    """Return (first, last + 1) indices of body text; (n, n) when there is none."""
    text_rows = [i for i, kind in enumerate(kinds) if kind is Kind.TEXT]
    if not text_rows:
        return len(kinds), len(kinds)
    return text_rows[0], text_rows[-1] + 1


def demote_body_dates(kinds: list[Kind]) -> None:
    """Keep date-only lines inside the body as text: in a timeline they are headings, not a dateline.

    A date next to a byline or another metadata line is still the header's dateline, even below a kicker line.
    """
    start, end = body_bounds(kinds)
    for i in range(start, end):
        if kinds[i] is Kind.DATE_ONLY and not any(kinds[j] in _HEADER_NEIGHBOURS for j in _neighbours(kinds, i)):
            kinds[i] = Kind.TEXT


def _neighbours(kinds: list[Kind], i: int) -> list[int]:
    before = next((j for j in range(i - 1, -1, -1) if kinds[j] is not Kind.BLANK), None)
    after = _next_content(kinds, i + 1)
    return [j for j in (before, after) if j is not None]


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


# What follows the author's name at the start of a bio: "Jane Doe is …", "Jane Doe, a reporter …".
_ABOUT = re.compile(r"(?i:about the authors?)")
_BIO_CUE = (
    r"(?:\s+(?:is|are|was|were|has|have|had|covers|cover|writes|write|reports|joined|holds|serves|lives|works"
    r"|edits)\b|\s*,\s)"
)


def mark_bio(lines: list[Line], kinds: list[Kind], author: str) -> None:
    """Mark an author bio closing the page ("Jane Doe is a reporter …", or anything below "About the author")."""
    content = [i for i, kind in enumerate(kinds) if kind not in _SKIPPABLE]
    heading = next(
        (i for i in range(len(kinds) - 1, -1, -1) if kinds[i] is Kind.BOILER and _ABOUT.match(lines[i].text)), None
    )
    if heading is not None:
        below = [i for i in content if i > heading]
        has_body = any(kind is Kind.TEXT for kind in kinds[:heading])
        if has_body and 1 <= len(below) <= MAX_BIO_LINES and all(kinds[i] is Kind.TEXT for i in below):
            for i in below:
                kinds[i] = Kind.BIO
        return
    starts = [re.compile(rf"{re.escape(name)}{_BIO_CUE}") for name in (author, *author.split(" and "))]
    for i in reversed(content[-MAX_BIO_LINES:]):
        if kinds[i] is not Kind.TEXT or not any(start.match(lines[i].text) for start in starts):
            break
        if not any(kind is Kind.TEXT for kind in kinds[:i]):
            break  # never the whole body
        kinds[i] = Kind.BIO
