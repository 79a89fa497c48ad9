"""A large benchmark corpus: article files recombined from the real news text in evaluation/data, nothing downloaded.

    uv run --frozen python bench/generate.py DIR --files N [--start S] [--seed SEED] [--bodies FILE]

The corpus is an endless, deterministic stream of files: file ``i`` depends only on the seed and ``i`` (never on the
files before it), so ``--start N --files K`` writes "the next K files" of a corpus of N, with new names (the name
starts with the file's index), and the same files every time.

- **Text**: every paragraph is a real one: Wikinews (``evaluation/data/wikinews``), GUM's Wikinews news documents,
  the UNER English-PUD news snippets, and the seeds. An article takes the title and one or two consecutive paragraphs
  of one Wikinews or GUM report, then real paragraphs drawn from the whole pool until it reaches a target length
  (bodies average about 490 words).
- **Metadata**: an invented outlet, author, URL and a publication time spread over 30 days (``WINDOW_START`` +
  30 days), stated in one of the styles the parser reads: plain text (Wikinews-style dateline, key-value header,
  byline block with read time and author box, aggregator footer, "Posted on ... by ...", syndication note, review
  banner with an "Updated ..." line), HTML pages (meta tags, JSON-LD, byline and ``<time>``), a news-please JSON
  record, a JSON export of several records and JSON Lines of several records.
- **Copies**: 5 % of the files are exact duplicates of an earlier file (the same bytes under another name, or the same
  text re-encoded as UTF-8 with a BOM or UTF-16), and 5 % are near-copies of an earlier article: one sentence
  changed, a different promotional footer, or the same body republished by another outlet with another byline.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TextIO

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))  # run as a script: make the repository's packages importable

from evaluation.corpora import (  # noqa: E402
    DEFAULT_CORPORA,
    NER_GOLD_FILES,
    SEED_DIR,
    read_gold_docs,
    read_wikinews_metadata,
)

DEFAULT_SEED = 11
WINDOW_START = datetime(2025, 9, 1, tzinfo=UTC)
WINDOW_DAYS = 30
DUPLICATE_SHARE = 0.05
NEAR_COPY_SHARE = 0.05
# Body length target, drawn per article; adding whole paragraphs overshoots it by about half a paragraph, so bodies
# average about 490 words.
TARGET_WORDS = (150, 730)
MAX_PARAGRAPHS = 40
MIN_PARAGRAPH_WORDS = 12
# Wikinews page furniture between the headline and the body (the review banner): not reporting, left out.
WIKINEWS_FURNITURE = ("pre-publication review", "article last amended", "talk page history")
# File styles and their shares (they sum to 1). Multi-record files hold several articles each.
STYLES = {
    "text_dateline": 0.09,
    "text_header": 0.09,
    "text_byline_block": 0.09,
    "text_aggregator": 0.09,
    "text_posted": 0.09,
    "text_syndicated": 0.09,
    "text_review": 0.09,
    "html_meta": 0.07,
    "html_jsonld": 0.07,
    "html_time": 0.07,
    "json_record": 0.06,
    "json_export": 0.04,
    "jsonl": 0.06,
}
SINGLE_STYLES = [s for s in STYLES if s not in ("json_export", "jsonl")]
EXTENSIONS = {"html": "html", "json": "json", "jsonl": "jsonl", "text": "txt"}
RECORDS = {"json_export": (2, 4), "jsonl": (2, 5)}
DUPLICATE_ENCODINGS = ("same bytes", "same bytes", "utf-8-sig", "utf-16")
NEAR_COPY_CHANGES = ("sentence", "footer", "byline")

# Invented outlets and people: metadata is not the point of the text, so none of it is real.
OUTLETS = [
    ("The Harbour Times", "harbourtimes.com"),
    ("Northgate Post", "northgatepost.com"),
    ("The Riverside Herald", "riversideherald.co.uk"),
    ("Capital Ledger", "capitalledger.com"),
    ("Meridian Daily", "meridiandaily.net"),
    ("Lakeshore Courier", "lakeshorecourier.com"),
    ("The Valley Observer", "valleyobserver.org"),
    ("Coastline News", "coastlinenews.com"),
    ("Highland Gazette", "highlandgazette.co.uk"),
    ("Eastbridge Chronicle", "eastbridgechronicle.com"),
    ("The Summit Record", "summitrecord.com"),
    ("Prairie Dispatch", "prairiedispatch.com"),
    ("Metro Wire", "metrowire.net"),
    ("Sahel Monitor", "sahelmonitor.info"),
    ("The Continental Review", "continentalreview.com"),
    ("Baywater Journal", "baywaterjournal.com"),
    ("Granite City Tribune", "granitecitytribune.com"),
    ("World Brief", "worldbrief.news"),
]
FIRST_NAMES = [
    "Amina", "Daniel", "Hanna", "Kofi", "Lena", "Marco", "Nadia", "Oskar",
    "Priya", "Ruth", "Samir", "Tomas", "Yara", "Ines", "Jonas", "Mei",
]  # fmt: skip
LAST_NAMES = [
    "Yusuf", "Mensah", "Tesfaye", "Boateng", "Lindqvist", "Ferreira", "Haddad", "Novak",
    "Natarajan", "Okafor", "Brennan", "Kowalski", "Moreau", "Castillo", "Sato", "Adeyemi",
]  # fmt: skip
BEATS = ["politics", "business", "science", "health", "world affairs", "the courts", "climate", "technology"]
PROMO_FOOTERS = [
    "Follow us on Twitter and Facebook for the latest from {domain}",
    "Subscribe to our newsletter for more stories from {outlet}",
    "Sign up for the morning briefing at {domain}",
    "Join our WhatsApp channel for breaking news from {outlet}",
    "Download the app for more from {outlet}",
]
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\"])")
_SLUG = re.compile(r"[^a-z0-9]+")


# ------------------------------------------------------------------------------------------------ the text pool


@dataclass(frozen=True)
class Pool:
    """Real paragraphs (whitespace collapsed) and the reports they come from: titles[k] heads the paragraphs docs[k]."""

    paragraphs: list[str]
    words: list[int]
    titles: list[str]
    docs: list[list[int]]


def _paragraphs(text: str) -> list[str]:
    """Paragraphs of a Wikinews / GUM body (blank-line separated), without datelines, banners and stubs."""
    kept = []
    for block in re.split(r"\n\s*\n", text):
        paragraph = " ".join(block.split())
        if len(paragraph.split()) < MIN_PARAGRAPH_WORDS or any(f in paragraph.lower() for f in WIKINEWS_FURNITURE):
            continue
        kept.append(paragraph)
    return kept


@cache
def load_pool(corpora: Path = DEFAULT_CORPORA) -> Pool:
    """Every paragraph of the real news text in evaluation/data, in a fixed order (so the stream is deterministic)."""
    index: dict[str, int] = {}
    paragraphs: list[str] = []

    def add(paragraph: str) -> int:
        if paragraph not in index:
            index[paragraph] = len(paragraphs)
            paragraphs.append(paragraph)
        return index[paragraph]

    titles: list[str] = []
    docs: list[list[int]] = []
    reports = [
        (row["title"], (corpora / "wikinews" / row["file"]).read_text(encoding="utf-8"))
        for row in read_wikinews_metadata(corpora)
    ]
    for path in sorted((corpora / "gum_news").glob("*.txt")):
        title, _, rest = path.read_text(encoding="utf-8").partition("\n")
        reports.append((title.strip(), rest))
    for title, text in reports:
        if text.startswith(title):
            text = text[len(title) :]
        ids = [add(p) for p in _paragraphs(text)]
        if ids and title.strip():
            titles.append(" ".join(title.split()))
            docs.append(ids)
    # Short real news snippets (UNER English-PUD) and the seeds' lines join the pool, but head no article.
    for doc in read_gold_docs(corpora / NER_GOLD_FILES["uner_pud_news"]):
        paragraph = " ".join(doc.text.split())
        if len(paragraph.split()) >= MIN_PARAGRAPH_WORDS:
            add(paragraph)
    for path in sorted(p for p in SEED_DIR.iterdir() if p.suffix == ".txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            paragraph = " ".join(line.split())
            # Long lines only: the seeds' short lines are bylines, menus and footers.
            if len(paragraph.split()) >= 25 and not paragraph.endswith("..."):
                add(paragraph)
    if not docs:
        raise SystemExit(f"no Wikinews / GUM reports under {corpora}: the generator needs evaluation/data")
    return Pool(paragraphs, [len(p.split()) for p in paragraphs], titles, docs)


# ------------------------------------------------------------------------------------------------ the stream


@dataclass(frozen=True)
class Article:
    """What one generated article states, and the body the parser should find."""

    title: str
    body: str
    published: datetime
    author: str
    outlet: str
    domain: str
    url: str
    footer: str | None = None

    @property
    def words(self) -> int:
        return len(self.body.split())


@dataclass(frozen=True)
class GeneratedFile:
    """File ``index`` of the stream: its name, bytes, style and the articles in it."""

    index: int
    name: str
    data: bytes
    style: str
    role: str  # "original" | "duplicate" | "near-copy"
    articles: tuple[Article, ...]
    base: int | None = None  # the earlier file a duplicate or near-copy copies
    change: str | None = None  # a duplicate's encoding, or what a near-copy changes


@dataclass
class Summary:
    """What ``write_files`` wrote."""

    files: int = 0
    articles: int = 0
    bytes: int = 0
    words: int = 0
    seconds: float = 0.0
    roles: Counter = field(default_factory=Counter)
    styles: Counter = field(default_factory=Counter)


def _rng(seed: int, *key: object) -> random.Random:
    # A string seed is hashed with SHA-512: the same numbers on every platform and Python run.
    return random.Random(":".join(map(str, ("newsmon-bench", seed, *key))))


def _kind(style: str) -> str:
    return style.split("_", 1)[0]


def _slug(title: str) -> str:
    return _SLUG.sub("-", title.lower()).strip("-")[:48].rstrip("-") or "article"


class Stream:
    """The corpus as an indexable stream of files; ``file(i)`` is the same for the same seed, whatever else ran."""

    def __init__(self, seed: int = DEFAULT_SEED, pool: Pool | None = None) -> None:
        self.seed = seed
        self.pool = pool or load_pool()

    def role(self, index: int) -> str:
        if index == 0:
            return "original"
        draw = _rng(self.seed, index, "role").random()
        if draw < DUPLICATE_SHARE:
            return "duplicate"
        return "near-copy" if draw < DUPLICATE_SHARE + NEAR_COPY_SHARE else "original"

    def files(self, start: int, count: int) -> Iterator[GeneratedFile]:
        for index in range(start, start + count):
            yield self.file(index)

    def file(self, index: int) -> GeneratedFile:
        role = self.role(index)
        if role == "original":
            return self._original(index)
        rng = _rng(self.seed, index, "copy")
        base = self._base(index, rng)
        if role == "duplicate":
            return self._duplicate(index, base, rng)
        return self._near_copy(index, base, rng)

    # --- originals

    def _original(self, index: int) -> GeneratedFile:
        rng = _rng(self.seed, index, "file")
        style = rng.choices(list(STYLES), weights=list(STYLES.values()))[0]
        low, high = RECORDS.get(style, (1, 1))
        articles = tuple(self.article(index, record) for record in range(rng.randint(low, high)))
        return self._render_file(index, style, "original", articles)

    def article(self, index: int, record: int = 0) -> Article:
        """Article ``record`` of file ``index`` as an original would state it."""
        rng = _rng(self.seed, index, "article", record)
        pool = self.pool
        doc = rng.randrange(len(pool.docs))
        lead = pool.docs[doc]
        start = rng.randrange(len(lead))
        chosen = lead[start : start + rng.randint(1, 2)]
        words = sum(pool.words[p] for p in chosen)
        target = rng.randint(*TARGET_WORDS)
        while words < target and len(chosen) < MAX_PARAGRAPHS:
            paragraph = rng.randrange(len(pool.paragraphs))
            if paragraph not in chosen:
                chosen.append(paragraph)
                words += pool.words[paragraph]
        outlet, domain = OUTLETS[rng.randrange(len(OUTLETS))]
        published = WINDOW_START + timedelta(minutes=rng.randrange(WINDOW_DAYS * 24 * 60))
        title = pool.titles[doc]
        return Article(
            title=title,
            body="\n\n".join(pool.paragraphs[p] for p in chosen),
            published=published,
            author=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            outlet=outlet,
            domain=domain,
            url=f"https://www.{domain}/news/{published:%Y/%m/%d}/{_slug(title)}-{index}-{record}",
        )

    # --- copies of earlier files

    def _base(self, index: int, rng: random.Random) -> int:
        """An earlier original file (file 0 is always one)."""
        for _ in range(64):
            base = rng.randrange(index)
            if self.role(base) == "original":
                return base
        return 0

    def _duplicate(self, index: int, base: int, rng: random.Random) -> GeneratedFile:
        original = self._original(base)
        encoding = rng.choice(DUPLICATE_ENCODINGS)
        data = original.data
        if encoding != "same bytes":
            data = data.decode("utf-8").encode(encoding)
        name = f"{index:07d}{original.name[7:]}"
        return GeneratedFile(index, name, data, original.style, "duplicate", original.articles, base, encoding)

    def _near_copy(self, index: int, base: int, rng: random.Random) -> GeneratedFile:
        original = self._original(base)
        article = original.articles[0]
        style = original.style if original.style in SINGLE_STYLES else "json_record"
        change = rng.choice(NEAR_COPY_CHANGES)
        if change == "sentence":
            article = replace(article, body=self._change_sentence(article.body, rng))
        elif change == "footer":
            footer = rng.choice(PROMO_FOOTERS).format(outlet=article.outlet, domain=article.domain)
            article = replace(article, footer=footer)
        else:  # another outlet republishes the same body under its own byline, in its own style
            outlet, domain = rng.choice([o for o in OUTLETS if o[1] != article.domain])
            article = replace(
                article,
                author=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                outlet=outlet,
                domain=domain,
                url=f"https://www.{domain}/world/{_slug(article.title)}-{index}",
            )
            style = rng.choice([s for s in SINGLE_STYLES if s != original.style])
        copy = self._render_file(index, style, "near-copy", (article,))
        return replace(copy, base=base, change=change)

    def _change_sentence(self, body: str, rng: random.Random) -> str:
        """The body with one sentence replaced by a real sentence from another paragraph of the pool."""
        paragraphs = body.split("\n\n")
        where = rng.randrange(len(paragraphs))
        sentences = _SENTENCE_END.split(paragraphs[where])
        donors = _SENTENCE_END.split(self.pool.paragraphs[rng.randrange(len(self.pool.paragraphs))])
        replacement = rng.choice(donors)
        position = rng.randrange(len(sentences))
        if sentences[position] == replacement:
            replacement = f"{replacement} {rng.choice(donors)}" if len(donors) > 1 else f"{replacement} Updated."
        sentences[position] = replacement
        paragraphs[where] = " ".join(sentences)
        return "\n\n".join(paragraphs)

    # --- rendering

    def _render_file(self, index: int, style: str, role: str, articles: tuple[Article, ...]) -> GeneratedFile:
        first = articles[0]
        name = f"{index:07d}_{first.published:%Y%m%d}_{_slug(first.title)}.{EXTENSIONS[_kind(style)]}"
        rng = _rng(self.seed, index, "render")
        if style == "json_export":
            data = json.dumps({"articles": [_record(a) for a in articles]}, ensure_ascii=False, indent=2) + "\n"
        elif style == "jsonl":
            data = "".join(json.dumps(_jsonl_record(a, rng), ensure_ascii=False) + "\n" for a in articles)
        else:
            data = RENDERERS[style](first, rng)
        return GeneratedFile(index, name, data.encode("utf-8"), style, role, articles)


# ------------------------------------------------------------------------------------------------ the styles


def _long_date(when: datetime) -> str:
    return f"{when:%B} {when.day}, {when.year}"  # "September 4, 2025"


def _clock(when: datetime) -> str:
    return f"{when.hour % 12 or 12}:{when:%M} {'AM' if when.hour < 12 else 'PM'}"


def _footer(article: Article) -> str:
    return f"\n\n{article.footer}" if article.footer else ""


def _text_dateline(a: Article, rng: random.Random) -> str:
    # Wikinews' own layout: the title, a weekday dateline, then the body; no outlet, author or URL.
    return f"{a.title}\n\n{a.published:%A}, {_long_date(a.published)}\n\n\n{a.body}{_footer(a)}\n"


def _text_header(a: Article, rng: random.Random) -> str:
    return (
        f"Title: {a.title}\nDate: {a.published:%Y-%m-%d %H:%M}\nURL: {a.url}\nAuthor: {a.author}\n\n"
        f"{a.body}{_footer(a)}\n"
    )


def _text_byline_block(a: Article, rng: random.Random) -> str:
    minutes = max(1, a.words // 220)
    return (
        f"{a.title}\n\n{a.author}\nBy {a.author} | {a.published:%b} {a.published.day}, {a.published.year} | "
        f"{minutes} min read\n\n{a.body}{_footer(a)}\n\nShare this article\nBy {a.author}\n"
        f"{a.author} is a reporter at {a.outlet} who covers {rng.choice(BEATS)}.\n"
    )


def _text_aggregator(a: Article, rng: random.Random) -> str:
    return (
        f"{a.title}\n\n{a.title}\n\n{a.body}{_footer(a)}\n\nSource link : {a.url}\n\nAuthor :\n\n"
        f"Publish date : {a.published:%Y-%m-%d %H:%M:%S}\n\n"
        "Copyright for syndicated content belongs to the linked Source.\n\nExit mobile version\n"
    )


def _text_posted(a: Article, rng: random.Random) -> str:
    return f"Posted on {_long_date(a.published)} by {a.author}\n\n{a.title}\n\n{a.body}{_footer(a)}\n"


def _text_syndicated(a: Article, rng: random.Random) -> str:
    return (
        f"{a.title}\nPublished: {a.published.day} {a.published:%B %Y}\n\n{a.body}{_footer(a)}\n"
        f"Source: | This article originally belongs to {a.domain.capitalize()}\n"
    )


def _text_review(a: Article, rng: random.Random) -> str:
    return (
        f"{a.title}\n\nThis article requires pre-publication review by an uninvolved reviewer.\n\n"
        f"Updated {_long_date(a.published)}, {_clock(a.published)} UTC\n\n{a.body}{_footer(a)}\n"
    )


def _html_page(a: Article, head: str, article_html: str, rng: random.Random) -> str:
    e = html.escape
    sections = "".join(f'<li><a href="/{s}">{s.title()}</a></li>' for s in ("news", "world", "business", "sport"))
    footer = f'<p class="promo">{e(a.footer)}</p>' if a.footer else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"{head}"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n</head>\n<body>\n'
        f'<header><a class="logo" href="/">{e(a.outlet)}</a><nav><ul>{sections}</ul></nav></header>\n'
        f'<main id="main">\n<article>\n<h1>{e(a.title)}</h1>\n{article_html}\n'
        + "".join(f"<p>{e(p)}</p>\n" for p in a.body.split("\n\n"))
        + f"{footer}</article>\n</main>\n"
        f'<footer class="site-footer"><p>Copyright {a.published.year} {e(a.outlet)}. All rights reserved.</p>'
        "</footer>\n</body>\n</html>\n"
    )


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _html_meta(a: Article, rng: random.Random) -> str:
    e = html.escape
    head = (
        f"<title>{e(a.title)} | {e(a.outlet)}</title>\n"
        f'<meta property="og:type" content="article">\n<meta property="og:title" content="{e(a.title)}">\n'
        f'<meta property="og:site_name" content="{e(a.outlet)}">\n<meta property="og:url" content="{e(a.url)}">\n'
        f'<meta property="article:published_time" content="{_iso(a.published)}">\n'
        f'<meta name="author" content="{e(a.author)}">\n<link rel="canonical" href="{e(a.url)}">\n'
    )
    return _html_page(a, head, "", rng)


def _html_jsonld(a: Article, rng: random.Random) -> str:
    e = html.escape
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "datePublished": _iso(a.published),
        "mainEntityOfPage": a.url,
        "author": [{"@type": "Person", "name": a.author}],
        "publisher": {"@type": "NewsMediaOrganization", "name": a.outlet},
    }
    # "</" inside a script would end it early; JSON allows the escaped slash.
    script = json.dumps(ld, ensure_ascii=False, indent=2).replace("</", "<\\/")
    head = (
        f'<title>{e(a.title)} - {e(a.outlet)}</title>\n<link rel="canonical" href="{e(a.url)}">\n'
        f'<script type="application/ld+json">\n{script}\n</script>\n'
    )
    return _html_page(a, head, "", rng)


def _html_time(a: Article, rng: random.Random) -> str:
    e = html.escape
    head = f'<title>{e(a.title)}</title>\n<link rel="canonical" href="{e(a.url)}">\n'
    byline = (
        f'<div class="meta"><p class="byline">By {e(a.author)}</p>'
        f'<time datetime="{a.published:%Y-%m-%dT%H:%M:%SZ}">{_long_date(a.published)}</time></div>'
    )
    return _html_page(a, head, byline, rng)


def _record(a: Article) -> dict:
    """A news-please record (the crawler's own keys)."""
    body = f"{a.body}{_footer(a)}"
    return {
        "authors": [a.author],
        "date_download": None,
        "date_publish": f"{a.published:%Y-%m-%d %H:%M:%S}",
        "language": "en",
        "maintext": body,
        "source_domain": f"www.{a.domain}",
        "title": a.title,
        "url": a.url,
    }


def _json_record(a: Article, rng: random.Random) -> str:
    return json.dumps(_record(a), ensure_ascii=False, indent=4) + "\n"


def _jsonl_record(a: Article, rng: random.Random) -> dict:
    """Another crawler's keys: headline, text or content, published, an author object."""
    if rng.random() < 0.5:
        return _record(a)
    return {
        "headline": a.title,
        rng.choice(("text", "content")): f"{a.body}{_footer(a)}",
        "published": a.published.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "author": {"name": a.author},
        "url": a.url,
    }


RENDERERS = {
    "text_dateline": _text_dateline,
    "text_header": _text_header,
    "text_byline_block": _text_byline_block,
    "text_aggregator": _text_aggregator,
    "text_posted": _text_posted,
    "text_syndicated": _text_syndicated,
    "text_review": _text_review,
    "html_meta": _html_meta,
    "html_jsonld": _html_jsonld,
    "html_time": _html_time,
    "json_record": _json_record,
}


# ------------------------------------------------------------------------------------------------ writing


def write_files(
    directory: Path, start: int, count: int, *, seed: int = DEFAULT_SEED, bodies: TextIO | None = None
) -> Summary:
    """Write files ``start`` .. ``start + count - 1`` of the stream into directory (never over an existing file).

    With ``bodies``, one JSON line per article is written to it: {"file", "body"}, the body the article states.
    """
    began = time.perf_counter()
    directory.mkdir(parents=True, exist_ok=True)
    stream = Stream(seed)
    summary = Summary()
    for generated in stream.files(start, count):
        with open(directory / generated.name, "xb") as handle:
            handle.write(generated.data)
        summary.files += 1
        summary.articles += len(generated.articles)
        summary.bytes += len(generated.data)
        summary.words += sum(a.words for a in generated.articles)
        summary.roles[generated.role] += 1
        summary.styles[generated.style] += 1
        if bodies is not None:
            for article in generated.articles:
                bodies.write(json.dumps({"file": generated.name, "body": article.body}, ensure_ascii=False) + "\n")
    summary.seconds = time.perf_counter() - began
    return summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, help="where to write the files (created if missing)")
    parser.add_argument("--files", type=int, required=True, help="how many files to write")
    parser.add_argument("--start", type=int, default=0, help="index of the first file: the next files of a corpus")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"stream seed (default {DEFAULT_SEED})")
    parser.add_argument("--bodies", type=Path, help="also write each article's body as JSON Lines to this file")
    args = parser.parse_args(argv)
    if args.files < 0 or args.start < 0:
        parser.error("--files and --start must not be negative")
    if args.bodies is None:
        summary = write_files(args.directory, args.start, args.files, seed=args.seed)
    else:
        with open(args.bodies, "a", encoding="utf-8") as bodies:
            summary = write_files(args.directory, args.start, args.files, seed=args.seed, bodies=bodies)
    print(
        f"generate: {summary.files:,} files ({args.start:,}..{args.start + summary.files - 1:,}), "
        f"{summary.articles:,} articles, {summary.words / max(summary.articles, 1):,.0f} words per article, "
        f"{summary.bytes / 1e6:,.1f} MB in {summary.seconds:.1f} s -> {args.directory}"
    )
    print("generate: roles " + ", ".join(f"{k} {v:,}" for k, v in sorted(summary.roles.items())))
    print("generate: styles " + ", ".join(f"{k} {v:,}" for k, v in sorted(summary.styles.items())))


if __name__ == "__main__":
    main()
