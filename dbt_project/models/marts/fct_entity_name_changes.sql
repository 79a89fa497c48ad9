{{ config(alias='entity_name_changes') }}

-- The landing table only grows (one row per change, written by the resolve stage), so the mart is a plain copy.
with changes as (
    select * from {{ ref('stg_entity_name_changes') }}
),

final as (
    select
        entity_id,
        old_name,
        new_name,
        changed_at,
        reason,
    from changes
)

select * from final
