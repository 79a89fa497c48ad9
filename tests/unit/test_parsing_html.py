"""parse_html on news pages written in the styles of real outlets, and parse_articles' dispatch on ``kind``."""

import hashlib
import json
import socket
import unicodedata
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from orchestration.lib.parsing import (
    ParsedArticle,
    parse_article,
    parse_articles,
    parse_document,
    parse_html,
    parse_json_record,
)
from orchestration.lib.parsing.frame import OUTPUT_COLUMNS
from orchestration.lib.parsing.html import clean_authors, site_keys

PAGES = Path(__file__).resolve().parents[1] / "data" / "html"
RECORDS = Path(__file__).resolve().parents[1] / "data" / "json"
NOW = datetime(2025, 1, 1)


def _page(name: str) -> str:
    return (PAGES / f"{name}.html").read_text(encoding="utf-8")


def _parse(name: str) -> ParsedArticle:
    return parse_html(_page(name), now=NOW)


def _article_page(head: str, body: str = "") -> str:
    paragraphs = body or (
        "<p>Ferry services across the harbour will return to a normal timetable from Wednesday after two unions "
        "voted to accept a revised pay offer, ending a strike that disrupted thousands of commuters.</p>"
        "<p>The agreement gives deckhands and masters a 4 per cent pay rise this year and 3.5 per cent in each of "
        "the following two years, along with new rostering rules that limit split shifts.</p>"
    )
    return f"<html><head>{head}</head><body><div class='article'>{paragraphs}</div></body></html>"


# --- meta tags and JSON-LD --------------------------------------------------------------------------------


def test_meta_tags_and_json_ld_give_title_url_outlet_and_authors():
    article = _parse("riverside_herald_jsonld")
    assert article.title == "Flooding forces thousands from homes in northern Italy"
    assert article.url == "https://www.riversideherald.co.uk/news/world/2023/05/17/flooding-italy-emilia-romagna"
    assert article.source_domain == "riversideherald.co.uk"
    assert article.source_name == "The Riverside Herald"
    assert article.author == "Maria Rossi and Tom Baker"
    assert article.original_source_domain is None


def test_publication_time_is_the_first_publication_in_utc_not_the_last_update():
    article = _parse("riverside_herald_jsonld")
    assert article.published_at == datetime(2023, 5, 17, 12, 32)  # 14:32 CEST
    assert article.published_at_text is not None and article.published_at_text.startswith("2023-05-17T14:32")


def test_the_headline_is_not_repeated_at_the_top_of_the_body():
    body = _parse("riverside_herald_jsonld").body
    assert body.startswith("Torrential rain has forced more than 10,000 people")
    assert "Flooding forces thousands" not in body


def test_paragraphs_are_separated_by_one_blank_line():
    paragraphs = _parse("riverside_herald_jsonld").body.split("\n\n")
    assert len(paragraphs) == 5
    assert all(p.strip() == p and "\n" not in p for p in paragraphs)
    assert paragraphs[-1].startswith("Italy’s government said")


def test_related_stories_and_footer_of_a_json_ld_page_stay_out_of_the_body():
    body = _parse("riverside_herald_jsonld").body
    for furniture in ("More on this story", "Drought leaves Po valley", "All rights reserved", "Skip to main", "gtag"):
        assert furniture not in body


# --- byline in the body and <time datetime> ---------------------------------------------------------------


def test_byline_in_the_body_gives_the_author_without_the_role():
    assert _parse("northgate_post_byline_time").author == "Priya Natarajan"


def test_time_element_keeps_the_clock_time_that_the_dated_url_lacks():
    article = _parse("northgate_post_byline_time")
    assert article.published_at == datetime(2021, 3, 4, 18, 5)
    assert article.published_at_text == "2021-03-04T18:05:00Z"


def test_canonical_link_gives_the_url_and_its_registrable_domain():
    article = _parse("northgate_post_byline_time")
    assert article.url == "https://www.northgatepost.com/local/2021/03/04/council-approves-tram-line/"
    assert article.source_domain == "northgatepost.com"


def test_a_host_name_is_not_taken_for_the_outlet_name():
    assert _parse("northgate_post_byline_time").source_name is None


def test_byline_and_tags_of_a_blog_style_page_are_not_body_text():
    article = _parse("northgate_post_byline_time")
    assert article.title == "Council approves new tram line after years of delay"
    assert article.body.startswith("Northgate city council voted 34 to 12")
    assert article.body.endswith("as the existing tram network.")
    for furniture in ("Priya Natarajan", "Tags:", "Subscribe", "Market Street"):
        assert furniture not in article.body


