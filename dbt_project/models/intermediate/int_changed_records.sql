-- The records whose rows in the marts may differ from the last successful build's: what an incremental build
-- recomputes (models keyed by article delete and rebuild these articles, models keyed by file these files). The
-- transform stage passes that build's time as the var `since`; without it (a first build, a build after `newsmon
-- forget`, a changed dbt project) every record counts. A record changed when its file was scanned with new bytes,
-- touched, removed or superseded since; and every record of a body that was parsed, annotated or placed in a story
-- since, because the article that body's holder gives the marts changed with it.
-- A table, not a view: each incremental model reads it twice (its pre-hook and its filter), and a view would evaluate
-- the whole-history record_status window each time.
{{ config(materialized='table') }}
{% set since = var('since', none) %}

with records as (
    select
        file_path,
        article_id,
        coalesce(body_sha256, text_sha256) as body_key,
        {% if since is none %}
            true
        {% else %}
            coalesce(
                first_seen_at >= '{{ since }}'::timestamp
                or scanned_at >= '{{ since }}'::timestamp
                or removed_at >= '{{ since }}'::timestamp
                or superseded_at >= '{{ since }}'::timestamp,
                false
            )
        {% endif %} as touched
    from {{ source('landing', 'record_status') }}
),

changed_bodies as (
    select body_key from records
    where touched
    {% if since is not none %}
        union all
        select body_sha256 from {{ source('landing', 'articles') }} where parsed_at >= '{{ since }}'::timestamp
        union all
        select body_sha256 from {{ source('landing', 'ner_bodies') }} where annotated_at >= '{{ since }}'::timestamp
        union all
        select body_sha256 from {{ source('landing', 'story_assignments') }}
        where assigned_at >= '{{ since }}'::timestamp
    {% endif %}
),

final as (
    select distinct records.file_path, records.article_id
    from records
    where records.touched or records.body_key in (select changed_bodies.body_key from changed_bodies)
)

select * from final
