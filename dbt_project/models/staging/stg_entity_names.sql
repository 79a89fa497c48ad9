with source as (
    select * from {{ source('landing', 'entity_names') }}
),

final as (
    select
        entity_type,
        canonical_name,
        alias_key,
        first_seen_at,
    from source
)

select * from final
