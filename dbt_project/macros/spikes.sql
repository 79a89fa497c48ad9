-- The spike statistic of marts.entity_spikes and marts.watchlist_spikes (docs/alerts.md): a Poisson-style
-- standardised surprise, the excess of a day's count over its baseline mean in units of the baseline's standard
-- deviation (the square root of a Poisson mean), the mean taken as at least 1 so that a baseline near zero does not
-- make every few mentions a surprise.
{% macro spike_surprise(count, baseline_mean) -%}
    ({{ count }} - {{ baseline_mean }}) / sqrt(greatest({{ baseline_mean }}, 1.0))
{%- endmacro %}
