with source as (
    select * from {{ source('landing', 'file_records') }}
),

final as (
    select
        file_path,
        record_index,
        kind as source_format,
        content_sha256,
        size_bytes,
        modified_at,
        encoding,
        text_sha256,
        status as ledger_status,
        article_id,
        trim(reason) as reason,
        first_seen_at,
        scanned_at,
    from source
)

select * from final
