"""The bare metadata baseline of the accuracy report: the first match of each library, no project rule."""

from __future__ import annotations

from datetime import date

from evaluation.metadata_eval import bare_values

TEXT = """

Harbour ferries resume after the storm

Wednesday, March 12, 2025

Ferries between the two islands ran again on Wednesday, the operator said.
Timetables: https://ferries.example.co.uk/timetable?day=1 and https://other.example.org/
By Jane Roe
"""


def test_the_baseline_takes_the_first_line_date_and_url_and_leaves_the_rest_empty():
    values = bare_values(TEXT)
    assert values["title"] == "Harbour ferries resume after the storm"
    assert values["published date"] == date(2025, 3, 12)
    assert values["url"] == "https://ferries.example.co.uk/timetable?day=1"
    assert values["source_domain"] == "example.co.uk"
    # No rule reads a byline: a baseline of libraries alone finds no author.
    assert values["author"] is None and values["source_name"] is None and values["original_source_domain"] is None


def test_a_text_without_date_or_url_gives_none_for_them():
    values = bare_values("Storm closes harbour\n\nNo ferries ran.\n")
    assert values["title"] == "Storm closes harbour"
    assert values["published date"] is None
    assert values["url"] is None and values["source_domain"] is None
