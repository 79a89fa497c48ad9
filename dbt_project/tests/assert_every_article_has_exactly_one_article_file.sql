{{ config(meta={'dagster': {'ref': {'name': 'fct_articles'}}}) }}

-- Each article is held by exactly one file with status 'article' (the others are duplicates).
select articles.article_id
from {{ ref('fct_articles') }} as articles
left join {{ ref('fct_files') }} as files
    on files.article_id = articles.article_id and files.status = 'article'
group by articles.article_id
having count(files.file_path) <> 1
