{{ config(
    alias='file_records',
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_changed_keys('file_path') }}"
) }}
-- depends_on: {{ ref('int_changed_records') }}

-- The records of each file's latest version (earlier versions stay in the ledger, their articles in
-- marts.article_versions).
with records as (
    select * from {{ ref('stg_file_records') }}
    where superseded_at is null and {{ is_changed('file_path') }}
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
