"""The resolve stage on the seeds, through the whole job: one entity per real-world thing, places on the map,
ids that survive new articles, and the entity marts."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.defs import build_definitions
from orchestration.lib.settings import Settings, resolve_settings
from orchestration.run import RunOutcome, run_pipeline
from tests.conftest import copy_seeds

NEW_ARTICLE = (
    "Title: Niger junta meets Russian envoys\n\n"
    "General Abdourahamane Tiani met Russian envoys in Niamey on Monday, state television said.\n"
    "Niger's junta also hosted officials from Mali and Burkina Faso.\n"
)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, dagster_home: Path) -> tuple[Settings, RunOutcome, dict, RunOutcome]:
    """A run over the seeds, a snapshot of its entity ids, then a run after one more article arrived."""
    root = tmp_path_factory.mktemp("entities")
    settings = resolve_settings(copy_seeds(root / "raw"), root / "warehouse" / "news.duckdb")
    first = run_pipeline(settings)
    ids = dict(query(settings, "select entity_type || ':' || canonical_name, entity_id from marts.entities"))
    (settings.raw_dir / "later.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    second = run_pipeline(settings)
    return settings, first, ids, second


def query(settings: Settings, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_both_runs_succeed_with_the_resolve_checks_green(runs):
    _, first, _, second = runs
    for outcome in (first, second):
        assert outcome.success, (outcome.failed_steps, outcome.failed_checks)
        assert outcome.failed_checks == []


def test_tchiani_and_tiani_are_one_general_with_both_spellings_as_aliases(runs):
    settings = runs[0]
    rows = query(
        settings,
        "select entity_id, aliases, article_count, source_count, first_seen_at, last_seen_at from marts.entities "
        "where list_contains(aliases, 'Abdourahamane Tchiani') or list_contains(aliases, 'Abdourahamane Tiani')",
    )
    assert len(rows) == 1, rows
    _, aliases, article_count, source_count, first_seen, last_seen = rows[0]
    assert {"Abdourahamane Tchiani", "Abdourahamane Tiani"} <= set(aliases)
    assert article_count >= 3 and source_count >= 1 and first_seen <= last_seen


def test_places_and_demonyms_are_on_the_map(runs):
    settings = runs[0]
    places = {
        name: rest
        for name, *rest in query(
            settings,
            "select canonical_name, entity_type, country_code, place_type, round(latitude), round(longitude) "
            "from marts.entities where entity_type in ('LOC', 'NORP')",
        )
    }
    assert places["Niger"] == ["LOC", "NE", "country", 16, 8]  # inside the country, not at Niamey
    assert places["Niamey"] == ["LOC", "NE", "city", 14, 2]
    assert places["Washington"][:3] == ["LOC", "US", "city"]
    assert places["Russia"][1:3] == ["RU", "country"]
    assert places["Russian"] == ["NORP", "RU", None, None, None]
    assert places["Nigerien"][1] == "NE"


def test_one_name_is_one_entity_of_one_type(runs):
    settings = runs[0]
    assert query(settings, "select canonical_name from marts.entities group by 1 having count(*) > 1") == []
    # Tagged as a group in one seed article and as a place in another: one entity, labelled a group.
    assert query(settings, "select entity_type from marts.entities where canonical_name = 'Western'") == [("NORP",)]


def test_russias_defence_ministry_under_two_spellings_is_one_organisation(runs):
    settings = runs[0]
    rows = query(
        settings,
        "select aliases from marts.entities where list_contains(aliases, 'Ministry of Defence') "
        "or list_contains(aliases, 'Russian Defense Ministry')",
    )
    assert len(rows) == 1 and {"Ministry of Defence", "Russian Defense Ministry"} <= set(rows[0][0])


def test_one_new_article_does_not_rename_the_general_and_renames_are_recorded(runs):
    settings = runs[0]
    general = "select canonical_name from marts.entities where list_contains(aliases, 'Abdourahamane Tiani')"
    # After the later article spelled him "Tiani" once more, the name he had holds: it needs a clear margin.
    assert query(settings, general) == [("Abdourahamane Tchiani",)]
    assert query(settings, "select count(*) from marts.entity_name_changes where old_name like '%Tchiani%'") == [(0,)]
    columns = query(
        settings,
        "select column_name from information_schema.columns where table_schema = 'marts' "
        "and table_name = 'entity_name_changes' order by ordinal_position",
    )
    assert [c for (c,) in columns] == ["entity_id", "old_name", "new_name", "changed_at", "reason"]


def test_entity_ids_survive_a_new_article(runs):
    settings, _, before, _ = runs
    after = dict(query(settings, "select entity_type || ':' || canonical_name, entity_id from marts.entities"))
    kept = {name: entity_id for name, entity_id in before.items() if name in after}
    assert len(kept) >= len(before) - 2  # a canonical name may change when a new spelling becomes the commonest
    assert all(after[name] == entity_id for name, entity_id in kept.items())
    assert set(before.values()) <= {row[0] for row in query(settings, "select entity_id from marts.entities")}


def test_the_alias_table_explains_every_merge(runs):
    settings = runs[0]
    with duckdb.connect(str(settings.working_db), read_only=True) as con:
        rules = dict(
            con.execute(
                "select alias_key, rule || ': ' || evidence from landing.entity_aliases where entity_type = 'PERSON'"
            ).fetchall()
        )
    assert rules["abdourahamane tiani"].startswith("fuzzy_surname_same_given_name: given name 'abdourahamane'")
    assert rules["abdourahamane tchiani"].startswith("new")


def test_daily_mentions_add_up_to_the_entity_counts(runs):
    settings = runs[0]
    mismatched = query(
        settings,
        """
        select e.entity_id
        from marts.entities e
        join (select entity_id, sum(mention_count) as mentions from marts.entity_daily_mentions group by entity_id) d
            using (entity_id)
        where d.mentions <> e.mention_count
        """,
    )
    assert mismatched == []
    assert query(
        settings,
        "select count(distinct entity_id) = (select count(*) from marts.entities) from marts.entity_daily_mentions",
    ) == [(True,)]


def test_cooccurrence_pairs_niger_and_russia_in_every_seed_article(runs):
    settings = runs[0]
    rows = query(
        settings,
        """
        select c.article_count
        from marts.entity_cooccurrence c
        join marts.entities a on a.entity_id = c.entity_id_a
        join marts.entities b on b.entity_id = c.entity_id_b
        where list_sort([a.canonical_name, b.canonical_name]) = ['Niger', 'Russia']
        """,
    )
    assert rows and rows[0][0] >= 5
    assert query(settings, "select count(*) from marts.entity_cooccurrence where entity_id_a >= entity_id_b") == [(0,)]


def test_dbt_reads_the_resolve_stage_through_its_sources(seed_settings: Settings):
    graph = build_definitions(seed_settings).resolve_asset_graph()

    def parents(*key: str) -> set[str]:
        return {k.to_user_string() for k in graph.get(dg.AssetKey(list(key))).parent_keys}

    assert parents("staging", "stg_entity_aliases") == {"resolved_entities"}
    assert parents("staging", "stg_places") == {"landing/places"}
    assert parents("staging", "stg_entity_names") == {"landing/entity_names"}
    assert parents("landing", "places") == parents("landing", "entity_names") == {"resolved_entities"}
    assert parents("staging", "stg_entity_labels") == {"landing/entity_labels"}
    assert parents("landing", "entity_labels") == parents("landing", "entity_name_changes") == {"resolved_entities"}
    assert parents("resolved_entities") == {"ner_mentions"}
