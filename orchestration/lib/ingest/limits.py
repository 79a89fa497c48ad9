"""Limits every reader works under, so that one hostile file is quarantined with a reason instead of stopping a run.

Each limit is far beyond what a real article or export needs (the figures say why), and each quarantine reason names
the limit it hit, so the person who sees it knows what to change: split the export, fix the page, or raise the limit.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# News-please and other crawler exports nest 2-4 levels; 64 leaves room for any sane wrapper.
MAX_JSON_DEPTH = 64
# A scraper's daily export is a few thousand records; past this, an export should be split into several files.
MAX_RECORDS_PER_FILE = 50_000
# The longest paragraph of a real article is a few thousand characters; a minified HTML page can put a whole
# page on one line (a few hundred KB). A line past this is generated junk, and line rules on it cost seconds.
MAX_LINE_CHARS = 1_000_000
# Real pages nest a few dozen elements deep (a few hundred with unclosed tags); lxml and trafilatura recurse on it.
MAX_HTML_DEPTH = 2_000
# Reading and splitting one file takes milliseconds; a file that takes this long would stall every run behind it.
MAX_SECONDS_PER_FILE = 30.0

# Elements that never hold children (HTML void elements), so they do not deepen the tree.
VOID_ELEMENTS = frozenset("area base br col embed hr img input link meta param source track wbr !doctype".split())
TAG = re.compile(r"<(/?)([A-Za-z!][A-Za-z0-9:-]*)[^<>]*?(/?)>")


class TimeLimitExceeded(Exception):
    """Raised inside a reader that ran past MAX_SECONDS_PER_FILE."""


def json_depth(document: Any) -> int:
    """Nesting depth of a parsed JSON value (a scalar is 0), computed without recursion."""
    deepest, stack = 0, [(document, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def html_depth(html: str) -> int:
    """Deepest element nesting of an HTML text by its tags (void and self-closed elements do not count)."""
    depth = deepest = 0
    for closing, name, self_closing in TAG.findall(html):
        if name.lower() in VOID_ELEMENTS or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def longest_line(text: str) -> int:
    """Length in characters of the longest line."""
    longest = start = 0
    while True:
        end = text.find("\n", start)
        longest = max(longest, (len(text) if end < 0 else end) - start)
        if end < 0:
            return longest
        start = end + 1


def text_limit_reason(kind: str, text: str) -> str | None:
    """Why a text or HTML record is over a limit, or None when it is within all of them."""
    line = longest_line(text)
    if line > MAX_LINE_CHARS:
        return f"a line of {line:,} characters (limit {MAX_LINE_CHARS:,} per line)"
    if kind == "html":
        depth = html_depth(text)
        if depth > MAX_HTML_DEPTH:
            return f"HTML nested {depth:,} elements deep (limit {MAX_HTML_DEPTH:,})"
    return None


def internal_error_reason(exc: BaseException) -> str:
    """The quarantine reason for an unexpected exception while reading one file (counted by a non-blocking check)."""
    return f"internal error: {type(exc).__name__}"


@contextmanager
def time_limit(seconds: float = MAX_SECONDS_PER_FILE) -> Iterator[None]:
    """Raise TimeLimitExceeded in the block once `seconds` have passed. Signals reach only the main thread, so
    elsewhere the block is timed afterwards instead (a reader stuck in C code is also only stopped when it returns)."""
    started = time.monotonic()
    if threading.current_thread() is not threading.main_thread():
        yield
        if time.monotonic() - started > seconds:
            raise TimeLimitExceeded
        return

    def expire(_signum: int, _frame: object) -> None:
        raise TimeLimitExceeded

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)


def time_limit_reason(seconds: float = MAX_SECONDS_PER_FILE) -> str:
    return f"reading took longer than {seconds:.0f} s (limit per file)"
