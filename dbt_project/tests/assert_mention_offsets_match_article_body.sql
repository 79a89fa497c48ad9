{{ config(meta={'dagster': {'ref': {'name': 'fct_entity_mentions'}}}) }}

-- Every mention's offsets cut exactly its text out of the stored article body.
select mentions.mention_id
from {{ ref('fct_entity_mentions') }} as mentions
inner join {{ ref('fct_articles') }} as articles using (article_id)
where
    substr(articles.body, mentions.char_start + 1, mentions.char_end - mentions.char_start) <> mentions.mention_text
    or mentions.char_start < 0
    or mentions.char_end > length(articles.body)
