{{ config(
    alias='entity_daily_stories',
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_changed_keys('entity_id', 'int_changed_entities') }}"
) }}
-- depends_on: {{ ref('int_changed_entities') }}

with mentions as (
    select entity_id, article_id from {{ ref('int_entity_mentions') }}
    where entity_id is not null and {{ is_changed('entity_id', 'int_changed_entities') }}
),

-- The day an article counts on: its publication date (UTC), else the day the pipeline first saw its file.
articles as (
    select
        article_id,
        story_id,
        coalesce(published_date, cast(ingested_at as date)) as day,
    from {{ ref('int_articles') }}
),

final as (
    select
        mentions.entity_id,
        articles.day,
        count(distinct articles.story_id) as story_count,
        count(distinct mentions.article_id) as article_count,
        count(*) as mention_count,
    from mentions
    inner join articles using (article_id)
    group by mentions.entity_id, articles.day
)

select * from final
