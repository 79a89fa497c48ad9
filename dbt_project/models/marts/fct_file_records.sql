{{ config(alias='file_records') }}

-- The records of each file's latest version (earlier versions stay in the ledger, their articles in
-- marts.article_versions).
with records as (
    select * from {{ ref('stg_file_records') }}
    where superseded_at is null
),

final as (
    select
        file_path,
        record_index,
        source_format,
        status,
        article_id,
        reason,
        file_version,
        present,
    from records
)

select * from final
