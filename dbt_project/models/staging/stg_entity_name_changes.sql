with source as (
    select * from {{ source('landing', 'entity_name_changes') }}
),

final as (
    select
        entity_id,
        old_name,
        new_name,
        changed_at,
        reason,
    from source
)

select * from final
