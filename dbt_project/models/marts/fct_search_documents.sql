{{ config(
    alias='search_documents',
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_changed_keys('article_id') }}"
) }}
-- depends_on: {{ ref('int_changed_records') }}
-- After the postings, whose pre-hook reads this table as the last build left it (macros/search_index.sql).
-- depends_on: {{ ref('fct_search_postings') }}

-- One row per indexed article: its length in terms (BM25 scores a term in a short article above the same term in a
-- long one) and the day and outlet that search results and attention series are counted by. The length is counted
-- from the text with the index's own split, not from marts.search_postings: an incremental build then reads only the
-- changed articles, not every posting.
with articles as (
    select
        article_id,
        source_domain,
        source_name,
        coalesce(published_date, cast(ingested_at as date)) as day,
        published_at is null as is_undated,
        {{ search_words('title', 'body') }} as words,
    from {{ ref('int_articles') }}
    where {{ is_changed('article_id', built_at='built_at') }}
),

final as (
    select
        article_id,
        cast(len(list_filter(words, word -> word <> '')) as integer) as term_count,
        day,
        is_undated,
        source_domain,
        source_name,
        {{ build_stamp() }} as indexed_at,
    from articles
)

select * from final
