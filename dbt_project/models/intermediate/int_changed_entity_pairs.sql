-- The entity pairs (entity_id_a sorts first) named together in a body of a changed record, before or after the
-- change: the co-occurrence rows an incremental build recomputes (and publishing copies again). Named things only, as
-- in the co-occurrence mart. Empty on a full refresh, like int_changed_entities.
{{ config(materialized='table') }}

with changed as (
    select * from {{ ref('int_changed_entities') }}
    where entity_type not in ({{ value_entity_types() }})
),

final as (
    select distinct a.entity_id as entity_id_a, b.entity_id as entity_id_b
    from changed as a
    inner join changed as b
        on a.body_sha256 = b.body_sha256 and a.entity_id < b.entity_id
)

select * from final
