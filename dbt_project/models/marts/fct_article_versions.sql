{{ config(
    alias='article_versions',
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_changed_keys('article_id') }}"
) }}
-- depends_on: {{ ref('int_changed_records') }}

-- Every stored article, current or superseded by a change of its file: the history marts.articles leaves out.

with articles as (
    select * from {{ ref('int_article_versions') }}
    where {{ is_changed('article_id') }}
),

final as (
    select
        article_id,
        file_path,
        record_index,
        source_format,
        content_sha256,
        title,
        url,
        source_domain,
        source_name,
        original_source_domain,
        author,
        published_at,
        body,
        word_count,
        ingested_at,
        body_sha256,
        published_at_text,
        published_local,
        published_utc_offset_minutes,
        published_date,
        authors,
        story_id,
        superseded_at,
        superseded_by,
    from articles
)

select * from final
