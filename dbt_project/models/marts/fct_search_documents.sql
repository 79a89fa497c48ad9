{{ config(
    alias='search_documents',
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_changed_keys('article_id') }}"
) }}
-- depends_on: {{ ref('int_changed_records') }}

-- One row per indexed article: its length in terms (BM25 scores a term in a short article above the same term in a
-- long one) and the day and outlet that search results and attention series are counted by.
with postings as (
    select article_id, cast(sum(term_frequency) as integer) as term_count,
    from {{ ref('fct_search_postings') }}
    where {{ is_changed('article_id') }}
    group by article_id
),

articles as (
    select
        article_id,
        source_domain,
        source_name,
        cast(coalesce(published_at, ingested_at) as date) as day,
        published_at is null as is_undated,
    from {{ ref('int_articles') }}
    where {{ is_changed('article_id') }}
),

final as (
    select
        articles.article_id,
        coalesce(postings.term_count, 0) as term_count,
        articles.day,
        articles.is_undated,
        articles.source_domain,
        articles.source_name,
    from articles
    left join postings using (article_id)
)

select * from final
