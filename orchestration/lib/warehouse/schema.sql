-- Landing tables written by the Python stages; dbt reads them as sources. Every cache is keyed by a content hash,
-- so a re-run (or a run after a crash) recomputes nothing it already has and never duplicates a row.
create schema if not exists landing;

-- The files ledger, a history: one row per record of each version of each file ever seen under the raw directory.
-- A text or HTML file is one record; a JSON / JSON Lines export one record per object; an unreadable file one
-- record. A file whose bytes change gets a new version (the old rows stay, with `superseded_at`); a file that leaves
-- the raw directory keeps its rows with `present = false` and `removed_at`. Rows go only through `newsmon forget`.
-- Statuses (article, duplicate, quarantined) are not stored: landing.record_status decides them, in one place.
create table if not exists landing.file_records (
    file_path varchar not null,
    version integer not null,
    record_index integer not null,
    kind varchar not null,
    size_bytes bigint,
    modified_ns bigint,
    modified_at timestamp,
    content_sha256 varchar,
    encoding varchar,
    file_text_sha256 varchar,
    text_sha256 varchar,
    reason varchar,
    first_seen_at timestamp not null,
    scanned_at timestamp not null,
    present boolean not null,
    removed_at timestamp,
    superseded_at timestamp,
    primary key (file_path, version, record_index)
);

