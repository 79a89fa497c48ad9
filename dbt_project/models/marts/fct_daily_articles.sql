{{ config(alias='daily_articles') }}

-- All coverage per day and outlet: the denominator of normalised attention (a query's matches per day divided by
-- every article that day). Days and outlets are few next to articles, so the table is rebuilt whole.
with articles as (
    select * from {{ ref('fct_search_documents') }}
),

final as (
    select
        day,
        source_domain,
        count(*) as article_count,
        count(*) filter (where is_undated) as undated_article_count,
    from articles
    group by day, source_domain
)

select * from final
