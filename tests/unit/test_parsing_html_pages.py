"""The HTML pages of the accuracy report: each listed with what it states, and scored for both systems."""

from datetime import date

from evaluation.html_eval import FIELDS, NEWSMON, PAGES_DIR, SYSTEMS, TRAFILATURA, evaluate_html_pages, read_expected
from evaluation.html_eval import render_section as render
from evaluation.metadata_eval import TitleLineResult


def test_every_page_is_listed_once_with_a_style_and_every_listed_page_exists():
    rows = read_expected()
    listed = [row["file"] for row in rows]
    assert sorted(listed) == sorted(path.name for path in PAGES_DIR.glob("*.html"))
    assert len(set(listed)) == len(listed) >= 10
    assert all(row["style"] for row in rows)
    for row in rows:  # a bot wall states nothing else; every other page states its title and day
        if row["bot_wall"] == "yes":
            assert not (row["title"] or row["authors"] or row["published_date"]), row["file"]
        else:
            assert row["title"] and date.fromisoformat(row["published_date"]), row["file"]


def test_each_page_is_read_by_both_systems_and_the_section_shows_them_side_by_side():
    outcomes = evaluate_html_pages()
    assert {(o.file, o.system) for o in outcomes} == {(row["file"], s) for row in read_expected() for s in SYSTEMS}
    assert all(set(o.found) == set(FIELDS) == set(o.truth) for o in outcomes)
    section = "\n".join(render(outcomes, [TitleLineResult("dev", 3, 3, 0, 2)]))
    assert f"{NEWSMON} dev" in section and f"{TRAFILATURA} test" in section
    assert "| dev | 3 / 3 | 0 / 3 | 2 / 3 |" in section