def test_a_date_in_a_body_sentence_is_not_the_publication_date():
    # The page states "On 12 January 2020 …" in its text; only the <time> element dates the article.
    assert _parse("northgate_post_byline_time").published_at.year == 2021


# --- page furniture: nav, cookie banner, scripts, newsletter box, related stories, footer --------------------


def test_navigation_cookie_banner_scripts_newsletter_related_stories_and_footer_stay_out_of_the_body():
    body = _parse("capital_ledger_boilerplate").body
    for furniture in (
        "cookies",
        "Accept all",
        "Markets</a>",
        "Companies",
        "Share on",
        "googletag",
        "Sign up",
        "Morning Ledger",
        "Related stories",
        "Bond yields climb",
        "Unemployment rises",
        "Most read",
        "All rights reserved",
        "__INITIAL_STATE__",
        "Advertisement",
    ):
        assert furniture not in body, furniture
    assert body.startswith("The central bank left its benchmark interest rate unchanged")
    assert body.endswith("against the dollar and the euro.")
    assert len(body.split("\n\n")) == 4


def test_outlet_and_staff_authors_and_bylines_of_related_stories_are_not_the_author():
    # meta author "Staff Reporter", JSON-LD author is the outlet, the only "By" lines belong to other stories.
    assert _parse("capital_ledger_boilerplate").author is None


def test_json_ld_time_with_a_negative_offset_is_converted_to_utc():
    article = _parse("capital_ledger_boilerplate")
    assert article.published_at == datetime(2024, 2, 1, 12, 15)


def test_page_without_a_canonical_or_og_url_has_no_url_or_domain_but_keeps_its_site_name():
    article = _parse("capital_ledger_boilerplate")
    assert article.url is None and article.source_domain is None
    assert article.source_name == "The Capital Ledger"


# --- title suffixes -------------------------------------------------------------------------------------------


def test_title_loses_its_outlet_suffix():
    article = _parse("harbour_times_title_suffix")
    assert article.title == "Ferry strike ends as unions accept pay deal"
    assert article.source_name == "The Harbour Times"
    assert article.source_domain == "harbourtimes.com.au"
    assert article.author == "Liam O'Connor"
    assert article.published_at == datetime(2022, 11, 7, 19, 45)  # 06:45 AEDT the next morning


def test_a_suffix_matching_the_domain_is_removed_when_no_site_name_is_stated():
    page = _article_page(
        '<meta property="og:title" content="Ferry strike ends as unions accept pay deal - Harbour Times">'
        '<meta property="og:url" content="https://www.harbourtimes.com.au/news/ferry-strike/">'
    )
    assert parse_html(page, now=NOW).title == "Ferry strike ends as unions accept pay deal"


def test_a_suffix_that_is_not_the_outlet_is_kept():
    page = _article_page(
        '<meta property="og:title" content="Ferry strike: what commuters need to know | Explainer">'
        '<meta property="og:site_name" content="The Harbour Times">'
    )
    assert parse_html(page, now=NOW).title == "Ferry strike: what commuters need to know | Explainer"


def test_a_headline_with_abbreviation_dots_is_not_replaced_by_the_outlet_name():
    page = _article_page(
        "<title>U.S. economy adds 200,000 jobs as wage growth slows | The Harbour Times</title>"
        '<meta property="og:site_name" content="The Harbour Times">'
    )
    assert parse_html(page, now=NOW).title == "U.S. economy adds 200,000 jobs as wage growth slows"


# --- nothing stated --------------------------------------------------------------------------------------------


def test_page_without_metadata_has_every_field_none_and_keeps_its_paragraphs():
    article = _parse("no_metadata")
    for field in ("title", "url", "source_domain", "source_name", "original_source_domain", "author", "authors"):
        assert getattr(article, field) is None, field
    assert article.body.startswith("The village fete returned this weekend")
    assert article.body.count("\n\n") == 2


def test_a_page_whose_markup_states_no_date_takes_the_date_its_text_states():
    # htmldate's extensive search, as trafilatura runs it: the only date the page holds is in its text.
    article = _parse("no_metadata")
    assert article.published_at_text == "2021-03-03"
    assert article.published_at == datetime(2021, 3, 3)
    assert article.published_utc_offset_minutes is None


