{{ config(alias='files') }}

with files as (
    select * from {{ ref('int_files_classified') }}
),

final as (
    select
        file_path,
        content_sha256,
        size_bytes,
        status,
        article_id,
        reason,
        encoding,
        modified_at,
        first_seen_at,
    from files
)

select * from final
