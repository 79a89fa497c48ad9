with source as (
    select * from {{ source('landing', 'near_duplicates') }}
),

final as (
    select
        article_id,
        other_article_id,
        similarity,
        detected_at,
    from source
)

select * from final
