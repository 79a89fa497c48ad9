-- Types of values, not named things (orchestration.lib.nlp.values.VALUE_TYPES): marts.value_mentions holds them, the
-- entity marts do not.
{% macro value_entity_types() -%}
    'DATE', 'TIME', 'PERCENT', 'MONEY', 'QUANTITY', 'ORDINAL', 'CARDINAL'
{%- endmacro %}
