{{ config(
    alias='entity_cooccurrence',
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_changed_keys('(entity_id_a, entity_id_b)', 'int_changed_entity_pairs', 'entity_id_a, entity_id_b') }}"
) }}
-- depends_on: {{ ref('int_changed_entities') }}
-- depends_on: {{ ref('int_changed_entity_pairs') }}

-- Named things only (value_entity_types: numbers, dates, amounts... co-occur with everything and say nothing); on an
-- incremental build, only the changed entities' mentions (int_changed_entities).
with mentions as (
    select entity_id, article_id, sentence_index
    from {{ ref('int_entity_mentions') }}
    where
        entity_type not in ({{ value_entity_types() }})
        and {{ is_changed('entity_id', 'int_changed_entities') }}
),

articles as (
    select article_id, coalesce(published_at, ingested_at) as seen_at
    from {{ ref('int_articles') }}
),

per_article as (
    select distinct entity_id, article_id from mentions
),

same_sentence as (
    select distinct a.entity_id as entity_id_a, b.entity_id as entity_id_b, a.article_id
    from mentions as a
    inner join mentions as b
        on a.article_id = b.article_id and a.sentence_index = b.sentence_index and a.entity_id < b.entity_id
),

-- Each unordered pair once: entity_id_a sorts before entity_id_b.
pairs as (
    select a.entity_id as entity_id_a, b.entity_id as entity_id_b, a.article_id
    from per_article as a
    inner join per_article as b on a.article_id = b.article_id and a.entity_id < b.entity_id
),

final as (
    select
        pairs.entity_id_a,
        pairs.entity_id_b,
        count(*) as article_count,
        count(same_sentence.article_id) as same_sentence_article_count,
        min(articles.seen_at) as first_seen_at,
        max(articles.seen_at) as last_seen_at,
    from pairs
    inner join articles using (article_id)
    left join same_sentence using (entity_id_a, entity_id_b, article_id)
    -- An incremental build recomputes the pairs named together in a changed body (before or after the change).
    where {{ is_changed(
        '(pairs.entity_id_a, pairs.entity_id_b)', 'int_changed_entity_pairs', 'entity_id_a, entity_id_b'
    ) }}
    group by pairs.entity_id_a, pairs.entity_id_b
)

select * from final
