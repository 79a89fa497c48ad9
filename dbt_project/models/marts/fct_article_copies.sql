{{ config(alias='article_copies') }}

with articles as (
    select
        article_id,
        story_id,
        source_domain,
        original_source_domain,
        published_at,
        ingested_at,
    from {{ ref('int_articles') }}
),

-- Near-duplicate pairs in both directions, between current articles only.
pairs as (
    select article_id, other_article_id, similarity from {{ ref('stg_near_duplicates') }}
    union all
    select other_article_id, article_id, similarity from {{ ref('stg_near_duplicates') }}
),

links as (
    select
        pairs.article_id,
        pairs.other_article_id,
        pairs.similarity,
    from pairs
    inner join articles as self on self.article_id = pairs.article_id
    inner join articles as other on other.article_id = pairs.other_article_id
),

-- An article is credited as the original when a near-duplicate of it from another outlet says it "originally
-- belongs to" (or is sourced from) the article's outlet.
credited as (
    select distinct links.other_article_id as article_id
    from links
    inner join articles as copy on copy.article_id = links.article_id
    inner join articles as original on original.article_id = links.other_article_id
    where
        copy.original_source_domain = original.source_domain
        and copy.source_domain is distinct from original.source_domain
),

-- Who comes first: credited by attribution, then earliest publication date (undated last), then first seen, then id.
ranked as (
    select
        articles.*,
        credited.article_id is not null as is_credited,
        {
            'uncredited': credited.article_id is null,
            'published': coalesce(articles.published_at, 'infinity'::timestamp),
            'seen': articles.ingested_at,
            'id': articles.article_id
        } as precedence,
    from articles
    left join credited using (article_id)
),

candidates as (
    select
        links.article_id,
        links.other_article_id as copy_of,
        links.similarity,
        self.story_id,
        case
            when other.is_credited and not self.is_credited then 'attribution'
            when other.precedence.published < self.precedence.published then 'earliest_published'
            else 'first_seen'
        end as original_rule,
        other.precedence as original_precedence,
    from links
    inner join ranked as self on self.article_id = links.article_id
    inner join ranked as other on other.article_id = links.other_article_id
    where other.precedence < self.precedence
),

final as (
    select
        article_id,
        copy_of,
        similarity,
        original_rule,
        story_id,
    from candidates
    qualify row_number() over (partition by article_id order by original_precedence) = 1
)

select * from final