-- One row per scan of the raw directory: when, and what it found changed (the quality check's time of reference).
create table if not exists landing.ledger_scans (
    scanned_at timestamp not null,
    files_seen integer not null,
    files_read integer not null,
    new_versions integer not null,
    removed integer not null
);

-- One row per explicit deletion (`newsmon forget`, or the retention setting): what, when, how many rows.
create table if not exists landing.deletions (
    deletion_id integer not null,
    deleted_at timestamp not null,
    how varchar not null,
    target varchar not null,
    file_records integer not null,
    articles integer not null,
    mentions integer not null
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
    published_local timestamp,
    published_utc_offset_minutes integer,
    authors varchar[],
    body varchar not null,
    body_sha256 varchar not null,
    word_count bigint not null,
    parser_version varchar not null,
    parsed_at timestamp not null,
    parse_error varchar
);
-- Working databases made before the column existed get it (NULL: those texts parsed without error).
alter table landing.articles add column if not exists parse_error varchar;
-- Parser version 4: the stated local time and its zone's offset (minutes east of UTC), and the authors as a list.
-- Older rows get NULL and are re-parsed, since their parser_version is not the current one.
alter table landing.articles add column if not exists published_local timestamp;
alter table landing.articles add column if not exists published_utc_offset_minutes integer;
alter table landing.articles add column if not exists authors varchar[];

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

-- One row per sentence of a body as the NER stage split it (written with its mentions): the claims and quotes stage
-- reads the same sentences without running the model again.
create table if not exists landing.sentences (
    body_sha256 varchar not null,
    sentence_index integer not null,
    char_start integer not null,
    char_end integer not null,
    primary key (body_sha256, sentence_index)
);

-- Landing tables of the claims stage (orchestration/lib/claims): the figures and quotes of each body, numbered per
-- body in text order, and which bodies the stage read under which rules (also those with none, so they are not read
-- again). Mention indexes point into landing.mentions of the same body; dbt resolves them to entities.
create table if not exists landing.claim_bodies (
    body_sha256 varchar primary key,
    claims_version varchar not null,
    claim_count integer not null,
    quote_count integer not null,
    extracted_at timestamp not null
);

create table if not exists landing.claims (
    body_sha256 varchar not null,
    claim_index integer not null,
    sentence_index integer not null,
    char_start integer not null,
    char_end integer not null,
    figure_text varchar not null,
    value double not null,
    unit varchar,
    counted varchar,
    counted_key varchar,
    about_mentions integer[],
    hedge varchar not null,
    value_low double,
    value_high double,
    as_of_text varchar,
    as_of_date date,
    primary key (body_sha256, claim_index)
);

create table if not exists landing.quotes (
    body_sha256 varchar not null,
    quote_index integer not null,
    sentence_index integer not null,
    char_start integer not null,
    char_end integer not null,
    quote_text varchar not null,
    speaker_text varchar,
    speaker_mention integer,
    kind varchar not null,
    cue varchar,
    primary key (body_sha256, quote_index)
);

-- One row per successful dbt build: the fingerprint of its inputs, so an unchanged warehouse is not rebuilt; when it
-- began and with which dbt project, so the next build recomputes only what changed since (int_changed_records).
create table if not exists landing.dbt_builds (
    inputs_fingerprint varchar not null,
    built_at timestamp not null
);
-- Builds recorded before the column existed have none: the next build is a full one.
alter table landing.dbt_builds add column if not exists project_hash varchar;

-- One row per guarded table: how far its quality checks have validated it. Rows written from `validated_through` on
-- are validated by the next run's checks; the mark moves only when every blocking check of the table passed, so rows
-- that failed are validated again until they pass. A changed suite (`suite_version`) validates every row again.
create table if not exists landing.validations (
    asset varchar primary key,
    suite_version varchar not null,
    validated_through timestamp not null
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

-- One row per entity: the name and type the marts show, voted over the articles that mention it
-- (orchestration/lib/entities/labels.py); written when new or changed, so labelled_at says when it last changed.
create table if not exists landing.entity_labels (
    entity_id varchar primary key,
    canonical_name varchar not null,
    entity_type varchar not null,
    labelled_at timestamp not null
);

-- Every change of an entity's displayed name, with its reason (a new name won by a clear margin, or no article uses
-- the old one any more). Rows are only ever added.
create table if not exists landing.entity_name_changes (
    entity_id varchar not null,
    old_name varchar not null,
    new_name varchar not null,
    changed_at timestamp not null,
    reason varchar not null,
    primary key (entity_id, changed_at)
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

-- Every record's status, decided here and only here: the stories stage, the quality checks, `newsmon forget` and
-- dbt (stg_file_records) all read this view. Over the whole history, the first-seen readable record of each body
-- holds its article; any later record with the same body (another encoding, line endings, footer or byline, or a
-- copy of a file) is its duplicate; a record that could not be read, or whose text is nothing but boilerplate, is
-- quarantined with its reason. "First seen" orders by first_seen_at, then path, version and record index, so an
-- article keeps its holder when its file is archived or changed.
create or replace view landing.record_status as
with records as (
    select
        r.*,
        a.body_sha256,
        a.parse_error,
        -- The empty body's hash, not `a.body = ''`: reading every body made this view cost seconds per use at 30,000
        -- articles (body_sha256 is sha256 of the body's UTF-8 bytes, parsing/frame.py).
        coalesce(
            r.reason is null
            and a.body_sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
            false
        ) as boilerplate_only,
        coalesce(a.body_sha256, r.text_sha256) as body_key
    from landing.file_records as r
    left join landing.articles as a on a.text_sha256 = r.text_sha256
),

holders as (
    select body_key, file_path, version, record_index, left(text_sha256, 16) as article_id
    from records
    where reason is null and not boilerplate_only
    qualify row_number() over (partition by body_key order by first_seen_at, file_path, version, record_index) = 1
),

decided as (
    select
        r.file_path,
        r.version,
        r.record_index,
        r.kind,
        r.size_bytes,
        r.modified_ns,
        r.modified_at,
        r.content_sha256,
        r.encoding,
        r.text_sha256,
        r.body_sha256,
        r.first_seen_at,
        r.scanned_at,
        r.present,
        r.removed_at,
        r.superseded_at,
        case
            when r.reason is not null or r.boilerplate_only then 'quarantined'
            when h.file_path = r.file_path and h.version = r.version and h.record_index = r.record_index
                then 'article'
            else 'duplicate'
        end as status,
        h.article_id,
        case
            when r.boilerplate_only then coalesce(r.parse_error, 'nothing left after boilerplate removal')
            else r.reason
        end as reason
    from records as r
    -- The condition on r folded into the join key: as separate conjuncts of a left join's condition they made DuckDB
    -- plan a nested-loop join (every record against every holder: 4.6 s at 36,000 records).
    left join holders as h
        on h.body_key = case when r.reason is null and not r.boilerplate_only then r.body_key end
),


-- A superseded record points at the article of the same record in the file's next version (NULL when that
-- version holds none there).
with_successor as (
    select d.*, n.article_id as superseded_by
    from decided as d
    left join decided as n
        on n.file_path = d.file_path and n.version = d.version + 1 and n.record_index = d.record_index
),

-- An article is superseded once no current version of any file holds its body (a re-encoded or touched file keeps
-- it current); it then points at what replaced its latest holder.
with_supersession as (
    select
        *,
        case
            when article_id is not null and bool_and(superseded_at is not null) over (partition by article_id)
                then max(superseded_at) over (partition by article_id)
        end as article_superseded_at,
        case
            when article_id is not null and bool_and(superseded_at is not null) over (partition by article_id)
                then arg_max(superseded_by, superseded_at) over (partition by article_id)
        end as article_superseded_by
    from with_successor
)

-- The record holds an article the marts show (not superseded): what every "current" in the pipeline means (NER and
-- claims read these bodies, resolution votes over them, the checks validate them).
select *, status = 'article' and article_superseded_at is null as holds_current_article
from with_supersession;
