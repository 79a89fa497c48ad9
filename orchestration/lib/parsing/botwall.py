"""Bot walls: what a scraper saved when a site answered with a challenge or block page instead of the article
("Request unsuccessful. Incapsula incident ID ...", "Just a moment...", "You need to enable JavaScript to run this
app."). Such a record is quarantined with the reason, not kept as an article.

A marker alone is not enough: real pages carry "enable JavaScript" in a <noscript> note beside the whole article. So a
record is a bot wall only when what is left of it after extraction is short.
"""

from __future__ import annotations

import re

REASON_PREFIX = "bot wall"
# A page whose extracted title and body hold at most this many words, and a marker, is a block or challenge page.
MAX_WORDS = 120
MARKERS = (
    "incapsula incident id",
    "request unsuccessful",
    "enable javascript",
    "javascript is disabled",
    "javascript is required",
    "just a moment...",
    "checking your browser",
    "checking if the site connection is secure",
    "attention required! | cloudflare",
    "verify you are human",
    "verify you are a human",
    "are you a robot",
    "not a robot",
    "complete the security check",
    "please enable cookies",
    "access denied",
    "you don't have permission to access",
    "your request has been blocked",
    "unusual traffic from your computer network",
    "ddos protection by",
)
_SPACE = re.compile(r"\s+")


def bot_wall_reason(title: str | None, body: str) -> str | None:
    """The quarantine reason when the record is a challenge or block page, else None."""
    text = _SPACE.sub(" ", f"{title or ''} {body}").strip().lower().replace("’", "'")
    if not text or len(text.split()) > MAX_WORDS:
        return None
    marker = next((marker for marker in MARKERS if marker in text), None)
    return None if marker is None else f'{REASON_PREFIX}: the page says "{marker}" and holds no article'
