with files as (
    select * from {{ ref('int_file_records') }}
    where status = 'article'
),

parsed as (
    select * from {{ ref('stg_articles') }}
),

known_sources as (
    select * from {{ ref('known_sources') }}
),

final as (
    select
        files.article_id,
        files.file_path,
        files.record_index,
        files.source_format,
        files.content_sha256,
        files.text_sha256,
        parsed.title,
        parsed.url,
        parsed.source_domain,
        -- The name the file states wins; otherwise the outlet's own name from reference data, never a guess.
        coalesce(parsed.source_name, known_sources.source_name) as source_name,
        parsed.original_source_domain,
        parsed.author,
        parsed.published_at,
        parsed.published_at_text,
        parsed.body,
        parsed.body_sha256,
        parsed.word_count,
        files.first_seen_at as ingested_at,
    from files
    inner join parsed on parsed.text_sha256 = files.text_sha256
    left join known_sources on known_sources.source_domain = parsed.source_domain
)

select * from final
