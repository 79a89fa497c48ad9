-- The spike statistic of marts.entity_spikes and marts.watchlist_spikes (docs/alerts.md): a Poisson-style
-- standardised surprise, the excess of a day's count over its baseline mean in units of the baseline's standard
-- deviation (the square root of a Poisson mean), the mean taken as at least 1 so that a baseline near zero does not
-- make every few mentions a surprise.
{% macro spike_surprise(count, baseline_mean) -%}
    ({{ count }} - {{ baseline_mean }}) / sqrt(greatest({{ baseline_mean }}, 1.0))
{%- endmacro %}

-- Whether a day is a spike: enough covered days for a baseline, a large enough surprise, and a count far enough
-- above the baseline (the dbt vars spike_min_*, dbt_project.yml).
{% macro is_spike(count, baseline_mean, surprise, coverage_days) -%}
    {{ coverage_days }} >= {{ var('spike_min_coverage_days') }}
    and {{ surprise }} >= {{ var('spike_min_surprise') }}
    and {{ count }} >= {{ var('spike_min_ratio') }} * {{ baseline_mean }}
{%- endmacro %}
