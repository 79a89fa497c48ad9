{#- Public schemas keep their plain names (marts, staging, ...) instead of dbt's "<target>_<custom>" default. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name | trim if custom_schema_name else target.schema }}
{%- endmacro %}
