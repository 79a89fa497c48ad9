{{ config(alias='watchlist_spikes') }}

-- The days a saved query's matches rise far above its own trailing baseline: the statistic and thresholds of
-- marts.entity_spikes (docs/alerts.md), counted in matching articles. The baseline is the mean daily matches over the
-- days of the 28 before on which the warehouse holds articles. Rebuilt whole: matches of saved queries are few.
with daily as (
    select
        watchlist_name,
        day,
        count(*) as match_count,
        list(article_id order by article_id) as article_ids,
    from {{ ref('fct_watchlist_matches') }}
    group by watchlist_name, day
),

windowed as (
    select
        *,
        coalesce(sum(match_count) over (
            partition by watchlist_name order by day
            range between interval '28 days' preceding and interval '1 day' preceding
        ), 0) as trailing_matches,
    from daily
),

coverage as (
    select * from {{ ref('int_daily_coverage') }}
),

scored as (
    select
        windowed.*,
        coverage.coverage_days,
        windowed.trailing_matches / greatest(coverage.coverage_days, 1) as baseline_mean,
        {{ spike_surprise('windowed.match_count', 'baseline_mean') }} as surprise,
    from windowed
    inner join coverage on windowed.day = coverage.day
),

final as (
    select
        watchlist_name,
        day,
        match_count,
        baseline_mean,
        surprise,
        coverage_days,
        article_ids,
    from scored
    where
        match_count >= {{ var('spike_min_articles') }}
        and {{ is_spike('match_count', 'baseline_mean', 'surprise', 'coverage_days') }}
)

select * from final