def test_a_date_in_the_text_later_than_the_ingest_time_is_refused():
    page = _article_page("", body="<p>The ferry timetable changes on 14 September 2030, the operator said today.</p>")
    assert parse_html(page, now=datetime(2030, 9, 13, 23, 0)).published_at is None
    assert parse_html(page, now=datetime(2030, 9, 14, 9, 0)).published_at == datetime(2030, 9, 14)


def test_future_publication_date_is_none():
    page = _article_page('<meta property="article:published_time" content="2031-07-01T09:00:00+00:00">')
    assert parse_html(page, now=NOW).published_at is None


def test_decomposed_characters_come_out_composed():
    decomposed = unicodedata.normalize("NFD", "Café owners in Zürich protest")
    page = _article_page(
        f'<meta property="og:title" content="{decomposed}">',
        f"<p>{decomposed} against a new levy on outdoor terraces, which the city council approved on Monday "
        "after a long debate about noise, pedestrians and the use of public space in the old town.</p>",
    )
    article = parse_html(page, now=NOW)
    assert article.title == "Café owners in Zürich protest"
    assert unicodedata.is_normalized("NFC", article.body) and "Zürich" in article.body


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "   \n\t ",
        "<<<>>>",
        "<html></html>",
        "<html><head><title></title></head><body></body></html>",
        "<" * 50_000,
        "<div>" * 3_000 + "deep" + "</div>" * 3_000,
        "<html><body><p>unclosed <b><i><table><tr><td>cell</p></body><!--",
        "<?xml version='1.0' encoding='utf-8'?><html><body><script>x()</script></body></html>",
        None,
        b"<html><body><p>bytes, not text</p></body></html>",
    ],
)
def test_garbage_never_raises_and_gives_no_invented_metadata(garbage):
    article = parse_html(garbage, now=NOW)
    assert isinstance(article, ParsedArticle)
    assert isinstance(article.body, str)
    assert article.author is None and article.published_at is None and article.url is None


@pytest.mark.parametrize("garbage", ["", "<<<>>>", "<html></html>", None, b"<p>x</p>"])
def test_garbage_gives_an_empty_body(garbage):
    assert parse_html(garbage, now=NOW).body == ""


def test_a_page_without_a_single_tag_is_read_as_plain_text():
    text = "Title: Council delays vote\nDate: 12 May 2023\n\nThe council met on Tuesday."
    assert parse_html(text, now=NOW) == parse_article(text, now=NOW)


def test_parsing_pages_makes_no_network_connection(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("parse_html tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for page in sorted(PAGES.glob("*.html")):
        assert parse_html(page.read_text(encoding="utf-8"), now=NOW).body


# --- dispatch on kind ------------------------------------------------------------------------------------------


def _frame(rows: list[tuple[str | None, str | None]], *, with_kind: bool = True) -> pl.DataFrame:
    data = {
        "text_sha256": [hashlib.sha256((text or "").encode()).hexdigest() + str(i) for i, (_, text) in enumerate(rows)],
        "text": [text for _, text in rows],
    }
    schema = {"text_sha256": pl.String, "text": pl.String}
    if with_kind:
        data["kind"] = [kind for kind, _ in rows]
        schema["kind"] = pl.String
    return pl.DataFrame(data, schema=schema)


TEXT = "Title: Council delays vote\nDate: 12 May 2023\n\nThe council met on Tuesday."


def _record() -> str:
    record = json.loads((RECORDS / "newsplease_full.json").read_text(encoding="utf-8"))
    return json.dumps(record, sort_keys=True, ensure_ascii=False)


def test_parse_articles_reads_each_row_with_the_parser_for_its_kind():
    html, record = _page("riverside_herald_jsonld"), _record()
    rows = [("text", TEXT), ("html", html), ("json", record), (None, TEXT)]
    result = parse_articles(_frame(rows), now=NOW)
    expected = [
        parse_article(TEXT, now=NOW),
        parse_html(html, now=NOW),
        parse_json_record(record, now=NOW),
        parse_article(TEXT, now=NOW),
    ]
    assert result.columns == OUTPUT_COLUMNS
    for row, article in zip(result.iter_rows(named=True), expected, strict=True):
        for field in ("title", "url", "source_domain", "author", "published_at", "published_at_text", "body"):
            assert row[field] == getattr(article, field)
    assert result["title"][1] == "Flooding forces thousands from homes in northern Italy"
    assert result["source_domain"][2] == "theguardian.com"


def test_a_frame_without_a_kind_column_is_plain_text():
    html = _page("riverside_herald_jsonld")
    with_kind = parse_articles(_frame([("text", html), ("text", TEXT)]), now=NOW)
    without = parse_articles(_frame([("text", html), ("text", TEXT)], with_kind=False), now=NOW)
    assert with_kind.equals(without)
    assert without["body"][1] == "The council met on Tuesday."


def test_output_columns_and_dtypes_do_not_depend_on_the_kind_column():
    with_kind = parse_articles(_frame([("html", "<html></html>"), ("json", None)]), now=NOW)
    without = parse_articles(_frame([], with_kind=False), now=NOW)
    assert with_kind.schema == without.schema
    assert with_kind["body"].to_list() == ["", ""] and with_kind["word_count"].to_list() == [0, 0]


def test_an_unknown_kind_is_an_error_not_a_guess():
    with pytest.raises(ValueError, match="pdf"):
        parse_articles(_frame([("text", TEXT), ("pdf", "%PDF-1.7")]), now=NOW)
    with pytest.raises(ValueError, match="pdf"):
        parse_document("pdf", "%PDF-1.7")


def test_parse_document_with_no_kind_is_the_text_parser():
    assert parse_document(None, TEXT, now=NOW) == parse_article(TEXT, now=NOW)
    assert parse_document("html", "<html></html>", now=NOW).body == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Site Logo Svg", None),  # an image's alt text
        ("Share On Facebook", None),  # a widget's label
        ("Ana RuizTuesday", "Ana Ruiz"),  # a date glued on by a widget
        ("Lyon Metro Fr", None),  # the host name, title-cased
        ("Jane Doe; Tom Lee", "Jane Doe and Tom Lee"),
        ("; ".join(f"Writer Number{i}" for i in range(7)), None),  # a list of contributors, not a byline
        ("Mary McDonald", "Mary McDonald"),
    ],
)
def test_author_fields_lose_page_furniture(value: str, expected: str | None):
    assert clean_authors([value], site_keys("metro.fr")) == expected


