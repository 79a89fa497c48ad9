"""Reader limits: a file over one is quarantined with a reason naming the limit, and a reader's crash or stall on
one file quarantines that file; nothing of it stops the run."""

from __future__ import annotations

import json
import time

import pytest

from orchestration.lib.ingest import ledger, limits
from orchestration.lib.ingest.limits import (
    MAX_HTML_DEPTH,
    MAX_JSON_DEPTH,
    MAX_LINE_CHARS,
    MAX_RECORDS_PER_FILE,
    TimeLimitExceeded,
    html_depth,
    json_depth,
    longest_line,
    time_limit,
)
from orchestration.lib.ingest.records import split_records
from orchestration.lib.ingest.scan import FileRecord

ARTICLE = {"title": "Talks resume", "maintext": "Delegations met in Niamey on Monday to resume talks."}


def _reasons(file_path: str, text: str) -> list[str | None]:
    return [record.reason for record in split_records(file_path, text)]


def test_json_nested_100000_levels_is_quarantined_naming_the_limit():
    (reason,) = _reasons("deep.json", "[" * 100_000 + "]" * 100_000)
    assert f"limit {MAX_JSON_DEPTH} levels" in reason


def test_json_nested_past_the_limit_but_parsable_is_quarantined_with_its_depth():
    depth = MAX_JSON_DEPTH + 6
    (reason,) = _reasons("deep.json", json.dumps({**ARTICLE, "extra": json.loads("[" * depth + "]" * depth)}))
    assert reason == f"JSON nested {depth + 1} levels deep (limit {MAX_JSON_DEPTH} levels)"


def test_a_deep_line_of_json_lines_is_quarantined_alone():
    lines = [json.dumps(ARTICLE), "[" * 50_000 + "]" * 50_000, json.dumps({**ARTICLE, "title": "Second"})]
    reasons = _reasons("export.jsonl", "\n".join(lines))
    assert reasons[0] is None and reasons[2] is None
    assert reasons[1].startswith("line 2: JSON nested")


def test_an_export_with_too_many_records_is_quarantined_naming_the_limit():
    (reason,) = _reasons("big.jsonl", "{}\n" * (MAX_RECORDS_PER_FILE + 1))
    assert (
        reason == f"{MAX_RECORDS_PER_FILE + 1:,} records in one file (limit {MAX_RECORDS_PER_FILE:,}; split the export)"
    )
    (reason,) = _reasons("big.json", json.dumps([ARTICLE] * (MAX_RECORDS_PER_FILE + 1)))
    assert "split the export" in reason


def test_a_line_past_the_limit_is_quarantined_and_a_long_normal_text_is_not():
    (reason,) = _reasons("one_line.txt", "word " * (MAX_LINE_CHARS // 5 + 1))
    assert reason == f"a line of {MAX_LINE_CHARS + 5:,} characters (limit {MAX_LINE_CHARS:,} per line)"
    assert _reasons("long.txt", ("A normal paragraph of an article. " * 30 + "\n") * 200) == [None]


def test_html_nested_past_the_limit_is_quarantined_and_a_real_page_shape_is_not():
    deep = (
        "<html><body>" + "<div>" * (MAX_HTML_DEPTH + 10) + "text" + "</div>" * (MAX_HTML_DEPTH + 10) + "</body></html>"
    )
    (reason,) = _reasons("deep.html", deep)
    assert f"limit {MAX_HTML_DEPTH:,}" in reason
    page = "<!doctype html><html><head><meta charset=utf-8><title>T</title></head><body><p>One<br>two<img src=x></p>"
    assert _reasons("page.html", page + "<p>three</body></html>") == [None]


def test_depth_and_line_measures():
    assert json_depth({"a": [1, {"b": []}]}) == 4 and json_depth(5) == 0
    assert html_depth("<div><p>a</p><br><img/><section><span>b</span></section></div>") == 3
    assert longest_line("ab\nabcd\n") == 4 and longest_line("") == 0


def test_a_reader_that_raises_quarantines_only_that_file(monkeypatch):
    def broken(file_path: str, text: str):
        raise ZeroDivisionError

    monkeypatch.setattr(ledger, "split_records", broken)
    file = FileRecord("a.txt", 10, 1, "0" * 64, "utf-8", "text", "1" * 64, None, False)
    (record,) = ledger.split_file(file)
    assert (record.reason, record.text) == ("internal error: ZeroDivisionError", None)


def test_a_reader_that_stalls_is_stopped_at_the_time_limit(monkeypatch):
    def stuck(file_path: str, text: str):
        time.sleep(5)

    monkeypatch.setattr(ledger, "split_records", stuck)
    monkeypatch.setattr(ledger, "time_limit", lambda: time_limit(0.2))
    started = time.monotonic()
    file = FileRecord("a.txt", 10, 1, "0" * 64, "utf-8", "text", "1" * 64, None, False)
    (record,) = ledger.split_file(file)
    assert record.reason == f"reading took longer than {limits.MAX_SECONDS_PER_FILE:.0f} s (limit per file)"
    assert time.monotonic() - started < 2


def test_the_time_limit_is_lifted_after_the_block():
    with pytest.raises(TimeLimitExceeded), time_limit(0.1):
        time.sleep(2)
    with time_limit(0.1):
        pass
    time.sleep(0.2)  # no stray alarm fires after the block
