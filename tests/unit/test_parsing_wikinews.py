"""Real Wikinews articles: title on line 1, a dateline (in most 2019 files), then the body."""

import csv
import re
from datetime import date, datetime

import pytest

from evaluation.corpora import DEFAULT_CORPORA
from orchestration.lib.parsing import parse_article

WIKINEWS = DEFAULT_CORPORA / "wikinews"
NOW = datetime(2025, 1, 1)
# Independent of the parser's own rules: the dateline Wikinews prints on line 3 (lower under a review banner).
DATELINE = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, [A-Z][a-z]+ \d{1,2}, \d{4}")


def _rows() -> list[dict[str, str]]:
    with open(WIKINEWS / "metadata.csv", encoding="utf-8", newline="") as handle:
        return sorted(csv.DictReader(handle), key=lambda row: row["file"])


def _states_dateline(text: str) -> bool:
    # Any line: a review banner pushes the dateline of two 2020 pages below line 3.
    return any(DATELINE.fullmatch(line.strip()) for line in text.split("\n"))


ROWS = _rows()
TEXTS = {row["file"]: (WIKINEWS / row["file"]).read_text(encoding="utf-8") for row in ROWS}
DATED = [row for row in ROWS if _states_dateline(TEXTS[row["file"]])]
UNDATED = [row for row in ROWS if not _states_dateline(TEXTS[row["file"]])]


def _sample(rows: list[dict[str, str]], size: int) -> list[dict[str, str]]:
    step = max(1, len(rows) // size)
    return rows[::step][:size]


@pytest.mark.parametrize("row", _sample(DATED, 20), ids=lambda row: row["file"][:40])
def test_dated_wikinews_article_yields_its_true_title_and_date(row):
    article = parse_article(TEXTS[row["file"]], now=NOW)
    assert article.title == row["title"]
    assert article.published_at is not None
    assert article.published_at.date() == date.fromisoformat(row["date"])
    assert not article.body.startswith(row["title"])
    assert article.published_at_text not in article.body


@pytest.mark.parametrize("row", _sample(UNDATED, 10), ids=lambda row: row["file"][:40])
def test_undated_wikinews_article_has_no_date(row):
    article = parse_article(TEXTS[row["file"]], now=NOW)
    assert article.published_at is None
    # No dateline, yet the headline stands alone on line 1 above the paragraphs: it is still the title.
    assert article.title == row["title"]
    assert not article.body.startswith(row["title"])


def test_every_wikinews_title_is_found_and_nothing_is_invented():
    for row in ROWS:
        article = parse_article(TEXTS[row["file"]], now=NOW)
        assert article.title == row["title"], row["file"]
        if article.published_at is not None:
            assert article.published_at.date() == date.fromisoformat(row["date"]), row["file"]
        assert (article.author, article.url, article.source_domain) == (None, None, None), row["file"]


def test_every_wikinews_dateline_is_found():
    missed = [row["file"] for row in DATED if parse_article(TEXTS[row["file"]], now=NOW).published_at is None]
    assert missed == []
    assert len(DATED) == 177
