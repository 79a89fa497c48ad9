{{ config(
    alias='files',
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_changed_keys('file_path') }}"
) }}
-- depends_on: {{ ref('int_changed_records') }}

-- One row per path: its latest version's records decide its status; archived files keep their row.
with all_versions as (
    select
        *,
        max(file_version) over (partition by file_path) as versions,
    from {{ ref('stg_file_records') }}
    where {{ is_changed('file_path') }}
),

records as (
    select * from all_versions
    where superseded_at is null
),

per_file as (
    select
        file_path,
        any_value(content_sha256) as content_sha256,
        any_value(size_bytes) as size_bytes,
        any_value(encoding) as encoding,
        any_value(modified_at) as modified_at,
        min(first_seen_at) as first_seen_at,
        count(*) as record_count,
        count(*) filter (where status = 'article') as article_records,
        count(*) filter (where status = 'duplicate') as duplicate_records,
        count(*) filter (where status = 'quarantined') as quarantined_records,
        arg_min(article_id, record_index) as first_article_id,
        arg_min(reason, record_index) filter (where reason is not null) as first_reason,
        bool_and(present) as present,
        max(removed_at) as removed_at,
        any_value(versions) as versions,
    from records
    group by file_path
),

final as (
    select
        file_path,
        content_sha256,
        size_bytes,
        -- A multi-record export counts as an article file when any record is a new article.
        case
            when article_records > 0 then 'article'
            when duplicate_records > 0 then 'duplicate'
            else 'quarantined'
        end as status,
        -- A file holding several articles points at none of them here; marts.file_records lists each.
        case when record_count = 1 then first_article_id end as article_id,
        case
            when record_count = 1 then first_reason
            when quarantined_records > 0
                then quarantined_records || ' of ' || record_count || ' records quarantined, first: ' || first_reason
        end as reason,
        record_count,
        article_records,
        encoding,
        modified_at,
        first_seen_at,
        present,
        removed_at,
        versions,
    from per_file
)

select * from final
