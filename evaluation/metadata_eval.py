"""The metadata parser against the truth: 295 Wikinews files (and their title lines rewritten), the five seeds.

On Wikinews the parser is scored on the dev and the test part (splits.csv) beside a bare baseline, made in the same
command from libraries alone: the first non-empty line as the title, the first date `dateparser.search` finds as the
date, the first http(s) URL as the url and its registrable domain (tldextract) as source_domain, nothing else.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from dateparser.search import search_dates

from evaluation.corpora import SEED_DIR, read_wikinews_metadata
from evaluation.scoring import FieldTally, tally_field
from evaluation.splits import DEV, TEST, read_splits
from orchestration.lib.ingest import decode_bytes
from orchestration.lib.parsing import ParsedArticle, parse_article
from orchestration.lib.parsing.domains import registrable_domain

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# Written independently of the parser's rules, so the truth does not inherit the parser's blind spots.
DATELINE = re.compile(rf"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (?:{_MONTHS}) \d{{1,2}}, \d{{4}}")
# Wikinews pages never state these in the text: any value the parser finds is an invention.
NEVER_STATED = ("url", "author", "source_domain", "source_name", "original_source_domain")
WIKINEWS_FIELDS = ("title", "published date", *NEVER_STATED)
SEED_FIELDS = ("title", "url", "source_domain", "author", "published_at")
MAX_EXAMPLES = 5
NEWSMON, BARE = "newsmon", "bare baseline"
METADATA_SYSTEMS = (NEWSMON, BARE)
# The bare baseline's "today" for relative dates ("yesterday", "on Monday"): fixed, so the report does not move with
# the day it is made (a relative date is right only by chance either way).
BARE_RELATIVE_BASE = datetime(2025, 1, 1)
_FIRST_URL = re.compile(r"https?://\S+")

_NOTHING = dict.fromkeys(SEED_FIELDS)
# From the task brief and tests/unit/test_parsing_seeds.py: what each seed file really states.
SEED_EXPECTED: dict[str, dict[str, object]] = {
    "000": _NOTHING,
    "001": {
        "title": "Russia Sends Instructors, Air Defense System to Niger",
        "url": "https://www.themoscowtimes.com/2024/04/12/russia-sends-instructors-air-defense-system-to-niger-a84819",
        "source_domain": "themoscowtimes.com",
        "author": None,
        "published_at": datetime(2024, 4, 12, 7, 0, 0),
    },
    "002": _NOTHING,
    "003": {
        **_NOTHING,
        "title": "Russian military trainers arrive in Niger as relations with US sour",
        "source_domain": "thelocalreport.in",
        "author": "Surja",
    },
    "004": {**_NOTHING, "source_domain": "nbcnews.com"},
}


@dataclass(frozen=True)
class WikinewsResult:
    """Per-field tallies over the Wikinews files, with a few failing files per field to look at; by_split: the
    tallies of each system (newsmon, the bare baseline) on each split."""

    tallies: dict[str, FieldTally]
    examples: dict[str, list[str]]
    dateline_not_on_line_3: list[str]
    by_split: dict[tuple[str, str], dict[str, FieldTally]]
    split_files: dict[str, int]


@dataclass(frozen=True)
class SeedCheck:
    """One field of one seed file: what it states and what the parser returned."""

    file: str
    field: str
    expected: object
    parsed: object

    @property
    def ok(self) -> bool:
        return self.expected == self.parsed


def states_dateline(text: str) -> bool:
    """A file states its date when one of its lines is a whole dateline such as "Friday, January 4, 2019"."""
    # Any line, not only line 3: a review banner pushes the dateline of a few 2020 pages further down.
    return any(DATELINE.fullmatch(line.strip()) for line in text.split("\n"))


def _clean(value: str | None) -> str | None:
    # metadata.csv and decoded text may differ in Unicode form or spacing, which is not a parser error.
    return " ".join(unicodedata.normalize("NFC", value).split()) if value is not None else None


def _decode_and_parse(path: Path) -> tuple[str, ParsedArticle]:
    text = decode_bytes(path.read_bytes()).text or ""
    return text, parse_article(text)


def _parsed_values(parsed: ParsedArticle) -> dict[str, object]:
    values: dict[str, object] = {field: getattr(parsed, field) for field in NEVER_STATED}
    values["title"] = _clean(parsed.title)
    values["published date"] = parsed.published_at.date() if parsed.published_at else None
    return values


def bare_values(text: str) -> dict[str, object]:
    """The bare baseline's reading of a plain-text file: libraries and the first match of each, no project rule."""
    title = next((line for line in text.split("\n") if line.strip()), None)
    dates = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": BARE_RELATIVE_BASE})
    url_match = _FIRST_URL.search(text)
    url = url_match.group(0) if url_match else None
    values: dict[str, object] = dict.fromkeys(NEVER_STATED)
    values.update(
        {
            "title": _clean(title),
            "published date": dates[0][1].date() if dates else None,
            "url": url,
            "source_domain": registrable_domain(url),
        }
    )
    return values


