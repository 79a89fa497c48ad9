{{ config(alias='file_records') }}

with records as (
    select * from {{ ref('int_file_records') }}
),

final as (
    select
        file_path,
        record_index,
        source_format,
        status,
        article_id,
        reason,
    from records
)

select * from final
