"""Reads and writes of the landing tables; every write is one transaction keyed by content hashes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

import duckdb
import pandas as pd
import polars as pl

from orchestration.lib.ingest.ledger import KnownVersion, LedgerChanges
from orchestration.lib.ingest.records import Record
from orchestration.lib.ingest.scan import KnownFile
from orchestration.lib.warehouse.connection import transaction

# Records whose texts a scan stores at a time (DocumentWriter).
DOCUMENT_BATCH = 2_000


def known_versions(con: duckdb.DuckDBPyConnection) -> dict[str, KnownVersion]:
    """The latest version of every path (also of paths no longer in the raw directory), so unchanged files need not be
    read, split or hashed again and a returning file is recognised."""
    rows = con.execute(
        """
        select file_path, size_bytes, modified_ns, content_sha256, file_text_sha256, encoding,
               record_index, kind, text_sha256, reason, version, present
        from landing.file_records
        where superseded_at is null
        order by file_path, record_index
        """
    ).fetchall()
    files: dict[str, KnownFile] = {}
    records: dict[str, list[Record]] = {}
    state: dict[str, tuple[int, bool]] = {}
    for path, size, mtime, sha, file_text_sha, encoding, index, kind, text_sha, reason, version, present in rows:
        file_reason = reason if file_text_sha is None else None
        files.setdefault(path, KnownFile(size, mtime, sha, file_text_sha, encoding, file_reason))
        records.setdefault(path, []).append(Record(index, kind, None, text_sha, reason))
        state[path] = (version, present)
    return {path: KnownVersion(files[path], tuple(records[path]), *state[path]) for path in files}


def apply_ledger(con: duckdb.DuckDBPyConnection, changes: LedgerChanges, now: datetime) -> int:
    """Write one scan's changes and store the record texts not seen before, in one transaction; returns how many
    texts were new. Nothing is deleted: superseded and removed versions keep their rows."""
    versions = {"file_path": pl.String, "version": pl.Int32}
    touched = {**versions, "size_bytes": pl.Int64, "modified_ns": pl.Int64}
    with transaction(con):
        for keys, schema, assignment in (
            (changes.superseded, versions, "present = false, superseded_at = $now"),
            (changes.removed, versions, "present = false, removed_at = $now"),
            (changes.returned, versions, "present = true, removed_at = null"),
            (
                changes.touched,
                touched,
                "size_bytes = k.size_bytes, modified_ns = k.modified_ns, "
                "modified_at = make_timestamp(k.modified_ns // 1000), scanned_at = $now",
            ),
        ):
            if keys:
                con.register("ledger_keys", pl.DataFrame(keys, schema=schema, orient="row").to_arrow())
                con.execute(
                    f"update landing.file_records as r set {assignment} from ledger_keys as k "
                    "where r.file_path = k.file_path and r.version = k.version",
                    {"now": now},
                )
                con.unregister("ledger_keys")
        if changes.new_rows.height:
            con.register("ledger_new", changes.new_rows.to_arrow())
            con.execute("insert into landing.file_records by name select * from ledger_new")
            con.unregister("ledger_new")
        new = _insert_documents(con, changes.records, now)
        con.execute(
            "insert into landing.ledger_scans values (?, ?, ?, ?, ?)",
            [now, changes.files_seen, changes.files_read, changes.new_versions, len(changes.removed)],
        )
    return int(new)


def _insert_documents(con: duckdb.DuckDBPyConnection, records: Sequence[Record], now: datetime) -> int:
    """Store the texts of readable records not stored yet (the first record of a text gives its kind); returns how
    many were new."""
    docs = pl.DataFrame(
        [(r.text_sha256, r.kind, r.text) for r in records if r.text is not None and r.reason is None],
        schema={"text_sha256": pl.String, "kind": pl.String, "text": pl.String},
        orient="row",
    ).unique("text_sha256", keep="first", maintain_order=True)
    if not docs.height:
        return 0
    con.register("incoming_docs", docs.to_arrow())
    new = con.execute(
        "insert into landing.documents select text_sha256, kind, text, ? from incoming_docs "
        "where text_sha256 not in (select text_sha256 from landing.documents)",
        [now],
    ).fetchone()[0]
    con.unregister("incoming_docs")
    return int(new)


class DocumentWriter:
    """The texts of a scan's new records, stored DOCUMENT_BATCH records at a time as the scan reads them, each batch
    in its own transaction, so a scan holds one batch of texts, not all of them (1 GB at 30,000 files). Texts are
    content-addressed: a run killed before its ledger is written leaves stored texts no record points at, which the
    parse stage does not read; the next scan of their files finds them stored."""

    def __init__(self, con: duckdb.DuckDBPyConnection, now: datetime, batch: int = DOCUMENT_BATCH) -> None:
        self.con, self.now, self.batch = con, now, batch
        self.pending: list[Record] = []
        self.stored = 0  # texts that were new

    def add(self, records: Iterable[Record]) -> None:
        self.pending.extend(records)
        if len(self.pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            with transaction(self.con):
                self.stored += _insert_documents(self.con, self.pending, self.now)
            self.pending = []


def record_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Records of the files in the raw directory per status (before parsing, new texts are not decided yet)."""
    return dict(con.execute("select status, count(*) from landing.record_status where present group by 1").fetchall())


