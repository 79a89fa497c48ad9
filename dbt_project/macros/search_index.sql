-- The full-text index (fct_search_postings, fct_search_documents) stamps every row with the build that wrote it
-- (build_stamp, incremental_by_key.sql), so that keeping it up to date reads only what a build changed, never all of
-- its postings.

-- The pre-hook of fct_search_postings. The postings table is large (about 300 rows per article, in the order they were
-- written) and nothing in it is sorted by article, so deleting by article id reads every row. Two deletes instead,
-- both of which read nothing when a build brings only new articles (the common case):
-- 1. rows newer than every article of marts.search_documents: a build wrote them and stopped before the documents
--    (killed, or a failed model in between); their articles are in this build's change list again. The stamps of old
--    row groups are below the bound, so DuckDB skips them by their min / max.
-- 2. the changed articles that marts.search_documents already lists: the only articles with rows to replace. A new
--    article has none; when no changed article was indexed before, the join is empty and the scan stops at once.
-- marts.search_documents is read as it was left by the last build: fct_search_documents runs after this model (it
-- depends on it), and the relation is looked up, not ref()'d, so that no cycle is declared.
{% macro delete_reindexed_postings(changes='int_changed_records') %}
    {% if is_incremental() %}
        {%- set documents = adapter.get_relation(this.database, this.schema, 'search_documents') -%}
        {%- if documents is none %}
            delete from {{ this }}
        {%- else %}
            delete from {{ this }}
            where indexed_at > (select coalesce(max(indexed_at), '-infinity'::timestamp) from {{ documents }});
            delete from {{ this }}
            where article_id in (
                select changed.article_id
                from {{ ref(changes) }} as changed
                semi join {{ documents }} as indexed on changed.article_id = indexed.article_id
            )
        {%- endif %}
    {% endif %}
{% endmacro %}
