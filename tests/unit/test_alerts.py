"""The alerts file: each alert written once across runs, in order, whole, whatever a killed run left behind."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import duckdb

from orchestration.lib.alerts.file import alert_id, append_alerts, make_alert, read_alerts
from orchestration.lib.alerts.spikes import ENTITY_SPIKE, entity_spike_alerts
from orchestration.lib.settings import resolve_settings

NOW = datetime(2024, 2, 6, 7, 30, 15, 123456)
LATER = datetime(2024, 2, 7, 7, 30)


def spike(key: str, day: date, detected_at: datetime = NOW, **fields) -> dict:
    return make_alert(ENTITY_SPIKE, key, day, detected_at, mention_count=20, **fields)


def lines(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def test_the_alerts_file_lies_beside_the_warehouse(tmp_path: Path):
    settings = resolve_settings(tmp_path / "raw", tmp_path / "wh" / "news.duckdb")
    assert settings.alerts_file == tmp_path / "wh" / "news.alerts.jsonl"


def test_an_alert_id_is_its_kind_key_and_day_and_nothing_else():
    first = spike("e1", date(2024, 2, 5))
    again = spike("e1", date(2024, 2, 5), LATER, article_ids=["a9"])
    assert first["alert_id"] == again["alert_id"] == alert_id(ENTITY_SPIKE, "e1", "2024-02-05")
    others = {
        spike("e2", date(2024, 2, 5))["alert_id"],
        spike("e1", date(2024, 2, 6))["alert_id"],
        make_alert("watchlist_spike", "e1", date(2024, 2, 5), NOW)["alert_id"],
    }
    assert first["alert_id"] not in others and len(others) == 3
    assert first["day"] == "2024-02-05" and first["detected_at"] == "2024-02-06T07:30:15Z"
    assert list(first)[:5] == ["alert_id", "kind", "key", "day", "detected_at"]


def test_each_alert_is_written_once_across_calls_and_in_order(tmp_path: Path):
    path = tmp_path / "news.alerts.jsonl"
    a, b, c = spike("e1", date(2024, 2, 5)), spike("e2", date(2024, 2, 5)), spike("e1", date(2024, 2, 6))
    assert append_alerts(path, [a, b, a]) == [a, b]
    # The next run finds the same spikes again (with a later detection time) and one new one.
    again = [spike("e2", date(2024, 2, 5), LATER), c, spike("e1", date(2024, 2, 5), LATER)]
    assert append_alerts(path, again) == [c]
    assert append_alerts(path, [c, b, a]) == []
    assert [line["alert_id"] for line in lines(path)] == [a["alert_id"], b["alert_id"], c["alert_id"]]
    assert lines(path)[1] == b  # as given: the first detection's time stays
    assert read_alerts(path) == [a, b, c]


def test_nothing_to_write_creates_no_file(tmp_path: Path):
    path = tmp_path / "news.alerts.jsonl"
    assert append_alerts(path, []) == []
    assert read_alerts(path) == []
    assert not path.exists()


def test_a_line_torn_by_a_kill_is_cut_off_and_its_alert_written_whole_once(tmp_path: Path):
    path = tmp_path / "news.alerts.jsonl"
    a, b = spike("e1", date(2024, 2, 5), name="Niger"), spike("e2", date(2024, 2, 5), name="Mali")
    append_alerts(path, [a])
    torn = (json.dumps(b) + "\n").encode()[:25]
    with open(path, "ab") as handle:
        handle.write(torn)  # a run killed in the middle of its write
    assert read_alerts(path) == [a]
    assert path.read_bytes().endswith(b"}\n")  # reading repaired the file
    with open(path, "ab") as handle:
        handle.write(torn)
    assert append_alerts(path, [a, b]) == [b]
    assert lines(path) == [a, b]


def test_a_whole_alert_missing_only_its_newline_is_written_again_once(tmp_path: Path):
    path = tmp_path / "news.alerts.jsonl"
    a = spike("e1", date(2024, 2, 5))
    path.write_text(json.dumps(a), encoding="utf-8")
    assert append_alerts(path, [a]) == [a]
    assert lines(path) == [a]


def test_lines_edited_by_hand_are_kept_and_do_not_stop_the_file(tmp_path: Path):
    path = tmp_path / "news.alerts.jsonl"
    a = spike("e1", date(2024, 2, 5), name="Åland — «Öresund»")
    path.write_text("not json\n[1, 2]\n", encoding="utf-8")
    assert append_alerts(path, [a]) == [a]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("not json\n[1, 2]\n") and "Åland — «Öresund»" in text
    assert read_alerts(path) == [a]


def test_entity_spike_alerts_name_the_entity_and_carry_the_statistic(tmp_path: Path):
    with duckdb.connect(str(tmp_path / "news.duckdb")) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.entities as select * from (values ('e1', 'Niger', 'GPE'), ('e2', 'Mali', 'GPE')) "
            "as t(entity_id, canonical_name, entity_type)"
        )
        con.execute(
            "create table marts.entity_spikes as select * from (values "
            "('e1', date '2024-02-06', 20::bigint, 4::bigint, 2.0::double, 12.7279::double, 28::bigint, ['a1', 'a2']),"
            "('e2', date '2024-02-05', 9, 3, 1.0, 8.0, 28, ['a3']),"
            "('e2', date '2024-02-06', 40, 9, 3.0, 21.36, 28, ['a4'])"
            ") as t(entity_id, day, mention_count, article_count, baseline_mean, surprise, coverage_days, article_ids)"
        )
        alerts = entity_spike_alerts(con, NOW)
    assert [(alert["key"], alert["day"]) for alert in alerts] == [
        ("e2", "2024-02-05"),
        ("e2", "2024-02-06"),
        ("e1", "2024-02-06"),
    ]
    assert alerts[2] == {
        "alert_id": alert_id(ENTITY_SPIKE, "e1", "2024-02-06"),
        "kind": "entity_spike",
        "key": "e1",
        "day": "2024-02-06",
        "detected_at": "2024-02-06T07:30:15Z",
        "entity_id": "e1",
        "name": "Niger",
        "entity_type": "GPE",
        "mention_count": 20,
        "article_count": 4,
        "baseline_mean": 2.0,
        "surprise": 12.73,
        "coverage_days": 28,
        "article_ids": ["a1", "a2"],
    }
    path = tmp_path / "news.alerts.jsonl"
    assert len(append_alerts(path, alerts)) == 3
    assert read_alerts(path) == alerts