def last_scan_time(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """When the ledger last scanned the raw directory."""
    return con.execute("select max(scanned_at) from landing.ledger_scans").fetchone()[0]


_PENDING_DOCUMENTS = """
    from landing.documents as d
    where d.text_sha256 in (select text_sha256 from landing.file_records where reason is null)
      and d.text_sha256 not in (select text_sha256 from landing.articles where parser_version = $version)
"""


def pending_documents(con: duckdb.DuckDBPyConnection, parser_version: str) -> pl.DataFrame:
    """Texts of readable records that the current parser version has not parsed yet (a text is parsed before its
    record's status can be decided: an empty body makes it a quarantine, a known body a duplicate)."""
    return con.execute(
        f"select d.text_sha256, d.kind, d.text {_PENDING_DOCUMENTS} order by d.text_sha256", {"version": parser_version}
    ).pl()


def pending_document_batches(
    con: duckdb.DuckDBPyConnection, parser_version: str, batch_size: int
) -> Iterator[pl.DataFrame]:
    """`pending_documents` batch_size texts at a time (in the same order), so a first run over a large raw directory
    does not hold every text at once; each batch is read when the previous one is done with."""
    pending = [
        sha
        for (sha,) in con.execute(
            f"select d.text_sha256 {_PENDING_DOCUMENTS} order by d.text_sha256", {"version": parser_version}
        ).fetchall()
    ]
    for start in range(0, len(pending), batch_size):
        yield con.execute(
            "select text_sha256, kind, text from landing.documents where text_sha256 in (select unnest($shas)) "
            "order by text_sha256",
            {"shas": pending[start : start + batch_size]},
        ).pl()


def store_parsed(con: duckdb.DuckDBPyConnection, parsed: pl.DataFrame, now: datetime) -> None:
    """Upsert parsed articles by text hash."""
    with transaction(con):
        con.register("incoming_parsed", parsed.with_columns(parsed_at=pl.lit(now)).to_arrow())
        con.execute("delete from landing.articles where text_sha256 in (select text_sha256 from incoming_parsed)")
        con.execute("insert into landing.articles by name select * from incoming_parsed")
        con.unregister("incoming_parsed")


def pending_bodies(con: duckdb.DuckDBPyConnection, ner_version: str) -> list[tuple[str, str]]:
    """Distinct non-empty bodies of articles that the current NER version has not annotated."""
    return con.execute(
        """
        select distinct a.body_sha256, a.body
        from landing.articles as a
        join landing.record_status as f on f.text_sha256 = a.text_sha256 and f.holds_current_article
        where a.body <> ''
          and a.body_sha256 not in (select body_sha256 from landing.ner_bodies where ner_version = ?)
        order by a.body_sha256
        """,
        [ner_version],
    ).fetchall()


def store_mentions(
    con: duckdb.DuckDBPyConnection,
    body_sha256s: list[str],
    mentions: pl.DataFrame,
    ner_version: str,
    now: datetime,
    sentences: pl.DataFrame | None = None,
) -> None:
    """Replace the mentions (and sentences, when given) of the given bodies and mark them annotated, in one
    transaction."""
    counts = mentions.group_by("body_sha256").len()
    done = pl.DataFrame({"body_sha256": body_sha256s}, schema={"body_sha256": pl.String})
    done = done.join(counts, on="body_sha256", how="left").with_columns(
        ner_version=pl.lit(ner_version),
        mention_count=pl.col("len").fill_null(0).cast(pl.Int32),
        annotated_at=pl.lit(now),
    )
    with transaction(con):
        con.register("incoming_done", done.drop("len").to_arrow())
        con.register("incoming_mentions", mentions.to_arrow())
        for table in ("landing.mentions", "landing.sentences", "landing.ner_bodies"):
            con.execute(f"delete from {table} where body_sha256 in (select body_sha256 from incoming_done)")
        con.execute("insert into landing.mentions by name select * from incoming_mentions")
        if sentences is not None:
            con.register("incoming_sentences", sentences.to_arrow())
            con.execute("insert into landing.sentences by name select * from incoming_sentences")
            con.unregister("incoming_sentences")
        con.execute("insert into landing.ner_bodies by name select * from incoming_done")
        con.unregister("incoming_done")
        con.unregister("incoming_mentions")


# Frames the quality checks validate: only what feeds the marts, as pandas for Great Expectations. With `since`
# (when the table was last validated green) only the rows written or re-decided from then on: a run validates what
# is new, and rows of a run whose check failed are validated again until they pass.

# Texts whose record was scanned (new or touched file) or parsed from `since` on.
_TEXTS_SINCE = """
    select text_sha256 from landing.file_records where scanned_at >= $since
    union all
    select text_sha256 from landing.articles where parsed_at >= $since
"""
# Bodies of those texts, and bodies annotated from `since` on.
BODIES_SINCE = f"""
    select body_sha256 from landing.articles where text_sha256 in ({_TEXTS_SINCE})
    union all
    select body_sha256 from landing.ner_bodies where annotated_at >= $since
"""


def since_filter(since: datetime | None, condition: str) -> tuple[str, dict[str, datetime]]:
    """`and (condition)` with its parameter when validating from `since`; nothing when validating every row."""
    return ("", {}) if since is None else (f"and ({condition})", {"since": since})


# One part of the bodies, (index, count): the bodies whose hash is index modulo count.
BodyPart = tuple[int, int]


def part_filter(part: BodyPart | None, column: str) -> str:
    """`and` the condition that keeps the bodies of one part (nothing for every body)."""
    if part is None:
        return ""
    index, count = part
    return f"and hash({column}) % {int(count)} = {int(index)}"


def mention_row_estimate(con: duckdb.DuckDBPyConnection, since: datetime | None) -> int:
    """How many mention rows a check from `since` reads, about: every stored mention, or those of the bodies
    annotated, parsed or re-scanned since."""
    if since is None:
        return con.execute("select count(*) from landing.mentions").fetchone()[0]
    return con.execute(
        f"select count(*) from landing.mentions where body_sha256 in ({BODIES_SINCE})", {"since": since}
    ).fetchone()[0]


def ledger_frame(con: duckdb.DuckDBPyConnection, since: datetime | None = None) -> pd.DataFrame:
    """The records of the files in the raw directory, with their decided status. Always every present record: one
    of its properties (every raw file is in the ledger) is about the whole table, and a row per file is cheap."""
    return con.execute("select * from landing.record_status where present").df()


def current_articles_frame(con: duckdb.DuckDBPyConnection, since: datetime | None = None) -> pd.DataFrame:
    """Parsed rows of the texts that are current articles (from `since`: parsed or re-scanned since)."""
    where, params = since_filter(since, f"a.text_sha256 in ({_TEXTS_SINCE})")
    return con.execute(
        f"""
        select
            a.*,
            length(a.body) as body_length,
            -- The stated local clock is the UTC time moved by the stated offset (none stated: the time is UTC).
            coalesce(
                a.published_local = a.published_at + to_minutes(coalesce(a.published_utc_offset_minutes, 0)),
                a.published_local is null and a.published_at is null
            ) as local_time_matches_utc,
            array_to_string(a.authors, ' and ') is not distinct from a.author as authors_match_author
        from landing.articles as a
        where a.text_sha256 in (select text_sha256 from landing.record_status where holds_current_article) {where}
        """,
        params,
    ).df()


def current_mentions_frame(
    con: duckdb.DuckDBPyConnection, since: datetime | None = None, part: BodyPart | None = None
) -> pd.DataFrame:
    """Mentions of current bodies joined to their body, with the offset facts the checks assert (from `since`: the
    bodies annotated, parsed or re-scanned since; with `part`, those of one part of the bodies)."""
    where, params = since_filter(since, f"a.body_sha256 in ({BODIES_SINCE})")
    where += " " + part_filter(part, "a.body_sha256")
    return con.execute(
        f"""
        with bodies as (
            select distinct a.body_sha256, a.body
            from landing.articles as a
            join landing.record_status as f on f.text_sha256 = a.text_sha256 and f.holds_current_article
            where true {where}
        )
        select
            m.*,
            length(b.body) as body_length,
            substr(b.body, m.char_start + 1, m.char_end - m.char_start) = m.mention_text as offsets_match_text
        from landing.mentions as m
        join bodies as b using (body_sha256)
        """,
        params,
    ).df()


# Landing tables dbt does not read, and columns that change on every run without changing any mart.
_NOT_DBT_INPUTS = {"documents", "dbt_builds", "ledger_scans", "validations"}
_VOLATILE_COLUMNS = {"scanned_at"}


def inputs_fingerprint(con: duckdb.DuckDBPyConnection, project_hash: str) -> str:
    """Everything the marts are a function of: the content of every landing table dbt reads (so a new stage's
    table counts without anyone remembering to add it) and the dbt project itself."""
    columns = con.execute(
        "select c.table_name, c.column_name from information_schema.columns as c "
        "join information_schema.tables as t using (table_schema, table_name) "
        "where c.table_schema = 'landing' and t.table_type = 'BASE TABLE' "
        "order by c.table_name, c.ordinal_position"
    ).fetchall()
    per_table: dict[str, list[str]] = {}
    for table, column in columns:
        if table not in _NOT_DBT_INPUTS and column not in _VOLATILE_COLUMNS:
            per_table.setdefault(table, []).append(f'"{column}"')
    # Order-independent digest of each table: row count and XOR of the rows' hashes.
    parts = [
        con.execute(f'select count(*), coalesce(bit_xor(hash({", ".join(cols)})), 0) from landing."{table}"').fetchone()
        for table, cols in sorted(per_table.items())
    ]
    digest = "#".join(f"{table}:{count}:{xor}" for table, (count, xor) in zip(sorted(per_table), parts, strict=True))
    return hashlib.sha256(f"{digest}#{project_hash}".encode()).hexdigest()


def marts_are_current(con: duckdb.DuckDBPyConnection, fingerprint: str) -> bool:
    """True when the last successful dbt build saw exactly these inputs and its marts are still there."""
    marts = con.execute("select count(*) from information_schema.tables where table_schema = 'marts'").fetchone()[0]
    return last_dbt_build(con) == fingerprint and marts > 0


def record_dbt_build(con: duckdb.DuckDBPyConnection, fingerprint: str, started: datetime, project_hash: str) -> None:
    """Remember the inputs of a successful dbt build, when it began and with which dbt project."""
    con.execute(
        "insert into landing.dbt_builds (inputs_fingerprint, built_at, project_hash) values (?, ?, ?)",
        [fingerprint, started, project_hash],
    )


def incremental_since(con: duckdb.DuckDBPyConnection, project_hash: str) -> datetime | None:
    """When the last successful dbt build began, if it was built by this very dbt project: every landing row written
    from then on is what the next build recomputes. None (build everything) after a project change, a `newsmon
    forget` or a restore, which leave no build on record."""
    row = con.execute("select built_at, project_hash from landing.dbt_builds order by built_at desc limit 1").fetchone()
    return row[0] if row and row[1] == project_hash else None


def delta_base(con: duckdb.DuckDBPyConnection) -> str | None:
    """Fingerprint of the build before the latest, when the latest was an incremental build on top of it (the same dbt
    project, and no forget or restore between them, which clear the record): a published file holding that build
    needs only the latest build's delta."""
    builds = con.execute(
        "select inputs_fingerprint, project_hash from landing.dbt_builds order by built_at desc limit 2"
    ).fetchall()
    if len(builds) < 2 or builds[0][1] != builds[1][1]:
        return None
    return builds[1][0]


def last_dbt_build(con: duckdb.DuckDBPyConnection) -> str | None:
    """Inputs fingerprint of the latest successful dbt build, if any."""
    row = con.execute("select inputs_fingerprint from landing.dbt_builds order by built_at desc limit 1").fetchone()
    return row[0] if row else None
