-- Incremental models keyed by article or file: the pre-hook deletes every row of the keys int_changed_records lists
-- (rows of articles that are gone must go too, so dbt's delete+insert, which deletes only the keys it inserts, is not
-- enough); the model then appends the current rows of those keys. Without the var `since`, every row is deleted.
{% macro delete_changed_keys(key) %}
    {% if is_incremental() %}
        {% if var('since', none) is none %}
            delete from {{ this }}
        {% else %}
            delete from {{ this }}
            where {{ key }} in (select {{ key }} from {{ ref('int_changed_records') }})
        {% endif %}
    {% endif %}
{% endmacro %}

-- The model's filter: only the changed keys on an incremental build, every row otherwise.
{% macro is_changed(key) %}
    {%- if is_incremental() and var('since', none) is not none -%}
        {{ key }} in (select {{ key }} from {{ ref('int_changed_records') }})
    {%- else -%}
        true
    {%- endif -%}
{% endmacro %}
