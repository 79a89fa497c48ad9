with articles as (
    select article_id, body_sha256 from {{ ref('int_articles') }}
),

mentions as (
    select * from {{ ref('stg_mentions') }}
),

keyed as (
    select
        articles.article_id,
        mentions.*,
        -- Case, diacritics, hyphens, apostrophes and dots don't make a different entity: "Touadéra" = "Touadera".
        mentions.entity_type || ':' || trim(regexp_replace(
            lower(strip_accents(mentions.canonical_name)), '[\s\-‐‑–—''’`´.]+', ' ', 'g'
        )) as entity_key,
    from mentions
    inner join articles on articles.body_sha256 = mentions.body_sha256
),

final as (
    select
        article_id || ':' || mention_index as mention_id,
        article_id,
        substr(md5(entity_key), 1, 16) as entity_id,
        entity_key,
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
