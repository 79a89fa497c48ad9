{{ config(meta={'dagster': {'ref': {'name': 'fct_articles'}}}) }}

-- Each article is held by exactly one record with status 'article' over the whole ledger history (the others are
-- duplicates); the holder may be a version since superseded when another file still holds the same body.
select articles.article_id
from {{ ref('fct_articles') }} as articles
left join {{ ref('stg_file_records') }} as records
    on records.article_id = articles.article_id and records.status = 'article'
group by articles.article_id
having count(records.file_path) <> 1
