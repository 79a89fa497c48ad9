-- Types of values, not named things: they co-occur with everything and say nothing.
{% macro value_entity_types() -%}
    'DATE', 'TIME', 'PERCENT', 'MONEY', 'QUANTITY', 'ORDINAL', 'CARDINAL'
{%- endmacro %}
