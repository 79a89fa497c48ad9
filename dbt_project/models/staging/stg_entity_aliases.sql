with source as (
    select * from {{ source('landing', 'entity_aliases') }}
),

final as (
    select
        entity_type,
        alias_key,
        entity_id,
        canonical_name,
        rule,
        nullif(evidence, '') as evidence,
        resolver_version,
        first_seen_at,
    from source
)

select * from final
