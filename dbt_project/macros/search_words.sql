-- The full-text index's split of a text into terms (marts.search_postings, search_documents): accents stripped,
-- lower-cased, split at every run of characters that are neither letters nor digits. A leading separator gives an
-- empty first word. orchestration.lib.search.query.tokens splits queries the same way (a unit test holds them together).
{% macro search_words(title, body) -%}
    regexp_split_to_array(lower(strip_accents(coalesce({{ title }}, '') || chr(10) || {{ body }})), '[^\pL\pN]+')
{%- endmacro %}
