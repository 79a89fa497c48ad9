"""The dashboards in a real browser (Debian's Chromium via Playwright): every page shows real content, no console
error, and an article full of markup is shown as text with none of its scripts running."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from dashboards import screenshots as ui
from tests.dashboards.conftest import SCRIPT_TITLE

pytestmark = pytest.mark.skipif(
    not Path(ui.CHROMIUM).exists(),
    reason=f"no Chromium at {ui.CHROMIUM}: install Debian's package (apt-get install chromium) to run the browser test",
)

# What an analyst must see on each page of the seed warehouse (SVG legends and DOM text, not canvas tables).
EXPECTED = {
    "Overview": ["Articles by source over time", "The Moscow Times", "Top entities by articles"],
    "Search": ["Attention over time", "share of all articles", "Top entities in the matches", "Matching sentences"],
    "Trending": ["Entity spikes", "New watchlist matches", "Watchlist spikes"],
    "Entities": ["Vladimir Putin", "Russia Sends Instructors, Air Defense System to Niger", "Places in its articles"],
    "Sources": ["Volume over time", "The Moscow Times"],
    "Stories": ["Russia Sends Instructors, Air Defense System to Niger"],
    "Data quality": ["Files ledger", "Fields missing per source", "Article files"],
}


@pytest.fixture(scope="module")
def browser_page(warehouse: Path) -> Iterator[tuple[object, list[str]]]:
    """The app served over the seed warehouse, one Chromium page on it, and every console error it logged."""
    errors: list[str] = []
    with ui.serve(warehouse) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=ui.CHROMIUM, args=ui.CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": ui.WIDTH, "height": 900})
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
        # An alert() from article text would open a dialog: record it (and dismiss it so the page goes on).
        page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        page.goto(url)
        ui.settle(page)
        yield page, errors
        browser.close()


def test_every_page_shows_real_content(browser_page, warehouse: Path, tmp_path: Path) -> None:
    page, errors = browser_page
    for title in ui.PAGES:
        ui.open_page(page, title)
        if title == "Entities":
            ui.search_entity(page, "Putin")
        if title == "Search":
            ui.search_query(page, "niger")
        main = page.get_by_test_id("stMain")
        for text in EXPECTED[title]:
            expect(main.get_by_text(text).filter(visible=True).first, f"{title}: {text}").to_be_visible()
        assert not page.get_by_test_id("stException").count(), title
        ui.screenshot(page, tmp_path / f"{ui.slug(title)}.png")
        assert (tmp_path / f"{ui.slug(title)}.png").stat().st_size > 10_000
    assert errors == []


def test_article_markup_is_text_and_never_runs(browser_page, warehouse: Path) -> None:
    page, errors = browser_page
    ui.open_page(page, "Entities")
    ui.search_entity(page, "Vladimir Putin")
    main = page.get_by_test_id("stMain")
    # The markup is on screen as characters...
    expect(main.get_by_text(SCRIPT_TITLE, exact=True).filter(visible=True).first).to_be_visible()
    expect(main.get_by_text('<img src=x onerror="window.__xss = 3">').filter(visible=True).first).to_be_visible()
    # ...and none of it became an element or ran.
    assert page.evaluate("() => window.__xss") is None
    assert main.locator("img[src='x'], iframe, script").count() == 0
    assert main.locator("b", has_text="Bold").count() == 0
    ui.open_page(page, "Stories")  # the title is also a story's headline
    main.get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name=re.compile("claims about Vladimir Putin")).click()
    ui.settle(page)
    expect(main.get_by_text(SCRIPT_TITLE).filter(visible=True).first).to_be_visible()
    assert main.locator("b", has_text="Bold").count() == 0
    assert page.evaluate("() => window.__xss") is None
    assert errors == []


def test_search_with_markup_shows_it_as_text(browser_page) -> None:
    page, errors = browser_page
    ui.open_page(page, "Search")
    main = page.get_by_test_id("stMain")
    # A query holding markup that matches nothing: the message shows the query's characters.
    ui.search_query(page, "<script>alert(1)</script> niger")
    expect(main.get_by_text("No article matches <script>alert(1)</script> niger").first).to_be_visible()
    # One that matches the script article: its sentences, markup and all, as text with the terms marked.
    ui.search_query(page, "<script>alert(1)</script> OR niger")
    card = main.locator("div", has_text="example-xss.com").last
    expect(main.get_by_text('<img src=x onerror="window.__xss = 3">', exact=False).first).to_be_visible()
    expect(main.locator("mark", has_text="alert").first).to_be_visible()
    assert card.count() > 0
    assert main.locator("img[src='x'], iframe, script").count() == 0
    assert main.locator("b", has_text="Bold").count() == 0
    # A bad query with markup: the parser's message and the query, as text.
    ui.search_query(page, "<b>wagner</b> NEAR/x niger")
    expect(main.get_by_text("NEAR needs a distance").first).to_be_visible()
    expect(main.get_by_text("<b>wagner</b> NEAR/x niger").first).to_be_visible()
    assert main.locator("b", has_text="wagner").count() == 0
    assert page.evaluate("() => window.__xss") is None
    assert errors == []
