with source as (
    select * from {{ source('landing', 'sentences') }}
),

final as (
    select
        body_sha256,
        sentence_index,
        char_start,
        char_end,
    from source
)

select * from final
