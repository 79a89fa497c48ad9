{{ config(alias='entity_cooccurrence') }}

-- Named things only: numbers, dates, times, amounts and ordinals co-occur with everything and say nothing.
with mentions as (
    select entity_id, article_id, sentence_index
    from {{ ref('int_entity_mentions') }}
    where entity_type not in ('DATE', 'TIME', 'PERCENT', 'MONEY', 'QUANTITY', 'ORDINAL', 'CARDINAL')
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
    group by pairs.entity_id_a, pairs.entity_id_b
)

select * from final
