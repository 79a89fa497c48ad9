{{ config(alias='entity_spikes') }}

-- The entity-days whose mentions rise far above the entity's own trailing baseline (docs/alerts.md). The baseline is
-- the mean daily mentions over the days of the 28 before on which the warehouse holds articles (days without a mention
-- of the entity count as 0; days without any article are unknown, not 0), so a warehouse a few days old does not take
-- every entity it sees daily for a spike. A table rebuilt whole on every build: which days are covered depends on every
-- article; int_entity_spike_candidates holds the few entity-days that can pass, incrementally.
with candidates as (
    select * from {{ ref('int_entity_spike_candidates') }}
),

coverage as (
    select * from {{ ref('int_daily_coverage') }}
),

-- The surprise: macros/spikes.sql.
scored as (
    select
        candidates.*,
        coverage.coverage_days,
        candidates.trailing_mentions / greatest(coverage.coverage_days, 1) as baseline_mean,
        {{ spike_surprise('candidates.mention_count', 'baseline_mean') }} as surprise,
    from candidates
    inner join coverage on candidates.day = coverage.day
),

final as (
    select
        entity_id,
        day,
        mention_count,
        article_count,
        baseline_mean,
        surprise,
        coverage_days,
        article_ids,
    from scored
    where {{ is_spike('mention_count', 'baseline_mean', 'surprise', 'coverage_days') }}
)

select * from final
