-- For every day the warehouse holds articles on: on how many of the 28 days before it holds articles too. A spike's
-- baseline is the mean over those covered days (docs/alerts.md): days without any article are unknown, not 0.
with article_days as (
    select distinct day from {{ ref('fct_daily_articles') }}
),

final as (
    select
        days.day,
        count(earlier.day) as coverage_days,
    from article_days as days
    left join article_days as earlier
        on earlier.day >= days.day - 28 and earlier.day < days.day
    group by days.day
)

select * from final
