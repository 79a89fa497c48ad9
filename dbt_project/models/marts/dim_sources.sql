{{ config(alias='sources') }}

with articles as (
    select * from {{ ref('int_articles') }}
    where source_domain is not null
),

final as (
    select
        source_domain,
        mode(source_name) as source_name,
        count(*) as article_count,
        min(published_at) as first_published_at,
        max(published_at) as last_published_at,
        count(author) as articles_with_author,
        count(published_at) as articles_with_date,
    from articles
    group by source_domain
)

select * from final