SITE_NAME_LIKE_A_TITLE = """<!doctype html><html><head><title>{site}</title>
<meta property="og:site_name" content="{site}"><meta property="og:title" content="{site}">
<meta property="og:url" content="https://www.harbourwatch.de/aktuelles/quay">
</head><body><article><h1>Northern quay reopens after crane repairs</h1>
<p>The harbour authority reopened the northern quay on Tuesday after a week of repairs to two of its cranes.</p>
<p>Ships waiting in the roads were to berth from Wednesday morning, according to the pilots association.</p>
</article></body></html>"""


@pytest.mark.parametrize("site", ["Harbour Watch - Aktuelles", "HAFEN Nord"])
def test_a_site_name_that_reads_like_a_title_does_not_replace_the_headline(site: str):
    article = parse_html(SITE_NAME_LIKE_A_TITLE.format(site=site), now=NOW)
    assert article.title == "Northern quay reopens after crane repairs"
    assert article.body.startswith("The harbour authority reopened")


# --- local time, several authors ------------------------------------------------------------------------------


def test_a_page_east_of_utc_keeps_its_stated_local_time_and_offset():
    page = _article_page('<meta property="article:published_time" content="2024-04-12T01:30:00+09:00">')
    article = parse_html(page, now=NOW)
    assert article.published_at == datetime(2024, 4, 11, 16, 30)
    assert article.published_local == datetime(2024, 4, 12, 1, 30)  # the page's own day: the 12th
    assert article.published_utc_offset_minutes == 540


@pytest.mark.parametrize(
    ("meta", "authors"),
    [
        ("Lena Vogt and Omar Haddad", ["Lena Vogt", "Omar Haddad"]),
        ("Lena Vogt, Omar Haddad & Kiri Tane", ["Lena Vogt", "Omar Haddad", "Kiri Tane"]),
        ("By Lena Vogt / Omar Haddad", ["Lena Vogt", "Omar Haddad"]),
        ("Lena Vogt", ["Lena Vogt"]),
    ],
)
def test_several_authors_are_a_list_and_author_keeps_the_display_string(meta, authors):
    article = parse_html(_article_page(f'<meta name="author" content="{meta}">'), now=NOW)
    assert article.authors == authors
    assert article.author == " and ".join(authors)


def test_a_page_with_no_author_has_no_authors_list():
    article = parse_html(_article_page('<meta name="author" content="Site Logo Png">'), now=NOW)
    assert (article.author, article.authors) == (None, None)
