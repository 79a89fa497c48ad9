{{ config(alias='stories') }}

with articles as (
    select * from {{ ref('int_articles') }}
    where story_id is not null
),

mentions as (
    select distinct article_id, entity_id from {{ ref('int_entity_mentions') }}
    where entity_id is not null
),

entities as (
    select entity_id, canonical_name, entity_type from {{ ref('dim_entities') }}
),

-- How many of a story's articles name each person, organisation or place.
story_entities as (
    select
        articles.story_id,
        entities.entity_id,
        entities.canonical_name,
        count(*) as article_count,
    from mentions
    inner join articles using (article_id)
    inner join entities using (entity_id)
    where entities.entity_type in ('PERSON', 'ORG', 'LOC')
    group by all
),

top_entities as (
    select
        story_id,
        list(canonical_name order by article_count desc, canonical_name asc, entity_id asc)[1:5] as top_entities,
    from story_entities
    group by story_id
),

per_story as (
    select
        story_id,
        -- The headline: the story's first article's title, else the earliest titled article's.
        coalesce(
            any_value(title) filter (where article_id = story_id),
            arg_min(title, coalesce(published_at, ingested_at)) filter (where title is not null)
        ) as headline,
        min(published_at) as first_published_at,
        max(published_at) as last_published_at,
        min(ingested_at) as first_ingested_at,
        count(*) as article_count,
        count(distinct source_domain) as source_count,
        count(*) filter (where story_rule = 'copy') as copy_count,
        count(*) filter (where published_at is null) as undated_article_count,
    from articles
    group by story_id
),

final as (
    select
        per_story.story_id,
        per_story.headline,
        per_story.first_published_at,
        per_story.last_published_at,
        per_story.article_count,
        per_story.source_count,
        -- `varchar[]` is a DuckDB list type, which sqlfluff's DuckDB dialect reads as a keyword and a bracket.
        coalesce(top_entities.top_entities, []::varchar[]) as top_entities,  -- noqa: LT01
        per_story.copy_count,
        per_story.undated_article_count,
        per_story.first_ingested_at,
    from per_story
    left join top_entities using (story_id)
)

select * from final
