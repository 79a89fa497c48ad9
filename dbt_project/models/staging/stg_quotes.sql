with source as (
    select * from {{ source('landing', 'quotes') }}
),

final as (
    select
        body_sha256,
        quote_index,
        sentence_index,
        char_start,
        char_end,
        quote_text,
        speaker_text,
        speaker_mention,
        kind,
        cue,
    from source
)

select * from final
