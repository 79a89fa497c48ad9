-- Search from SQL: table macros stored in the published warehouse, for the DuckDB shell (`newsmon sql`) and any
-- DuckDB client. They take plain words, all of which must occur (split and folded as the index is: accents
-- stripped, lower-cased, split at anything that is not a letter or a digit); the full query language (phrases,
-- OR, NOT, NEAR/n, prefixes, filters) is `newsmon search` and orchestration.lib.search.
--   from marts.search_matches('wagner niger') limit 10;
--   from marts.attention('wagner niger') where source_domain = 'reuters.com';
-- {schema} is where they are created ("marts" for a reader; the publishing step writes them into its new file).
-- Their bodies name marts.* unqualified: DuckDB binds a macro when it is called, in the reader's database.

-- Every article holding all the words, best first by BM25 (k1 = 1.2, b = 0.75, as orchestration.lib.search.engine).
create or replace macro {schema}.search_matches(words) as table
with query_terms as (
    select distinct unnest(regexp_split_to_array(lower(strip_accents(words)), '[^\pL\pN]+')) as term
),

terms as (select term from query_terms where term <> ''),

postings as (
    select term, article_id, term_frequency from marts.search_postings
    where term in (select term from terms)
),

matched as (
    select article_id from postings
    group by article_id
    having count(*) = (select count(*) from terms)
),

frequencies as (select term, count(*) as df from postings group by term),

collection as (
    select count(*)::double as documents, avg(term_count) as average_length from marts.search_documents
)

select
    documents.article_id,
    sum(
        ln(1 + (collection.documents - frequencies.df + 0.5) / (frequencies.df + 0.5))
        * postings.term_frequency * 2.2
        / (postings.term_frequency + 1.2 * (1 - 0.75 + 0.75 * documents.term_count / collection.average_length))
    ) as score,
    documents.day,
    documents.source_domain,
from postings
inner join matched using (article_id)
inner join frequencies using (term)
inner join marts.search_documents as documents using (article_id)
cross join collection
group by documents.article_id, documents.day, documents.source_domain
order by score desc, documents.day desc, documents.article_id;

-- Normalised attention: per day and outlet, the articles holding all the words next to all the articles of that
-- day and outlet (marts.daily_articles), and their share. Sum matches and articles over outlets for a day's share.
create or replace macro {schema}.attention(words) as table
with matches as (
    select day, source_domain, count(*) as matches from marts.search_matches(words)
    group by day, source_domain
)

select
    coverage.day,
    coverage.source_domain,
    coalesce(matches.matches, 0) as matches,
    coverage.article_count as articles,
    coalesce(matches.matches, 0) / coverage.article_count as share,
from marts.daily_articles as coverage
left join matches
    on matches.day = coverage.day and matches.source_domain is not distinct from coverage.source_domain
order by coverage.day, coverage.source_domain;
