"""Files split into article records: one per text or HTML page, one per object of a JSON export."""

from __future__ import annotations

import json

from orchestration.lib.ingest.records import split_records

ARTICLE = {"title": "Junta meets envoys", "maintext": "The envoys met the junta in Niamey.", "url": "https://x.org/a"}


def test_a_text_file_is_one_text_record():
    [record] = split_records("news/a.txt", "Some news.\n")
    assert (record.record_index, record.kind, record.text, record.reason) == (0, "text", "Some news.\n", None)


def test_html_is_recognised_by_suffix_or_by_its_first_bytes():
    assert split_records("page.HTM", "<p>x</p>")[0].kind == "html"
    assert split_records("page.txt", "  <!DOCTYPE html><html><body>x</body></html>")[0].kind == "html"


def test_json_lines_keep_good_records_and_quarantine_bad_ones_on_their_own():
    text = "\n".join([json.dumps(ARTICLE), "{not json", "[1, 2]", json.dumps({"title": "no text"}), ""])
    records = split_records("export.jsonl", text)
    assert [r.record_index for r in records] == [0, 1, 2, 3]
    assert records[0].reason is None and json.loads(records[0].text) == ARTICLE
    assert records[1].reason.startswith("invalid JSON on line 2")
    assert records[2].reason == "line 3 is not a JSON object"
    assert "no article text" in records[3].reason


def test_a_json_array_and_a_wrapped_list_are_split_into_records():
    assert len(split_records("a.json", json.dumps([ARTICLE, ARTICLE | {"url": "https://x.org/b"}]))) == 2
    assert len(split_records("b.json", json.dumps({"articles": [ARTICLE]}))) == 1
    assert split_records("c.json", json.dumps(ARTICLE))[0].reason is None


def test_key_order_and_spacing_of_a_record_do_not_change_its_identity():
    compact = split_records("a.jsonl", json.dumps(ARTICLE, separators=(",", ":")))[0]
    reordered = split_records("b.jsonl", json.dumps(dict(reversed(list(ARTICLE.items()))), indent=None))[0]
    assert compact.text_sha256 == reordered.text_sha256


def test_broken_json_is_one_quarantined_record_with_the_parser_message():
    [record] = split_records("bad.json", '{"title": "x", ')
    assert record.text is None and record.reason.startswith("invalid JSON")


def test_json_lines_with_a_json_suffix_are_still_read_line_by_line():
    text = json.dumps(ARTICLE) + "\n" + json.dumps(ARTICLE | {"url": "https://x.org/c"}) + "\n"
    assert [r.reason for r in split_records("export.json", text)] == [None, None]


def test_an_empty_export_is_quarantined():
    assert split_records("empty.json", "[]")[0].reason == "JSON file holds no records"


def test_a_record_with_megabytes_of_text_is_quarantined_alone():
    huge = ARTICLE | {"maintext": "word " * 1_100_000}
    records = split_records("e.jsonl", json.dumps(huge) + "\n" + json.dumps(ARTICLE))
    assert "too long for an article" in records[0].reason and records[1].reason is None
