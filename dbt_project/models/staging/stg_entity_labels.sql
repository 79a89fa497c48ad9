with source as (
    select * from {{ source('landing', 'entity_labels') }}
),

final as (
    select
        entity_id,
        canonical_name,
        entity_type,
        labelled_at,
    from source
)

select * from final
