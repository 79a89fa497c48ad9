-- Landing tables written by the Python stages; dbt reads them as sources. Every cache is keyed by a content hash,
-- so a re-run (or a run after a crash) recomputes nothing it already has and never duplicates a row.
create schema if not exists landing;

-- One row per record of each file currently under the raw directory (a snapshot of the latest scan). A text or
-- HTML file is one record; a JSON / JSON Lines export one record per object; an unreadable file one record.
create table if not exists landing.file_records (
    file_path varchar not null,
    record_index integer not null,
    kind varchar not null,
    size_bytes bigint,
    modified_ns bigint,
    modified_at timestamp,
    content_sha256 varchar,
    encoding varchar,
    file_text_sha256 varchar,
    text_sha256 varchar,
    status varchar not null,
    article_id varchar,
    reason varchar,
    first_seen_at timestamp not null,
    scanned_at timestamp not null,
    primary key (file_path, record_index)
);

-- One row per distinct record text (the input of the parse stage), with the parser it needs.
create table if not exists landing.documents (
    text_sha256 varchar primary key,
    kind varchar not null,
    text varchar not null,
    stored_at timestamp not null
);

-- One row per distinct record text, parsed by the current parser version.
create table if not exists landing.articles (
    text_sha256 varchar primary key,
    title varchar,
    url varchar,
    source_domain varchar,
    source_name varchar,
    original_source_domain varchar,
    author varchar,
    published_at timestamp,
    published_at_text varchar,
    body varchar not null,
    body_sha256 varchar not null,
    word_count bigint not null,
    parser_version varchar not null,
    parsed_at timestamp not null,
    parse_error varchar
);
-- Working databases made before the column existed get it (NULL: those texts parsed without error).
alter table landing.articles add column if not exists parse_error varchar;

-- One row per article body that went through NER (also for bodies with no entity, so they are not redone).
create table if not exists landing.ner_bodies (
    body_sha256 varchar primary key,
    ner_version varchar not null,
    mention_count integer not null,
    annotated_at timestamp not null
);

-- One row per named-entity mention of a body.
create table if not exists landing.mentions (
    body_sha256 varchar not null,
    mention_index integer not null,
    mention_text varchar not null,
    spacy_label varchar not null,
    entity_type varchar not null,
    canonical_name varchar not null,
    char_start integer not null,
    char_end integer not null,
    sentence_index integer not null,
    primary key (body_sha256, mention_index)
);

-- One row per successful dbt build: the fingerprint of its inputs, so an unchanged warehouse is not rebuilt.
create table if not exists landing.dbt_builds (
    inputs_fingerprint varchar not null,
    built_at timestamp not null
);

-- One row per (entity type, name as the NER stage resolved it): its alias key, folded once in Python
-- (orchestration/lib/entities/names.py::fold) so that SQL never re-folds a name.
create table if not exists landing.entity_names (
    entity_type varchar not null,
    canonical_name varchar not null,
    alias_key varchar not null,
    first_seen_at timestamp not null,
    primary key (entity_type, canonical_name)
);

-- One row per (entity type, alias key): the entity it belongs to, assigned once and never changed, and the rule
-- (with its evidence) that decided it. Rows are only ever added.
create table if not exists landing.entity_aliases (
    entity_type varchar not null,
    alias_key varchar not null,
    entity_id varchar not null,
    canonical_name varchar not null,
    rule varchar not null,
    evidence varchar not null,
    resolver_version varchar not null,
    first_seen_at timestamp not null,
    primary key (entity_type, alias_key)
);

-- One row per LOC or NORP entity geocoded by the current geocoder version (also when nothing matched, so it is not
-- redone): ISO country, kind of place, coordinates and GeoNames id, and the rule that decided.
create table if not exists landing.places (
    entity_id varchar primary key,
    country_code varchar,
    place_type varchar,
    latitude double,
    longitude double,
    geonameid bigint,
    place_name varchar,
    rule varchar not null,
    evidence varchar not null,
    geocoder_version varchar not null,
    geocoded_at timestamp not null
);

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
