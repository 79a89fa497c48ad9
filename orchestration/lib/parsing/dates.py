"""Recognising and parsing the publication dates that articles state explicitly."""

from __future__ import annotations

import re
import warnings
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from dateutil import parser as dateutil_parser

# Only strings this short are handed to dateutil: a date never needs more, and it keeps the cost bounded.
MAX_DATE_TEXT = 80

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?"

# A date is "explicit" only with a year, a month and a day: dateutil would happily turn "Thursday" or
# "May 2023" into a timestamp by filling the gaps from today's date, which is exactly what we must not do.
_DATE_CORE = re.compile(
    r"(?i:(?<![\w-])(?:"
    r"\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?"
    r"|\d{4}/\d{1,2}/\d{1,2}|\d{1,2}/\d{1,2}/\d{4}"
    rf"|{_DAY}\s{{1,3}}{_MONTH},?\s{{1,3}}\d{{4}}"
    rf"|{_MONTH}\s{{1,3}}{_DAY},?\s{{1,3}}\d{{4}}"
    r")(?![\w]))"
)

# What may surround the core in a line that is nothing but a date: weekday, time, zone, separators.
# Zone abbreviations are upper case only (the rest is case-insensitive) so ordinary words never pass;
# every token ends on a word boundary so a failing match cannot backtrack through many splits.
_DATE_DECORATION = re.compile(
    r"(?:\s|[,.|·•()\-–—]"
    rf"|(?i:(?:{_WEEKDAY}|at|on|[ap]m)\b|[ap]\.m\.)"
    r"|\d{1,2}(?::\d{2}){0,2}\b"
    r"|[A-Z]{2,5}\b|(?:UTC|GMT)?[+-]\d{1,2}(?::?\d{2})?\b)*"
)

_AMPM = re.compile(r"(?i)\b([ap])\.m\.")
_AT = re.compile(r"(?i)\s+at\s+")
_SEPARATORS = re.compile(r"\s*[|·•]\s*")
# "08.30 BST" (a dotted clock time, as British papers print it) -> "08:30".
_DOTTED_TIME = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{2})(?![\d.])")

# Common zone abbreviations (seconds east of UTC). "Z"/"UTC"/"GMT" are listed so dateutil never maps them
# to the machine's local zone, which it otherwise does when the local zone happens to be named UTC.
_ZONE_HOURS: dict[str, float] = {
    "Z": 0,
    "UT": 0,
    "UTC": 0,
    "GMT": 0,
    "WET": 0,
    "BST": 1,
    "CET": 1,
    "WAT": 1,
    "CEST": 2,
    "EET": 2,
    "CAT": 2,
    "SAST": 2,
    "EEST": 3,
    "EAT": 3,
    "MSK": 3,
    "JST": 9,
    "KST": 9,
    "AEST": 10,
    "AEDT": 11,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
    "PKT": 5,
    "IST": 5.5,  # India Standard Time, the reading of "IST" in English-language news
    "NPT": 5.75,
    "WIB": 7,
    "ICT": 7,
    "SGT": 8,
    "HKT": 8,
    "AWST": 8,
    "PHT": 8,
    "NZST": 12,
    "NZDT": 13,
}


def _region_zone(name: str, hours: int) -> tzinfo | int:
    # "ET"/"PT" mean daylight or standard time depending on the date: the zone database knows which.
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return hours * 3600


_TZINFOS: dict[str, tzinfo | int] = {
    **{name: int(hours * 3600) for name, hours in _ZONE_HOURS.items()},
    "ET": _region_zone("America/New_York", -5),
    "CT": _region_zone("America/Chicago", -6),
    "MT": _region_zone("America/Denver", -7),
    "PT": _region_zone("America/Los_Angeles", -8),
}


_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b")


def find_time(text: str) -> re.Match[str] | None:
    """Return a clock time ("08:30", "8.30") in a short date string, or None."""
    return _CLOCK.search(text)


def find_date_core(text: str) -> re.Match[str] | None:
    """Return the first explicit (year, month, day) date in a short string, or None."""
    if len(text) > MAX_DATE_TEXT:
        return None
    return _DATE_CORE.search(text)


def stated_days(text: str) -> set[date]:
    """The days of every explicit (year, month, day) date written in a text of any length."""
    days = set()
    for match in _DATE_CORE.finditer(text):
        parsed = _try_parse(match.group(0))
        if parsed is not None:
            days.add(parsed.date())
    return days


def is_date_only(text: str) -> bool:
    """True when a short string is a date and nothing else (weekday, time and zone allowed)."""
    match = find_date_core(text)
    if match is None:
        return False
    leftover = text[: match.start()] + " " + text[match.end() :]
    return _DATE_DECORATION.fullmatch(leftover) is not None


def _utc_naive(value: datetime) -> datetime:
    if value.tzinfo is None:
        # A time stated without a zone is taken as UTC (documented project rule).
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def _try_parse(text: str) -> datetime | None:
    with warnings.catch_warnings():
        # Unknown zone names only warn; the stated clock time is then kept as if it were UTC.
        warnings.simplefilter("ignore")
        try:
            return dateutil_parser.parse(text, tzinfos=_TZINFOS)
        except (ValueError, OverflowError, TypeError, LookupError):
            return None


@dataclass(frozen=True)
class StatedDate:
    """A stated publication time three ways: in UTC, as the page states it (its local clock), and the zone's offset.

    ``local`` is the wall-clock time the page printed (midnight for a bare date), so its day is the page's own day
    even where the UTC conversion moves it ("2024-04-12T01:30+09:00" is 2024-04-11 16:30 UTC, local day the 12th).
    ``utc_offset_minutes`` is None when the text states no zone; the time is then taken as UTC (project rule).
    """

    utc: datetime
    local: datetime
    utc_offset_minutes: int | None


def parse_stated_date(text: str | None, *, now: datetime | None = None) -> StatedDate | None:
    """Parse an explicitly stated date; None if absent, impossible or more than a day in the future of ``now``."""
    if not text:
        return None
    text = text.strip()
    match = find_date_core(text)
    if match is None:
        return None
    cleaned = _DOTTED_TIME.sub(r"\1:\2", _AT.sub(" ", _AMPM.sub(r"\1m", _SEPARATORS.sub(" ", text))))
    parsed = _try_parse(cleaned)
    if parsed is None:
        # Surrounding words dateutil cannot read: fall back to the bare date without its time.
        parsed = _try_parse(match.group(0))
    if parsed is None:
        return None
    try:
        result = _utc_naive(parsed)
        offset = parsed.utcoffset() if parsed.tzinfo is not None else None
    except (ValueError, OverflowError):
        return None
    reference = _utc_naive(now) if now is not None else datetime.now(UTC).replace(tzinfo=None)
    if result > reference + timedelta(days=1):
        # A publication date in the future is a scraping error (or a typo), not a fact.
        return None
    minutes = None if offset is None else round(offset.total_seconds() / 60)
    return StatedDate(utc=result, local=parsed.replace(tzinfo=None), utc_offset_minutes=minutes)


def parse_date(text: str | None, *, now: datetime | None = None) -> datetime | None:
    """Parse an explicitly stated date into a naive UTC datetime; None if absent, impossible or future."""
    stated = parse_stated_date(text, now=now)
    return stated.utc if stated else None
