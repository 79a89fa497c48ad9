-- The current articles: what the marts show by default. A superseded version (its file's bytes changed and no
-- current file holds its body any more) stays in marts.article_versions.
with versions as (
    select * from {{ ref('int_article_versions') }}
),

final as (
    select * exclude (superseded_at, superseded_by)
    from versions
    where superseded_at is null
)

select * from final
