"""The resolve step over a real working database, article by article: labels voted in SQL and Python, a name held
until another wins clearly and every rename recorded, a type tie decided as a single run would, and a place read
again when an entity's type changes. Articles are ingested and parsed as a run does; mentions stand in for NER."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from orchestration.lib.entities.resolve import Mentions
from orchestration.lib.entities.step import resolve_entities
from orchestration.lib.warehouse import entities
from orchestration.lib.warehouse.connection import connect
from tests.ingest import ingest_and_parse

START = datetime(2026, 3, 1, 8, 0, 0)


class Warehouse:
    """A working database that receives one invented article at a time, with the mentions given for it."""

    def __init__(self, con, raw: Path):
        self.con, self.raw, self.runs = con, raw, 0

    def add(self, *mentions: tuple[str, str, int, int]) -> None:
        """An article naming these (entity_type, name, char_start, sentence_index), then the resolve step."""
        self.runs += 1
        now = START + timedelta(hours=self.runs)
        text = f"Harbour report number {self.runs} from the coastal desk, filed on a quiet morning.\n"
        (self.raw / f"report_{self.runs}.txt").write_text(text, encoding="utf-8")
        ingest_and_parse(self.con, self.raw, now)
        body = self.con.execute(
            "select body_sha256 from landing.articles where body_sha256 not in "
            "(select body_sha256 from landing.mentions) and body_sha256 not in (select body_sha256 from seen)"
        ).fetchone()[0]
        self.con.execute("insert into seen values (?)", [body])
        for index, (kind, name, start, sentence) in enumerate(mentions):
            self.con.execute(
                "insert into landing.mentions values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [body, index, name, kind, kind, name, start, start + len(name), sentence],
            )
        resolve_entities(self.con, now)

    def label(self, alias: str) -> tuple[str, str]:
        return self.con.execute(
            "select l.canonical_name, l.entity_type from landing.entity_labels as l join landing.entity_aliases as a "
            "using (entity_id) where a.alias_key = ?",
            [alias],
        ).fetchone()

    def changes(self) -> list[tuple[str, str, str]]:
        return self.con.execute(
            "select old_name, new_name, reason from landing.entity_name_changes order by changed_at"
        ).fetchall()


@pytest.fixture
def warehouse(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    with connect(tmp_path / "work.duckdb") as con:
        con.execute("create temp table seen (body_sha256 varchar)")
        yield Warehouse(con, raw)


def test_a_name_holds_until_another_wins_clearly_and_the_rename_is_recorded(warehouse: Warehouse):
    harbour = ("LOC", "Kestrel Bay", 0, 0)
    warehouse.add(("PERSON", "Ilyas Karimov", 20, 0), harbour)
    warehouse.add(("PERSON", "Ilyas Kerimov", 20, 0), harbour)
    warehouse.add(("PERSON", "Ilyas Kerimov", 20, 0), harbour)
    # One spelling in 1 article, the other in 2: the first name holds.
    assert warehouse.label("ilyas kerimov") == ("Ilyas Karimov", "PERSON")
    assert warehouse.changes() == []
    warehouse.add(("PERSON", "Ilyas Kerimov", 20, 0), harbour)
    # 3 against 1: 1.5 times as many and 2 more.
    assert warehouse.label("ilyas karimov") == ("Ilyas Kerimov", "PERSON")
    assert warehouse.changes() == [
        (
            "Ilyas Karimov",
            "Ilyas Kerimov",
            "'Ilyas Kerimov' in 3 articles, 'Ilyas Karimov' in 1 article "
            "(a new name needs 1.5 times as many articles and 2 more)",
        )
    ]


def test_a_type_tie_is_decided_as_one_run_would_and_the_place_is_read_again(warehouse: Warehouse):
    warehouse.add(("LOC", "Western", 0, 0), ("LOC", "Kestrel Bay", 30, 0))
    assert warehouse.label("western") == ("Western", "LOC")
    warehouse.add(("NORP", "Western", 0, 0))
    # One article each way: a tie, and "Western" is neither a known place nor a demonym, so a group.
    assert warehouse.label("western") == ("Western", "NORP")
    entity_types = warehouse.con.execute(
        "select count(distinct entity_id), count(*) from landing.entity_aliases where alias_key = 'western'"
    ).fetchone()
    assert entity_types == (1, 2)  # one entity for both tags
    rule = warehouse.con.execute(
        "select p.rule, p.geocoded_at from landing.places as p join landing.entity_aliases as a using (entity_id) "
        "where a.alias_key = 'western' and a.entity_type = 'LOC'"
    ).fetchone()
    assert rule[0] == "unmatched" and rule[1] == START + timedelta(hours=2)  # read again as a group


def test_a_ministry_owned_by_the_country_written_before_it(warehouse: Warehouse):
    # "... Russia's Ministry of Defence ...": the place ends 3 characters before the organisation, in one sentence.
    warehouse.add(("LOC", "Niger", 0, 0), ("LOC", "Russia", 40, 1), ("ORG", "Ministry of Defence", 49, 1))
    warehouse.add(("LOC", "Niamey", 0, 0), ("ORG", "Russian Defense Ministry", 30, 0))
    ministries = warehouse.con.execute(
        "select count(distinct entity_id) from landing.entity_aliases where entity_type = 'ORG'"
    ).fetchone()
    assert ministries == (1,)
    # In another sentence, the place says nothing about the organisation.
    warehouse.add(("LOC", "Nigeria", 0, 0), ("LOC", "Russia", 40, 1), ("ORG", "Defence Ministry", 49, 2))
    assert warehouse.con.execute(
        "select rule from landing.entity_aliases where alias_key = 'defence ministry'"
    ).fetchone() == ("new",)


@pytest.mark.parametrize("batch_rows", [1, 50_000])
def test_name_uses_stream_in_batches_with_each_string_held_once(warehouse: Warehouse, monkeypatch, batch_rows: int):
    # A first resolution reads every name use of the warehouse: they stream in batches, the same uses whatever the
    # batch size, and a body id or name repeated over rows is one string object.
    monkeypatch.setattr(entities, "USES_BATCH_ROWS", batch_rows)
    warehouse.add(("LOC", "Niger", 0, 0), ("LOC", "Russia", 40, 1), ("ORG", "Ministry of Defence", 49, 1))
    warehouse.add(("LOC", "Niger", 0, 0), ("PERSON", "Ilyas Karimov", 20, 0), ("PERSON", "Ilyas Karimov", 60, 1))
    uses = list(entities.current_name_uses(warehouse.con))
    assert sorted((u.entity_type, u.canonical_name, u.owner) for u in uses) == [
        ("LOC", "Niger", None),
        ("LOC", "Niger", None),
        ("LOC", "Russia", None),
        ("ORG", "Ministry of Defence", ("LOC", "Russia")),
        ("PERSON", "Ilyas Karimov", None),
        ("PERSON", "Ilyas Karimov", None),
    ]
    assert len({id(u.canonical_name) for u in uses if u.canonical_name == "Niger"}) == 1
    assert len({id(u.article) for u in uses}) == 2
    mentions = Mentions.of(iter(uses))  # read once, as the step reads the stream
    assert mentions.names[("PERSON", "ilyas karimov")] == {"Ilyas Karimov": 1}  # once per article
    assert len(mentions.articles_of[("LOC", "niger")]) == 2
