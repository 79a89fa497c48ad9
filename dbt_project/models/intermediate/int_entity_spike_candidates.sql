{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_changed_keys('entity_id', 'int_changed_entities') }}"
) }}
-- depends_on: {{ ref('int_changed_entities') }}

-- The entity-days that may be spikes (docs/alerts.md), judged from the entity's own series alone, so that an
-- incremental build recomputes only the changed entities. The baseline of marts.entity_spikes is the mean over the days
-- of the 28 before on which the warehouse holds articles, which depends on every article, not on the entity's: it is
-- applied there, to these candidates (fct_entity_spikes is a small table rebuilt whole). Here the mean is taken over
-- all 28 days (days without a mention are not rows and count as 0); that mean is never above the covered days' one,
-- and the surprise and the ratio only fall as the mean rises, so every spike is among these candidates.
with daily as (
    select
        entity_id,
        day,
        sum(mention_count)::bigint as mention_count,
        sum(article_count)::bigint as article_count,
    from {{ ref('fct_entity_daily_mentions') }}
    where {{ is_changed('entity_id', 'int_changed_entities') }}
    group by entity_id, day
),

windowed as (
    select
        entity_id,
        day,
        mention_count,
        article_count,
        coalesce(sum(mention_count) over (
            partition by entity_id order by day
            range between interval '28 days' preceding and interval '1 day' preceding
        ), 0)::bigint as trailing_mentions,
    from daily
),

candidates as (
    select * from windowed
    where
        mention_count >= {{ var('spike_min_mentions') }}
        and article_count >= {{ var('spike_min_articles') }}
        and mention_count >= {{ var('spike_min_ratio') }} * trailing_mentions / 28.0
        and {{ spike_surprise('mention_count', 'trailing_mentions / 28.0') }} >= {{ var('spike_min_surprise') }}
),

-- The articles behind each candidate: that entity's articles of that day.
articles as (
    select
        mentions.entity_id,
        coalesce(articles.published_date, articles.ingested_at::date) as day,
        mentions.article_id,
    from {{ ref('int_entity_mentions') }} as mentions
    inner join {{ ref('int_articles') }} as articles on mentions.article_id = articles.article_id
    where mentions.entity_id in (select candidates.entity_id from candidates)
),

final as (
    select
        candidates.entity_id,
        candidates.day,
        candidates.mention_count,
        candidates.article_count,
        candidates.trailing_mentions,
        list(distinct articles.article_id order by articles.article_id) as article_ids,
    from candidates
    inner join articles on candidates.entity_id = articles.entity_id and candidates.day = articles.day
    group by all
)

select * from final