def _describe(truth: object, parsed: object) -> str:
    if truth is None:
        return f"invented {parsed!r}"
    return "missed" if parsed is None else f"wrong {parsed!r} (true {truth!r})"


def evaluate_wikinews(corpora: Path) -> WikinewsResult:
    """Decode and parse every Wikinews file and compare each field with metadata.csv; the bare baseline beside it,
    and both on dev and test."""
    cases: dict[str, list[tuple[object, object]]] = {field: [] for field in WIKINEWS_FIELDS}
    examples: dict[str, list[str]] = {field: [] for field in WIKINEWS_FIELDS}
    split_cases: dict[tuple[str, str], dict[str, list[tuple[object, object]]]] = {
        (system, part): {field: [] for field in WIKINEWS_FIELDS} for system in METADATA_SYSTEMS for part in (DEV, TEST)
    }
    splits = read_splits()
    split_files = Counter()
    off_line_3 = []
    for row in read_wikinews_metadata(corpora):
        text, parsed = _decode_and_parse(corpora / "wikinews" / row["file"])
        dated = states_dateline(text)
        lines = text.split("\n")
        if dated and not (len(lines) > 2 and DATELINE.fullmatch(lines[2].strip())):
            off_line_3.append(row["file"])
        truth: dict[str, object] = dict.fromkeys(NEVER_STATED)
        truth["title"] = _clean(row["title"])  # every file states its title on line 1
        truth["published date"] = date.fromisoformat(row["date"]) if dated else None
        got = _parsed_values(parsed)
        part = splits[("wikinews", row["file"])]
        split_files[part] += 1
        for field in WIKINEWS_FIELDS:
            cases[field].append((truth[field], got[field]))
            if truth[field] != got[field] and len(examples[field]) < MAX_EXAMPLES:
                examples[field].append(f"`{row['file']}`: {_describe(truth[field], got[field])}")
        for system, values in ((NEWSMON, got), (BARE, bare_values(text))):
            for field in WIKINEWS_FIELDS:
                split_cases[(system, part)][field].append((truth[field], values[field]))
    tallies = {field: tally_field(pairs) for field, pairs in cases.items()}
    by_split = {
        key: {field: tally_field(pairs) for field, pairs in fields.items()} for key, fields in split_cases.items()
    }
    return WikinewsResult(tallies, examples, off_line_3, by_split, dict(split_files))


def evaluate_seeds(seed_dir: Path = SEED_DIR) -> list[SeedCheck]:
    """Decode and parse the five seed files and compare every field with what the file states."""
    checks = []
    for prefix, expected in SEED_EXPECTED.items():
        paths = sorted(seed_dir.glob(f"{prefix}_*.txt"))
        if not paths:
            raise FileNotFoundError(f"seed file {prefix}_*.txt not found in {seed_dir}")
        _, parsed = _decode_and_parse(paths[0])
        for field in SEED_FIELDS:
            checks.append(SeedCheck(paths[0].name, field, expected[field], getattr(parsed, field)))
    return checks


@dataclass(frozen=True)
class TitleLineResult:
    """Plain-text title lines on one split of Wikinews: as shipped, headless, and with a wrapped body."""

    split: str
    files: int
    titles_right: int
    headless_titles: int
    wrapped_right: int


WRAP_WIDTH = 72


def _title_variants(text: str) -> tuple[str, str] | None:
    """(headless, wrapped) forms of a Wikinews file: without its title and dateline, and with its body's paragraphs
    wrapped at WRAP_WIDTH under the title line; None when the file has no body below its header."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if i > 2 and line.strip()), None)
    if start is None:
        return None
    paragraphs = [line for line in lines[start:] if line.strip()]
    wrapped_body = "\n\n".join("\n".join(textwrap.wrap(p, WRAP_WIDTH)) for p in paragraphs)
    return "\n".join(lines[start:]), f"{lines[0]}\n\n{wrapped_body}"


def evaluate_title_lines(corpora: Path) -> list[TitleLineResult]:
    """Title lines on dev and test: the title kept as shipped, none taken from a headless file's lead sentence, the
    title found above a wrapped body."""
    splits = read_splits()
    counts = {part: Counter() for part in (DEV, TEST)}
    for row in read_wikinews_metadata(corpora):
        text, parsed = _decode_and_parse(corpora / "wikinews" / row["file"])
        variants = _title_variants(text)
        if variants is None:
            continue
        headless, wrapped = variants
        truth = _clean(row["title"])
        tally = counts[splits[("wikinews", row["file"])]]
        tally["files"] += 1
        tally["titles_right"] += _clean(parsed.title) == truth
        tally["headless_titles"] += parse_article(headless).title is not None
        tally["wrapped_right"] += _clean(parse_article(wrapped).title) == truth
    return [TitleLineResult(part, **{k: counts[part][k] for k in TITLE_LINE_COUNTS}) for part in (DEV, TEST)]


TITLE_LINE_COUNTS = ("files", "titles_right", "headless_titles", "wrapped_right")
