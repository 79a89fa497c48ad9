with source as (
    select * from {{ source('landing', 'articles') }}
),

final as (
    select
        text_sha256,
        nullif(trim(title), '') as title,
        nullif(trim(url), '') as url,
        lower(nullif(trim(source_domain), '')) as source_domain,
        nullif(trim(source_name), '') as source_name,
        lower(nullif(trim(original_source_domain), '')) as original_source_domain,
        nullif(trim(author), '') as author,
        published_at,
        published_at_text,
        published_local,
        published_utc_offset_minutes,
        -- NULL, not an empty list, when no author is stated (as author).
        nullif(authors, []) as authors,
        body,
        body_sha256,
        word_count,
        parser_version,
        parsed_at,
        parse_error,
    from source
)

select * from final
