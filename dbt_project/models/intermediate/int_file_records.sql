with files as (
    select * from {{ ref('stg_file_records') }}
),

articles as (
    select * from {{ ref('stg_articles') }}
),

classified as (
    select
        files.file_path,
        files.record_index,
        files.source_format,
        files.content_sha256,
        files.size_bytes,
        files.modified_at,
        files.encoding,
        files.text_sha256,
        files.first_seen_at,
        -- A text whose body is empty after boilerplate removal holds no article, so all its files are quarantined.
        coalesce(files.ledger_status <> 'quarantined' and articles.body = '', false) as is_boilerplate_only,
        files.ledger_status,
        files.article_id,
        files.reason,
    from files
    left join articles on articles.text_sha256 = files.text_sha256
),

final as (
    select
        file_path,
        record_index,
        source_format,
        content_sha256,
        size_bytes,
        modified_at,
        encoding,
        text_sha256,
        first_seen_at,
        case when is_boilerplate_only then 'quarantined' else ledger_status end as status,
        case when not is_boilerplate_only then article_id end as article_id,
        case
            when is_boilerplate_only then 'nothing left after boilerplate removal'
            else reason
        end as reason,
    from classified
)

select * from final
