{{ config(alias='entities') }}

with mentions as (
    select * from {{ ref('int_entity_mentions') }}
),

name_counts as (
    select entity_id, canonical_name, count(*) as uses
    from mentions
    group by entity_id, canonical_name
),

-- The entity's name is its most used canonical form; ties go to the longer, then the alphabetically first.
preferred_names as (
    select entity_id, canonical_name
    from name_counts
    qualify row_number() over (
        partition by entity_id order by uses desc, length(canonical_name) desc, canonical_name
    ) = 1
),

stats as (
    select
        entity_id,
        any_value(entity_type) as entity_type,
        count(*) as mention_count,
        count(distinct article_id) as article_count,
        list(distinct mention_text order by mention_text) as aliases,
    from mentions
    group by entity_id
),

final as (
    select
        stats.entity_id,
        preferred_names.canonical_name,
        stats.entity_type,
        stats.mention_count,
        stats.article_count,
        stats.aliases,
    from stats
    inner join preferred_names using (entity_id)
)

select * from final
