"""marts.watchlist_matches: the articles each saved query of the watchlist seed matches (orchestration.lib.search).

Python, not SQL: a query is compiled by the search engine's parser. Incremental: a saved query already matched before
runs over the articles this build changed; a new or edited one runs over every article (watchlist.update_matches).
"""

from orchestration.lib.search.watchlist import read_entries, update_matches


def model(dbt, session):
    dbt.config(materialized="incremental", on_schema_change="fail", alias="watchlist_matches")
    entries = read_entries(dbt.ref("watchlist").fetchall())
    # What the engine reads, under the marts' plain names: the index and the marts of source:, entity:, type:.
    # (dbt reads its dependencies from literal dbt.ref calls.)
    dbt.ref("fct_search_postings")
    dbt.ref("fct_search_documents")
    dbt.ref("dim_entities")
    dbt.ref("fct_entity_mentions")
    dbt.ref("int_changed_records")
    return update_matches(
        session,
        entries,
        target=str(dbt.this) if dbt.is_incremental else None,
        changed_articles="select article_id from intermediate.int_changed_records",
    )
