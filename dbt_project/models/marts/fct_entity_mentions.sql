{{ config(alias='entity_mentions') }}

with mentions as (
    select * from {{ ref('int_entity_mentions') }}
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
