{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_changed_keys('article_id') }}"
) }}
-- depends_on: {{ ref('int_changed_records') }}

with articles as (
    select article_id, body_sha256 from {{ ref('int_articles') }}
    where {{ is_changed('article_id') }}
),

-- Named things only: values (dates, numbers, money...) are marts.value_mentions (fct_value_mentions.py).
mentions as (
    select * from {{ ref('stg_mentions') }}
    where entity_type not in ({{ value_entity_types() }})
),

names as (
    select * from {{ ref('stg_entity_names') }}
),

aliases as (
    select * from {{ ref('stg_entity_aliases') }}
),

-- The alias key was folded in Python and stored with the name; the alias table says which entity it belongs to.
keyed as (
    select
        articles.article_id,
        mentions.*,
        names.alias_key,
        aliases.entity_id,
        aliases.rule as alias_rule,
    from mentions
    inner join articles on articles.body_sha256 = mentions.body_sha256
    left join names
        on names.entity_type = mentions.entity_type and names.canonical_name = mentions.canonical_name
    left join aliases
        on aliases.entity_type = names.entity_type and aliases.alias_key = names.alias_key
),

final as (
    select
        article_id || ':' || mention_index as mention_id,
        article_id,
        entity_id,
        entity_type || ':' || alias_key as entity_key,
        alias_key,
        alias_rule,
        mention_index,
        mention_text,
        canonical_name,
        entity_type,
        spacy_label,
        char_start,
        char_end,
        sentence_index,
    from keyed
)

select * from final
