with source as (
    select * from {{ source('landing', 'deletions') }}
),

final as (
    select
        deletion_id,
        deleted_at,
        how,
        target,
        file_records,
        articles,
        mentions,
    from source
)

select * from final
