{{ config(
    alias='quotes',
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_changed_keys('article_id') }}"
) }}
-- depends_on: {{ ref('int_changed_records') }}

with articles as (
    select article_id, body_sha256, story_id, source_domain, published_date
    from {{ ref('int_articles') }}
    where {{ is_changed('article_id', built_at='built_at') }}
),

quotes as (
    select * from {{ ref('stg_quotes') }}
),

entity_mentions as (
    select article_id, mention_index, entity_id from {{ ref('int_entity_mentions') }}
    where {{ is_changed('article_id') }}
),

final as (
    select
        articles.article_id || ':' || quotes.quote_index as quote_id,
        articles.article_id,
        articles.story_id,
        articles.source_domain,
        articles.published_date,
        quotes.sentence_index,
        quotes.char_start,
        quotes.char_end,
        quotes.quote_text,
        quotes.speaker_text,
        entity_mentions.entity_id as speaker_entity_id,
        quotes.kind,
        quotes.cue,
    from quotes
    inner join articles on articles.body_sha256 = quotes.body_sha256
    left join entity_mentions
        on
            entity_mentions.article_id = articles.article_id
            and entity_mentions.mention_index = quotes.speaker_mention
)

select * from final
