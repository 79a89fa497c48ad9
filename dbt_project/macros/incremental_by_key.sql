-- Incremental models keyed by article, file, entity or entity pair: the pre-hook deletes every row of the keys a change
-- list names (int_changed_records for articles and files, int_changed_entities, int_changed_entity_pairs); rows of keys
-- that are gone must go too, so dbt's delete+insert, which deletes only the keys it inserts, is not enough. The model
-- then appends the current rows of those keys. A full refresh rebuilds the table instead. A key of two columns is
-- given as a row, e.g. key='(a.x, a.y)' with columns='x, y' (the change list's columns).
{% macro delete_changed_keys(key, changes='int_changed_records', columns=none) %}
    {% if is_incremental() %}
        delete from {{ this }}
        where {{ key }} in (select {{ columns or key }} from {{ ref(changes) }})
    {% endif %}
{% endmacro %}

-- The model's filter: only the changed keys on an incremental build, every row otherwise. With `built_at` (the
-- build_stamp column of int_article_versions, incremental by the same keys), also only the rows that table's build
-- wrote: the stamp lets DuckDB skip the older row groups by their min / max instead of reading every row's text (a
-- semi join on the keys alone reads it all).
{% macro is_changed(key, changes='int_changed_records', columns=none, built_at=none) %}
    {%- if is_incremental() -%}
        {{ key }} in (select {{ columns or key }} from {{ ref(changes) }})
        {%- if built_at %} and {{ written_by_the_build(built_at) }}{% endif -%}
    {%- else -%}
        true
    {%- endif -%}
{% endmacro %}

-- When the last successful build began (null on a full refresh, and when no build is on record): rows written from
-- then on are what an incremental build recomputes. Read at run time rather than passed as a var: a var that changes
-- with every build would make dbt parse the whole project again each time (partial parsing is dropped when vars
-- change). landing.dbt_builds is the transform stage's own bookkeeping (written after each green build), not a dbt
-- source: as a source it would make the dbt assets depend on what they write themselves.
{% macro last_build_started() %}
    {%- if flags.FULL_REFRESH -%}
        null::timestamp
    {%- else -%}
        (select max(built_at) from landing.dbt_builds)
    {%- endif -%}
{% endmacro %}

-- The rows of int_article_versions (stamp column `built_at`) that this build's change list is about: those this very
-- dbt invocation wrote when it builds that table too (the pipeline builds the whole project); else (a build of selected
-- models) those written since the last green build began (landing.dbt_builds records that start before dbt starts, so
-- every row that build wrote is included).
{% macro written_by_the_build(built_at, model='int_article_versions') %}
    {%- if ('model.' ~ project_name ~ '.' ~ model) in selected_resources -%}
        {{ built_at }} = {{ build_stamp() }}
    {%- else -%}
        {{ built_at }} >= {{ last_build_started() }}
    {%- endif -%}
{% endmacro %}

-- One value for every row a build (one dbt invocation) writes: dbt's run_started_at, naive UTC like the marts.
{% macro build_stamp() -%}
    '{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}'::timestamp
{%- endmacro %}
