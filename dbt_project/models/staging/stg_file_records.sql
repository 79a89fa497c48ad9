-- A table, unlike the other staging models: record_status decides every record's status with windows over the
-- whole file history, and three models and eight tests read this model; as a view each of them paid for those windows.
{{ config(materialized='table') }}

with source as (
    select * from {{ source('landing', 'record_status') }}
),

final as (
    select
        file_path,
        version as file_version,
        record_index,
        kind as source_format,
        content_sha256,
        size_bytes,
        modified_at,
        encoding,
        text_sha256,
        status,
        article_id,
        trim(reason) as reason,
        first_seen_at,
        present,
        removed_at,
        superseded_at,
        superseded_by,
        article_superseded_at,
        article_superseded_by,
    from source
)

select * from final
