{{ config(alias='entity_name_changes') }}

-- The landing table only grows (one row per change, written by the resolve stage). A change is shown while both its
-- names are still used by a current mention of the entity: a name known only from forgotten articles leaves no trace
-- in the published marts (`newsmon forget`, retention), though the working database keeps the row.
with changes as (
    select * from {{ ref('stg_entity_name_changes') }}
),

current_names as (
    select distinct entity_id, canonical_name from {{ ref('int_entity_mentions') }}
),

final as (
    select
        changes.entity_id,
        changes.old_name,
        changes.new_name,
        changes.changed_at,
        changes.reason,
    from changes
    inner join current_names as old_names
        on changes.entity_id = old_names.entity_id and changes.old_name = old_names.canonical_name
    inner join current_names as new_names
        on changes.entity_id = new_names.entity_id and changes.new_name = new_names.canonical_name
)

select * from final
