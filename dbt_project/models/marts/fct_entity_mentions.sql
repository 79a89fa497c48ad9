{{ config(
    alias='entity_mentions',
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_changed_keys('article_id') }}"
) }}
-- depends_on: {{ ref('int_changed_records') }}

with mentions as (
    select * from {{ ref('int_entity_mentions') }}
    where {{ is_changed('article_id') }}
),

final as (
    select
        mention_id,
        article_id,
        entity_id,
        mention_text,
        entity_type,
        char_start,
        char_end,
        sentence_index,
        spacy_label,
    from mentions
)

select * from final
