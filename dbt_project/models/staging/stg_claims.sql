with source as (
    select * from {{ source('landing', 'claims') }}
),

final as (
    select
        body_sha256,
        claim_index,
        sentence_index,
        char_start,
        char_end,
        figure_text,
        value,
        unit,
        counted,
        counted_key,
        about_mentions,
        hedge,
        value_low,
        value_high,
        as_of_text,
        as_of_date,
    from source
)

select * from final
