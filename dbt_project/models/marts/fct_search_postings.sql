{{ config(
    alias='search_postings',
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_reindexed_postings() }}"
) }}
-- depends_on: {{ ref('int_changed_records') }}

-- The full-text index (orchestration/lib/search): for every term of an article's title and body, the word positions
-- where it occurs (terms: macros/search_words.sql). The title comes first, so a title word sits at a low position.
with articles as (
    select
        article_id,
        {{ search_words('title', 'body') }} as words,
    from {{ ref('int_articles') }}
    where {{ is_changed('article_id', built_at='built_at') }}
),

words as (
    select
        article_id,
        unnest(words) as term,
        -- 0-based; a leading separator yields an empty first word, so positions stay consecutive between words
        (generate_subscripts(words, 1) - 1)::integer as word_position,
    from articles
),

final as (
    select
        term,
        article_id,
        count(*)::integer as term_frequency,
        -- sorted after grouping: an ordered aggregate over every word of a large build needs far more memory
        list_sort(list(word_position)) as word_positions,
        {{ build_stamp() }} as indexed_at,
    from words
    where term <> ''
    group by term, article_id
)

-- Not sorted by term, though zone maps would then let a query skip most postings: at 100,000 articles the sort of
-- every posting runs out of dbt's 2 GB (BENCHMARKS.md, "Search at 100,000 articles"), so queries scan the term column.
-- Rows stay in the order builds appended them, which is what lets the pre-hook (macros/search_index.sql) skip old rows.
select * from final
