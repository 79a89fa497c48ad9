{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_changed_keys('article_id') }}"
) }}
-- depends_on: {{ ref('int_changed_records') }}

with files as (
    select * from {{ ref('stg_file_records') }}
    where status = 'article' and {{ is_changed('article_id') }}
),

parsed as (
    select * from {{ ref('stg_articles') }}
),

known_sources as (
    select * from {{ ref('known_sources') }}
),

stories as (
    select * from {{ ref('stg_story_assignments') }}
),

final as (
    select
        files.article_id,
        files.file_path,
        files.record_index,
        files.source_format,
        files.content_sha256,
        files.text_sha256,
        parsed.title,
        parsed.url,
        parsed.source_domain,
        -- The curated outlet name first (consistent across an outlet's files), else the site name the page states
        -- (HTML og:site_name); never a name guessed from the domain.
        coalesce(known_sources.source_name, parsed.source_name) as source_name,
        parsed.original_source_domain,
        parsed.author,
        parsed.published_at,
        parsed.published_at_text,
        parsed.published_local,
        parsed.published_utc_offset_minutes,
        -- The day the article counts on in the daily marts: the page's own day, not the day of its UTC time.
        cast(parsed.published_local as date) as published_date,
        parsed.authors,
        parsed.body,
        parsed.body_sha256,
        parsed.word_count,
        files.first_seen_at as ingested_at,
        stories.story_id,
        stories.story_rule,
        files.article_superseded_at as superseded_at,
        files.article_superseded_by as superseded_by,
        -- Which build wrote the row: the article-grained marts read only the rows of this build through it
        -- (is_changed's built_at).
        {{ build_stamp() }} as built_at,
    from files
    inner join parsed on parsed.text_sha256 = files.text_sha256
    left join known_sources on known_sources.source_domain = parsed.source_domain
    left join stories on stories.article_id = files.article_id
)

select * from final
