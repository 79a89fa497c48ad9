with source as (
    select * from {{ source('landing', 'mentions') }}
),

final as (
    select
        body_sha256,
        mention_index,
        mention_text,
        spacy_label,
        entity_type,
        canonical_name,
        char_start,
        char_end,
        sentence_index,
    from source
)

select * from final
