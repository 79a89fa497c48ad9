"""The metadata parser against the truth: 295 Wikinews files and the five seed articles."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from evaluation.corpora import SEED_DIR, read_wikinews_metadata
from evaluation.scoring import FieldTally, tally_field
from orchestration.lib.ingest import decode_bytes
from orchestration.lib.parsing import ParsedArticle, parse_article

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# Written independently of the parser's rules, so the truth does not inherit the parser's blind spots.
DATELINE = re.compile(rf"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (?:{_MONTHS}) \d{{1,2}}, \d{{4}}")
# Wikinews pages never state these in the text: any value the parser finds is an invention.
NEVER_STATED = ("url", "author", "source_domain", "source_name", "original_source_domain")
WIKINEWS_FIELDS = ("title", "published date", *NEVER_STATED)
SEED_FIELDS = ("title", "url", "source_domain", "author", "published_at")
MAX_EXAMPLES = 5

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
    """Per-field tallies over the Wikinews files, with a few failing files per field to look at."""

    tallies: dict[str, FieldTally]
    examples: dict[str, list[str]]
    dateline_not_on_line_3: list[str]


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


def _describe(truth: object, parsed: object) -> str:
    if truth is None:
        return f"invented {parsed!r}"
    return "missed" if parsed is None else f"wrong {parsed!r} (true {truth!r})"


def evaluate_wikinews(corpora: Path) -> WikinewsResult:
    """Decode and parse every Wikinews file and compare each field with metadata.csv."""
    cases: dict[str, list[tuple[object, object]]] = {field: [] for field in WIKINEWS_FIELDS}
    examples: dict[str, list[str]] = {field: [] for field in WIKINEWS_FIELDS}
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
        for field in WIKINEWS_FIELDS:
            cases[field].append((truth[field], got[field]))
            if truth[field] != got[field] and len(examples[field]) < MAX_EXAMPLES:
                examples[field].append(f"`{row['file']}`: {_describe(truth[field], got[field])}")
    tallies = {field: tally_field(pairs) for field, pairs in cases.items()}
    return WikinewsResult(tallies, examples, off_line_3)


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
