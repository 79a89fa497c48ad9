with source as (
    select * from {{ source('landing', 'story_assignments') }}
),

final as (
    select
        article_id,
        story_id,
        score,
        rule as story_rule,
        matched_article_id,
        stories_version,
        assigned_at,
    from source
)

select * from final
