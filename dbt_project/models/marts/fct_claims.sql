{{ config(
    alias='claims',
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_changed_keys('article_id') }}"
) }}
-- depends_on: {{ ref('int_changed_records') }}

with articles as (
    select article_id, body_sha256, body, story_id, source_domain, published_date
    from {{ ref('int_articles') }}
    where {{ is_changed('article_id', built_at='built_at') }}
),

claims as (
    select * from {{ ref('stg_claims') }}
),

sentences as (
    select * from {{ ref('stg_sentences') }}
),

entity_mentions as (
    select article_id, mention_index, entity_id from {{ ref('int_entity_mentions') }}
    where {{ is_changed('article_id') }}
),

article_claims as (
    select
        articles.article_id,
        articles.story_id,
        articles.source_domain,
        articles.published_date,
        claims.*,
        substr(articles.body, sentences.char_start + 1, sentences.char_end - sentences.char_start) as sentence,
    from claims
    inner join articles on articles.body_sha256 = claims.body_sha256
    left join sentences
        on sentences.body_sha256 = claims.body_sha256 and sentences.sentence_index = claims.sentence_index
),

-- The named things a figure is about, as entities, in the order the figure's rule named them.
about as (
    select
        about_mentions.article_id,
        about_mentions.claim_index,
        list(entity_mentions.entity_id order by about_mentions.position) as about_entity_ids,
    from (
        select
            article_id,
            claim_index,
            unnest(about_mentions) as mention_index,
            generate_subscripts(about_mentions, 1) as position,
        from article_claims
    ) as about_mentions
    inner join entity_mentions
        on
            entity_mentions.article_id = about_mentions.article_id
            and entity_mentions.mention_index = about_mentions.mention_index
    group by all
),

final as (
    select
        article_claims.article_id || ':' || article_claims.claim_index as claim_id,
        article_claims.article_id,
        article_claims.story_id,
        article_claims.source_domain,
        article_claims.published_date,
        article_claims.sentence_index,
        article_claims.char_start,
        article_claims.char_end,
        article_claims.figure_text,
        article_claims.sentence,
        article_claims.value,
        article_claims.unit,
        article_claims.counted,
        article_claims.counted_key,
        about.about_entity_ids[1] as about_entity_id,
        coalesce(about.about_entity_ids, cast([] as varchar [])) as about_entity_ids,
        article_claims.hedge,
        article_claims.value_low,
        article_claims.value_high,
        article_claims.as_of_text,
        article_claims.as_of_date,
    from article_claims
    left join about
        on about.article_id = article_claims.article_id and about.claim_index = article_claims.claim_index
)

select * from final
