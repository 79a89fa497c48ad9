{{ config(
    alias='entity_daily_mentions',
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_changed_keys('entity_id', 'int_changed_entities') }}"
) }}
-- depends_on: {{ ref('int_changed_entities') }}

with mentions as (
    select entity_id, article_id from {{ ref('int_entity_mentions') }}
    where {{ is_changed('entity_id', 'int_changed_entities') }}
),

-- The day an article counts on: its publication date (UTC), else the day the pipeline first saw its file.
articles as (
    select
        article_id,
        source_domain,
        coalesce(published_date, cast(ingested_at as date)) as day,
        published_at is null as is_undated,
    from {{ ref('int_articles') }}
),

final as (
    select
        mentions.entity_id,
        articles.day,
        articles.source_domain,
        count(*) as mention_count,
        count(distinct mentions.article_id) as article_count,
        count(distinct mentions.article_id) filter (where articles.is_undated) as undated_article_count,
    from mentions
    inner join articles using (article_id)
    group by mentions.entity_id, articles.day, articles.source_domain
)

select * from final
