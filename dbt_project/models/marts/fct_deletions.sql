{{ config(alias='deletions') }}

with deletions as (
    select * from {{ ref('stg_deletions') }}
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
    from deletions
)

select * from final
