{{ config(alias='entity_daily_stories') }}

with mentions as (
    select entity_id, article_id from {{ ref('int_entity_mentions') }}
    where entity_id is not null
),

-- The day an article counts on: its publication date (UTC), else the day the pipeline first saw its file.
articles as (
    select
        article_id,
        story_id,
        cast(coalesce(published_at, ingested_at) as date) as day,
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
