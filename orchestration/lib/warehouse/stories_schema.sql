-- Landing tables of the stories stage (orchestration/lib/stories): the copy and story index, and its decisions.
-- Rows are only ever added (a changed STORIES_VERSION empties them all and re-assigns every article).

-- One row per article placed in a story: the story, the rule and score that decided it, and the article the
-- decision rests on. An article's story never changes, so story ids are stable across runs.
create table if not exists landing.story_assignments (
    article_id varchar primary key,
    body_sha256 varchar not null,
    story_id varchar not null,
    score double not null,
    rule varchar not null,
    matched_article_id varchar,
    day integer not null,
    ingest_day integer not null,
    dated boolean not null,
    stories_version varchar not null,
    assigned_at timestamp not null
);

-- One row per indexed article: its MinHash signature (NUM_PERM little-endian uint32 values).
create table if not exists landing.article_signatures (
    article_id varchar primary key,
    body_sha256 varchar not null,
    signature blob not null
);

-- One row per (LSH band, bucket, article): articles sharing a bucket are candidate copies of each other.
create table if not exists landing.story_bands (
    band smallint not null,
    bucket bigint not null,
    article_id varchar not null
);

-- One row per distinctive key (term or entity hash) of an article, with its dates: how candidates are found.
create table if not exists landing.story_postings (
    term bigint not null,
    day integer not null,
    ingest_day integer not null,
    dated boolean not null,
    article_id varchar not null
);

-- One row per kept key of an article (its top terms and entities) with its weighted count: what is scored.
create table if not exists landing.story_features (
    article_id varchar not null,
    term bigint not null,
    kind utinyint not null,
    weight float not null
);

-- Document frequency of every key over the indexed articles (the IDF of the scores).
create table if not exists landing.story_term_df (
    term bigint primary key,
    df integer not null
);

-- One row per pair of near-duplicate articles (MinHash estimate of shingle Jaccard >= COPY_THRESHOLD), the later
-- indexed article first; which one is the original is decided in dbt (marts.article_copies).
create table if not exists landing.near_duplicates (
    article_id varchar not null,
    other_article_id varchar not null,
    similarity double not null,
    detected_at timestamp not null,
    primary key (article_id, other_article_id)
);
