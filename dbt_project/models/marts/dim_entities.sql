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

name_counts as (
    select entity_id, canonical_name, count(*) as uses
    from mentions
    group by entity_id, canonical_name
),

-- The entity's name is its most used canonical form; ties go to the longer, then the alphabetically first.
preferred_names as (
    select entity_id, canonical_name
    from name_counts
    qualify row_number() over (
        partition by entity_id order by uses desc, length(canonical_name) desc, canonical_name
    ) = 1
),

stats as (
    select
        mentions.entity_id,
        any_value(mentions.entity_type) as entity_type,
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
        preferred_names.canonical_name,
        stats.entity_type,
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
    inner join preferred_names using (entity_id)
    left join places using (entity_id)
)

select * from final
