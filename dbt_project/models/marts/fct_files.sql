{{ config(alias='files') }}

with records as (
    select * from {{ ref('int_file_records') }}
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
    from per_file
)

select * from final
