-- The records whose rows in the marts may differ from the last successful build's: what an incremental build
-- recomputes (models keyed by article delete and rebuild these articles, models keyed by file these files). Every
-- record counts on a full refresh (a first build, a build after `newsmon forget`, a changed dbt project) and when no
-- build is on record. A record changed when its file was scanned with new bytes, touched, removed or superseded since
-- the last build began; and every record of a body that was parsed, annotated, placed in a story or read for claims
-- since, because the article that body's holder gives the marts changed with it.
-- A table, not a view: each incremental model reads it twice (its pre-hook and its filter), and a view would evaluate
-- the whole-history record_status window each time.
{{ config(materialized='table') }}

with last_build as (
    select {{ last_build_started() }} as since
),

records as (
    select
        record_status.file_path,
        record_status.article_id,
        record_status.body_sha256,
        coalesce(record_status.body_sha256, record_status.text_sha256) as body_key,
        coalesce(
            last_build.since is null
            or record_status.first_seen_at >= last_build.since
            or record_status.scanned_at >= last_build.since
            or record_status.removed_at >= last_build.since
            or record_status.superseded_at >= last_build.since,
            false
        ) as touched
    from {{ source('landing', 'record_status') }} as record_status
    cross join last_build
),

changed_bodies as (
    select records.body_key from records
    where records.touched
    union all
    select parsed.body_sha256 from {{ source('landing', 'articles') }} as parsed
    where parsed.parsed_at >= (select last_build.since from last_build)
    union all
    select annotated.body_sha256 from {{ source('landing', 'ner_bodies') }} as annotated
    where annotated.annotated_at >= (select last_build.since from last_build)
    union all
    select assigned.body_sha256 from {{ source('landing', 'story_assignments') }} as assigned
    where assigned.assigned_at >= (select last_build.since from last_build)
    union all
    select claimed.body_sha256 from {{ source('landing', 'claim_bodies') }} as claimed
    where claimed.extracted_at >= (select last_build.since from last_build)
),

final as (
    select distinct records.file_path, records.article_id, records.body_sha256
    from records
    where records.touched or records.body_key in (select changed_bodies.body_key from changed_bodies)
)

select * from final
