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

-- The model's filter: only the changed keys on an incremental build, every row otherwise.
{% macro is_changed(key, changes='int_changed_records', columns=none) %}
    {%- if is_incremental() -%}
        {{ key }} in (select {{ columns or key }} from {{ ref(changes) }})
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
