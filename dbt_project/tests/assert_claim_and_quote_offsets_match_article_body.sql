{{ config(meta={'dagster': {'ref': {'name': 'fct_claims'}}}) }}

-- Every figure's and quote's offsets cut exactly its text out of the stored article body. Only the articles this
-- build wrote are read, as for the mentions.
with written as (
    select claim_id as row_id, article_id, char_start, char_end, figure_text as text
    from {{ ref('fct_claims') }}
    union all
    select quote_id, article_id, char_start, char_end, quote_text
    from {{ ref('fct_quotes') }}
)

select written.row_id
from written
inner join {{ ref('fct_articles') }} as articles using (article_id)
where
    written.article_id in (select changed.article_id from {{ ref('int_changed_records') }} as changed)
    and (
        substr(articles.body, written.char_start + 1, written.char_end - written.char_start) <> written.text
        or written.char_start < 0
        or written.char_end > length(articles.body)
    )
