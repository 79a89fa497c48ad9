{{ config(
    alias='entities',
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_changed_keys('entity_id', 'int_changed_entities') }}"
) }}
-- depends_on: {{ ref('int_changed_entities') }}

with mentions as (
    select * from {{ ref('int_entity_mentions') }}
    where {{ is_changed('entity_id', 'int_changed_entities') }}
),

-- An article is seen when it was published, or, when it states no date, when the pipeline first saw it.
articles as (
    select article_id, source_domain, coalesce(published_at, ingested_at) as seen_at
    from {{ ref('int_articles') }}
),

places as (
    select * from {{ ref('stg_places') }}
),

-- The entity's one name and one type, voted over its articles by the resolve stage (orchestration/lib/entities/
-- labels.py): a mention tagged otherwise, or one new article with another spelling, changes neither.
labels as (
    select * from {{ ref('stg_entity_labels') }}
),

stats as (
    select
        mentions.entity_id,
        count(*) as mention_count,
        count(distinct mentions.article_id) as article_count,
        list(distinct mentions.mention_text order by mentions.mention_text) as aliases,
        count(distinct articles.source_domain) as source_count,
        min(articles.seen_at) as first_seen_at,
        max(articles.seen_at) as last_seen_at,
    from mentions
    inner join articles using (article_id)
    group by mentions.entity_id
),

final as (
    select
        stats.entity_id,
        labels.canonical_name,
        labels.entity_type,
        stats.mention_count,
        stats.article_count,
        stats.aliases,
        stats.source_count,
        stats.first_seen_at,
        stats.last_seen_at,
        places.country_code,
        places.place_type,
        places.latitude,
        places.longitude,
        places.geonameid,
    from stats
    -- Every entity has a label (the resolve stage votes one for each); a missing one fails the not_null contract.
    left join labels using (entity_id)
    -- A place only for what is labelled a place or a group: a name tagged once as a place does not put a person
    -- on the map.
    left join places on stats.entity_id = places.entity_id and labels.entity_type in ('LOC', 'NORP')
)

select * from final
