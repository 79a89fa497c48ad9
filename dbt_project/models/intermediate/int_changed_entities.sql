-- The entities whose rows in the entity aggregates may differ from the last successful build's, with the bodies that
-- make them change: every entity named in a body of a changed record (int_changed_records lists the bodies before and
-- after a change, so an entity an article no longer names is here too), and every entity geocoded or relabelled (its
-- name or type voted anew) since. Models keyed
-- by entity delete and rebuild these entities; the co-occurrence model the pairs named together in one of the bodies.
-- Alias keys never move to another entity once assigned (landing.entity_aliases only grows), so the bodies' mentions
-- resolve to the same entities now as when they were built. Only incremental builds read it, so a full refresh, which
-- rebuilds every aggregate, leaves it empty.
{{ config(materialized='table') }}

with changed_bodies as (
    select distinct body_sha256 from {{ ref('int_changed_records') }}
    where body_sha256 is not null
),

mentions as (
    select distinct mentions.body_sha256, mentions.entity_type, mentions.canonical_name
    from {{ ref('stg_mentions') }} as mentions
    inner join changed_bodies using (body_sha256)
),

named as (
    select distinct aliases.entity_id, aliases.entity_type, mentions.body_sha256
    from mentions
    inner join {{ ref('stg_entity_names') }} as names
        on mentions.entity_type = names.entity_type and mentions.canonical_name = names.canonical_name
    inner join {{ ref('stg_entity_aliases') }} as aliases
        on names.entity_type = aliases.entity_type and names.alias_key = aliases.alias_key
),

labels as (
    select * from {{ ref('stg_entity_labels') }}
),

geocoded as (
    select places.entity_id, labels.entity_type, null::varchar as body_sha256
    from {{ ref('stg_places') }} as places
    inner join labels on places.entity_id = labels.entity_id
    where places.geocoded_at >= {{ last_build_started() }}
),

relabelled as (
    select entity_id, entity_type, null::varchar as body_sha256
    from labels
    where labelled_at >= {{ last_build_started() }}
),

final as (
    select * from named
    union all
    select * from geocoded
    union all
    select * from relabelled
)

select * from final
{% if flags.FULL_REFRESH %} where false {% endif %}
