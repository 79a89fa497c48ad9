{{ config(meta={'dagster': {'ref': {'name': 'fct_entity_mentions'}}}) }}

-- Every mention's offsets cut exactly its text out of the stored article body. Only the articles this build wrote
-- (int_changed_records: all of them on a full refresh) are read: the others' rows were tested when they were written
-- and no build has touched them since.
with written as (
    select mentions.*
    from {{ ref('fct_entity_mentions') }} as mentions
    where mentions.article_id in (select changed.article_id from {{ ref('int_changed_records') }} as changed)
)

select written.mention_id
from written
inner join {{ ref('fct_articles') }} as articles using (article_id)
where
    substr(articles.body, written.char_start + 1, written.char_end - written.char_start) <> written.mention_text
    or written.char_start < 0
    or written.char_end > length(articles.body)
