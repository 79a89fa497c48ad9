"""Plain-text title lines: only a real title line is the title; a lead sentence stays the body's first line.

The files in tests/data/title_lines are written for these tests: titles above a body (wrapped at a fixed width or
not), and bodies whose first line is a lead sentence with no title above it.
"""

from pathlib import Path

import pytest

from orchestration.lib.parsing import parse_article
from orchestration.lib.parsing.structure import reads_as_lead

FILES = Path(__file__).resolve().parents[1] / "data" / "title_lines"


def _parse(name: str):
    return parse_article((FILES / f"{name}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "title", "body_start"),
    [
        ("title_above_paragraphs", "Lake ferry crews accept new rosters", "Crews on the lake ferries"),
        # The body's first line has no sentence end: it runs on into the next line, as wrapped text does.
        ("title_above_wrapped_body", "Tram line to the airport opens two years late", "The first tram to the airport"),
    ],
)
def test_a_title_line_above_the_body_is_the_title_and_leaves_the_body(name, title, body_start):
    article = _parse(name)
    assert article.title == title
    assert article.body.startswith(body_start)


@pytest.mark.parametrize(
    ("name", "body_start"),
    [
        ("lead_with_two_sentences", "The library reopened its reading room"),  # a sentence ends inside the line
        ("lead_long_in_lower_case", "Volunteers from three villages"),  # long, in running lower case
        ("lead_wrapped_without_title", "Volunteers from three villages"),  # the paragraph continues on the next line
        ("quote_attribution_first", "— Marta Quispe"),  # an attribution hanging off a dash
    ],
)
def test_a_lead_sentence_is_no_title_and_stays_in_the_body(name, body_start):
    article = _parse(name)
    assert article.title is None
    assert article.body.startswith(body_start)


@pytest.mark.parametrize(
    "line",
    [
        "Dr. Okafor opens the new maternity ward in Enugu",  # an abbreviation is no sentence end
        "U.S. and Mexico agree water deal for the Rio Grande",
        "Why the harbour bridge will close for a month",
        "Sixteen Questions For The New Mayor Of Valparaíso About Water, Housing, Buses, Schools And The Port",
    ],
)
def test_headlines_do_not_read_as_lead_sentences(line):
    assert not reads_as_lead(line)
