"""Split one decoded file into article records: a text or HTML page is one record, a JSON export one per object."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from orchestration.lib.ingest.limits import MAX_JSON_DEPTH, MAX_RECORDS_PER_FILE, json_depth, text_limit_reason

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSON_LINES_SUFFIXES = {".jsonl", ".ndjson"}
# Crawler exports (news-please and alikes) name the article text differently; any of these makes a record.
TEXT_FIELDS = ("maintext", "text", "content", "body")
# Same bound as a plain article file (scan.MAX_ARTICLE_FILE_BYTES), counted in characters.
MAX_RECORD_TEXT_CHARS = 5_000_000
# A JSON document that wraps its records in one of these lists ({"articles": [...]}).
WRAPPER_FIELDS = ("articles", "items", "records", "data", "results")


@dataclass(frozen=True)
class Record:
    """One article candidate inside a file; `reason` says why it is quarantined."""

    record_index: int
    kind: str  # "text" | "html" | "json"
    text: str | None
    text_sha256: str | None
    reason: str | None


def sha256_text(text: str) -> str:
    """Hash of a text's UTF-8 bytes: the identity of an article's source text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def split_records(file_path: str, text: str) -> list[Record]:
    """Records of a decoded file, chosen by its suffix (and, for HTML, its first bytes)."""
    suffix = PurePosixPath(file_path).suffix.lower()
    if suffix in JSON_LINES_SUFFIXES:
        return _json_lines_records(text)
    if suffix in JSON_SUFFIXES:
        return _json_records(text)
    kind = "html" if suffix in HTML_SUFFIXES or _looks_like_html(text) else "text"
    reason = text_limit_reason(kind, text)
    if reason is not None:
        return [_quarantined(0, kind, reason)]
    return [Record(0, kind, text, sha256_text(text), None)]


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:100].lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def _too_deep(depth: int | None = None) -> str:
    nested = "deeper than Python's parser allows" if depth is None else f"{depth:,} levels deep"
    return f"JSON nested {nested} (limit {MAX_JSON_DEPTH} levels)"


def _too_many(count: int) -> Record:
    return _quarantined(0, "json", f"{count:,} records in one file (limit {MAX_RECORDS_PER_FILE:,}; split the export)")


def _json_records(text: str) -> list[Record]:
    try:
        document = json.loads(text)
    except RecursionError:
        return [_quarantined(0, "json", _too_deep())]
    except json.JSONDecodeError as exc:
        lines = [line for line in text.splitlines() if line.strip()]
        # Many "JSON" exports are really JSON Lines with the wrong suffix.
        if len(lines) > 1 and all(line.lstrip().startswith("{") for line in lines):
            return _json_lines_records(text)
        return [_quarantined(0, "json", f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")]
    depth = json_depth(document)
    if depth > MAX_JSON_DEPTH:
        return [_quarantined(0, "json", _too_deep(depth))]
    items = _unwrap(document)
    if not items:
        return [_quarantined(0, "json", "JSON file holds no records")]
    if len(items) > MAX_RECORDS_PER_FILE:
        return [_too_many(len(items))]
    return [_json_record(index, item) for index, item in enumerate(items)]


def _unwrap(document: Any) -> list[Any]:
    if isinstance(document, list):
        return document
    if isinstance(document, dict) and not any(field in document for field in TEXT_FIELDS):
        for field in WRAPPER_FIELDS:
            if isinstance(document.get(field), list):
                return document[field]
    return [document]


def _json_lines_records(text: str) -> list[Record]:
    lines = text.split("\n")
    count = sum(1 for line in lines if line.strip())
    if count > MAX_RECORDS_PER_FILE:
        return [_too_many(count)]
    records = []
    for line_number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        index = len(records)
        try:
            item = json.loads(line)
        except RecursionError:
            records.append(_quarantined(index, "json", f"line {line_number}: {_too_deep()}"))
            continue
        except json.JSONDecodeError as exc:
            records.append(_quarantined(index, "json", f"invalid JSON on line {line_number}: {exc.msg}"))
            continue
        depth = json_depth(item)
        if depth > MAX_JSON_DEPTH:
            records.append(_quarantined(index, "json", f"line {line_number}: {_too_deep(depth)}"))
            continue
        records.append(_json_record(index, item, line_number))
    return records or [_quarantined(0, "json", "JSON Lines file holds no records")]


def _json_record(index: int, item: Any, line_number: int | None = None) -> Record:
    where = f"line {line_number}" if line_number else f"record {index}"
    if not isinstance(item, dict):
        return _quarantined(index, "json", f"{where} is not a JSON object")
    if not any(isinstance(item.get(field), str) and item[field].strip() for field in TEXT_FIELDS):
        return _quarantined(index, "json", f"{where} has no article text ({' / '.join(TEXT_FIELDS)})")
    if max(len(item[f]) for f in TEXT_FIELDS if isinstance(item.get(f), str)) > MAX_RECORD_TEXT_CHARS:
        return _quarantined(index, "json", f"{where} is too long for an article (> {MAX_RECORD_TEXT_CHARS:,} chars)")
    # Canonical form: key order and whitespace of the export don't make a different article.
    payload = json.dumps(item, sort_keys=True, ensure_ascii=False)
    return Record(index, "json", payload, sha256_text(payload), None)


def _quarantined(index: int, kind: str, reason: str) -> Record:
    return Record(index, kind, None, None, reason)
