"""bench/generate.py: the large benchmark corpus is deterministic, real text, has the copies and the spread of dates
and styles it promises, and reads back through the project's own decoder, record splitter and parser."""

from __future__ import annotations

import importlib.util
import json
import statistics
import sys
from collections import Counter
from datetime import timedelta

import pytest

from orchestration.lib.ingest import decode_bytes
from orchestration.lib.ingest.records import split_records
from orchestration.lib.parsing import parse_document
from orchestration.lib.settings import PROJECT_ROOT


def _load_generator():
    spec = importlib.util.spec_from_file_location("bench_generate", PROJECT_ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


generate = _load_generator()
WINDOW_END = generate.WINDOW_START + timedelta(days=generate.WINDOW_DAYS)


@pytest.fixture(scope="module")
def stream():
    return generate.Stream()


@pytest.fixture(scope="module")
def first_files(stream):
    return list(stream.files(0, 600))


def _records(generated):
    decoded = decode_bytes(generated.data)
    assert decoded.reason is None, (generated.name, decoded.reason)
    return decoded.text, split_records(generated.name, decoded.text)


# --- determinism and the stream ---------------------------------------------------------------------------------


def test_the_same_seed_writes_the_same_files_and_another_seed_other_files(tmp_path):
    generate.write_files(tmp_path / "a", 0, 40, seed=5)
    generate.write_files(tmp_path / "b", 0, 40, seed=5)
    generate.write_files(tmp_path / "c", 0, 40, seed=6)
    a, b, c = ({p.name: p.read_bytes() for p in (tmp_path / d).iterdir()} for d in "abc")
    assert len(a) == 40 and a == b
    assert not set(a.values()) & set(c.values())


def test_the_next_files_continue_the_stream_under_new_names(tmp_path):
    generate.write_files(tmp_path / "whole", 0, 50)
    generate.write_files(tmp_path / "parts", 0, 30)
    summary = generate.write_files(tmp_path / "parts", 30, 20)  # would raise on an existing name
    whole = {p.name: p.read_bytes() for p in (tmp_path / "whole").iterdir()}
    parts = {p.name: p.read_bytes() for p in (tmp_path / "parts").iterdir()}
    assert summary.files == 20 and parts == whole
    assert sorted(int(name[:7]) for name in whole) == list(range(50))


def test_a_file_does_not_depend_on_the_files_generated_before_it(stream):
    fresh = generate.Stream()
    assert fresh.file(4321).data == stream.file(4321).data
    assert [f.data for f in fresh.files(100, 3)] == [stream.file(i).data for i in range(100, 103)]


def test_the_bodies_file_has_one_line_per_article(tmp_path):
    with open(tmp_path / "bodies.jsonl", "w", encoding="utf-8") as bodies:
        summary = generate.write_files(tmp_path / "raw", 0, 60, bodies=bodies)
    lines = [json.loads(line) for line in (tmp_path / "bodies.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == summary.articles > summary.files
    assert {line["file"] for line in lines} == {p.name for p in (tmp_path / "raw").iterdir()}
    assert all(len(line["body"].split()) >= generate.MIN_PARAGRAPH_WORDS for line in lines)


# --- copies -----------------------------------------------------------------------------------------------------


def test_five_percent_exact_duplicates_and_five_percent_near_copies(stream):
    roles = Counter(stream.role(i) for i in range(20_000))
    assert 0.045 <= roles["duplicate"] / 20_000 <= 0.055
    assert 0.045 <= roles["near-copy"] / 20_000 <= 0.055


def test_an_exact_duplicate_is_an_earlier_file_s_text_under_another_name(stream, first_files):
    duplicates = [f for f in first_files if f.role == "duplicate"]
    assert len(duplicates) >= 15
    assert {f.change for f in duplicates} == {"same bytes", "utf-8-sig", "utf-16"}
    for copy in duplicates:
        base = stream.file(copy.base)
        assert copy.base < copy.index and base.role == "original" and copy.name != base.name
        assert (copy.data == base.data) == (copy.change == "same bytes")
        assert decode_bytes(copy.data).text == decode_bytes(base.data).text


def test_a_near_copy_changes_one_sentence_its_footer_or_its_byline(stream, first_files):
    near = [f for f in first_files if f.role == "near-copy"]
    assert len(near) >= 15
    assert {f.change for f in near} == set(generate.NEAR_COPY_CHANGES)
    for copy in near:
        base = stream.file(copy.base).articles[0]
        article = copy.articles[0]
        assert copy.base < copy.index and article.title == base.title and copy.data != stream.file(copy.base).data
        if copy.change == "sentence":
            old, new = base.body.split("\n\n"), article.body.split("\n\n")
            assert len(old) == len(new) and sum(a != b for a, b in zip(old, new, strict=True)) == 1
        else:
            assert article.body == base.body
        if copy.change == "byline":
            assert (article.domain, article.author) != (base.domain, base.author)
        if copy.change == "footer":
            assert article.footer and article.footer.split()[-1] in copy.data.decode("utf-8")


# --- text, dates, formats ---------------------------------------------------------------------------------------


def test_bodies_are_real_paragraphs_of_about_490_words(stream):
    pool = set(generate.load_pool().paragraphs)
    articles = [a for f in stream.files(0, 2_500) if f.role == "original" for a in f.articles]
    assert all(p in pool for a in articles for p in a.body.split("\n\n"))
    assert 450 <= statistics.mean(a.words for a in articles) <= 530
    assert min(a.words for a in articles) >= generate.MIN_PARAGRAPH_WORDS


def test_publication_times_spread_over_thirty_days(stream):
    times = [a.published for f in stream.files(0, 2_000) for a in f.articles]
    assert all(generate.WINDOW_START <= t < WINDOW_END for t in times)
    assert max(times) - min(times) > timedelta(days=generate.WINDOW_DAYS - 1)
    assert len({t.date() for t in times}) == generate.WINDOW_DAYS


def test_every_style_and_file_kind_occurs(first_files):
    styles = Counter(f.style for f in first_files)
    assert set(styles) == set(generate.STYLES)
    assert {f.name.rsplit(".", 1)[1] for f in first_files} == {"txt", "html", "json", "jsonl"}
    multi = [f for f in first_files if f.style in ("json_export", "jsonl")]
    assert multi and all(len(f.articles) >= 2 for f in multi)


def test_files_parse_into_their_articles_with_title_date_and_body(first_files):
    kinds: Counter = Counter()
    same_body = 0
    checked = [f for f in first_files[:80] if f.role != "duplicate"]
    for generated in checked:
        _, records = _records(generated)
        assert len(records) == len(generated.articles), generated.name
        for record, article in zip(records, generated.articles, strict=True):
            assert record.reason is None, (generated.name, record.reason)
            kinds[record.kind] += 1
            parsed = parse_document(record.kind, record.text)
            assert parsed.title == article.title, generated.name
            assert parsed.published_at is not None, generated.name
            assert parsed.published_at.date() == article.published.date(), generated.name
            assert len(parsed.body.split()) >= 0.9 * article.words, generated.name
            same_body += parsed.body == article.body
    assert set(kinds) == {"text", "html", "json"}
    assert same_body >= 0.85 * sum(kinds.values())
