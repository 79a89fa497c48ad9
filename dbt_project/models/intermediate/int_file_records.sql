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
        -- Texts that differ only around the body (another footer, byline or title line) share one body.
        coalesce(articles.body_sha256, files.text_sha256) as body_key,
        files.ledger_status,
        files.article_id,
        files.reason,
        articles.parse_error,
    from files
    left join articles on articles.text_sha256 = files.text_sha256
),

-- The first-seen article record of each body holds the article; every later record with the same body (another
-- encoding, other line endings, other boilerplate around it) is its duplicate and points at it.
body_articles as (
    select
        body_key,
        article_id as body_article_id,
    from classified
    where ledger_status = 'article' and not is_boilerplate_only
    qualify row_number() over (partition by body_key order by first_seen_at, file_path, record_index) = 1
),

final as (
    select
        classified.file_path,
        classified.record_index,
        classified.source_format,
        classified.content_sha256,
        classified.size_bytes,
        classified.modified_at,
        classified.encoding,
        classified.text_sha256,
        classified.first_seen_at,
        case
            when classified.is_boilerplate_only then 'quarantined'
            when classified.ledger_status = 'article' and body_articles.body_article_id <> classified.article_id
                then 'duplicate'
            else classified.ledger_status
        end as status,
        case
            when not classified.is_boilerplate_only
                then coalesce(body_articles.body_article_id, classified.article_id)
        end as article_id,
        case
            when classified.is_boilerplate_only
                then coalesce(classified.parse_error, 'nothing left after boilerplate removal')
            else classified.reason
        end as reason,
    from classified
    left join body_articles
        on body_articles.body_key = classified.body_key and classified.ledger_status <> 'quarantined'
)

select * from final
