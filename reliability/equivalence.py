"""Equivalence: a warehouse built in many small runs equals, row for row in the contract tables, the one a single run
builds over the same files.

**History (warehouse A).** The files arrive in random batches, in random order; `newsmon run` runs after each batch.
Before every run after the first, some files already ingested leave the raw directory (archived elsewhere: A keeps
their articles) and some are edited: a sentence added to the body (a new article version, the old one superseded)
or only touched (the same bytes, a new mtime). Every file is written with a chosen mtime, so both warehouses see the
same `modified_at`.

**The same files (warehouse B).** One run over a raw directory holding every path A ever saw, with the bytes and
mtime it had last: the removed files too, since A keeps their articles and B can only know them by reading them;
the edited files only in their latest form, since a single run over a folder sees no earlier version.

**What is compared.** The published contract tables (`reliability.state.CONTRACT_TABLES`), row for row, minus the
columns in `EXCLUDED`, which say what the history was (wall-clock TIMESTAMP columns are already left out by
`reliability.state`). `marts.articles` holds the current articles, and those are compared: A's superseded versions
live in `marts.article_versions`, which B cannot have. What the pipeline decides once and never revises, by design,
is compared apart and counted, not required equal (`COMPARED_APART`): entity ids (matched by `ENTITY_KEY` instead),
entity places, entity names (a name holds until another wins clearly: docs/entities.md, section 2b), stories.

**Known differences (tests/reliability/test_equivalence.py, each a strict xfail).**

- *The first seen holds the article* (landing.record_status): among records with one body, the first seen holds the
  article and the others are its duplicates; a single run can only break the tie by path. The histories drawn here
  let the files sharing a body arrive in path order (`plan_history`).
- *A current article keeps a superseded holder*: when a file's bytes change but a record's body does not (a corrected
  title, a re-encoding, the other records of a JSON export that grows) or another current file still has the old
  body, the article stays with the superseded version: `marts.articles` shows its old title and bytes, and the record
  is a `duplicate` of its own past. The histories drawn here change the body of every record of an edited file, and
  edit only files whose bodies no other file has.
- *The founding spelling names an entity* (docs/entities.md): an entity's id is md5 of the alias key that founded it,
  the first seen run by run, the most mentioned in one run ("U.S." before "United States").
- *An entity is geocoded once*, with the articles known then: its place can differ from the one a run over all the
  articles finds ("Melbourne" with Australia in the first batch, with Florida in the later ones).
- *Stories are placed once*, in arrival order, and named by the article that started it.
"""

from __future__ import annotations

import html
import json
import os
import random
import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.lib.ingest.decoding import decode_bytes
from orchestration.lib.ingest.ledger import plan_ledger
from orchestration.lib.ingest.records import split_records
from orchestration.lib.ingest.scan import scan_raw_dir
from orchestration.lib.parsing import PARSER_VERSION
from orchestration.lib.parsing.frame import parse_articles, parse_document
from orchestration.lib.warehouse.connection import connect
from orchestration.lib.warehouse.landing import apply_ledger, known_versions, pending_documents, store_parsed
from reliability.runner import LiveRun, RunResult, make_dagster_home, pipeline_env, run_newsmon
from reliability.state import CONTRACT_TABLES, differences, published_rows

# Columns that depend on the history by definition, per contract table; every other column must be equal.
EXCLUDED: dict[str, tuple[str, ...]] = {
    # A removed file is still present in B's raw directory (B can only know its article by reading it), and an
    # edited file has one version per edit in A's ledger, one in B's.
    "files": ("present", "versions"),
    "file_records": ("present", "file_version"),
}
# Columns the pipeline decides once and never revises, so the order of arrival can change them by design: compared
# apart and counted (Comparison.places_differing, story_split), not required equal.
PLACE_COLUMNS = ("country_code", "place_type", "latitude", "longitude", "geonameid")
COMPARED_APART: dict[str, tuple[str, ...]] = {
    # An entity is geocoded once, with the context of the articles known then (docs/entities.md, section 3), and
    # keeps its name until another is used in clearly more articles (section 2b): one run names it by its commonest.
    "entities": (*PLACE_COLUMNS, "canonical_name"),
    # A story is joined once, by the articles placed before, and named by the article that started it.
    "articles": ("story_id",),
}
# An entity's id is md5 of the alias key that founded it, which depends on which spelling arrived first, so entities
# are matched by a key the history cannot change: their first mention's id (an article id and the mention's index in
# the body). Equal keys with equal rows: the same mentions grouped into the same entities, with the same names,
# counts and aliases.
ENTITY_KEY = "(select min(m.mention_id) from source.marts.entity_mentions as m where m.entity_id = {table}.entity_id)"
# Edits drawn for a file already ingested (see edit_bytes), "append" twice as often as "touch". "retitle" (the same
# body under another title) meets a known difference (a current article keeps a superseded holder): not drawn.
EDIT_KINDS = ("append", "append", "touch")
# Invented sentences for the "append" edit (each names a place and a person, so NER has something new to find).
ADDED_SENTENCES = (
    "In an update, officials in Lisbon said the review would continue, according to Marta Quintela.",
    "Later on Tuesday, a spokesperson in Tallinn, Kadri Lepik, said the figures had been revised.",
    "The ministry in Montevideo later confirmed the account, its spokesman Julio Arrieta told reporters.",
    "An earlier version of this report misstated the number of people involved, Hana Dvorak said in Brno.",
)
# The first run's mtime; each later run's files are an hour later (seconds since the epoch).
BASE_MTIME = 1_757_000_000
RUN_SPACING = 3_600


@dataclass(frozen=True)
class Version:
    """The bytes and mtime (whole seconds) a path holds at some point of the history."""

    data: bytes
    mtime: int


@dataclass
class Step:
    """What changes in A's raw directory before one run."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    edited: list[tuple[str, str]] = field(default_factory=list)  # (path, edit kind)


@dataclass
class Comparison:
    """A against B: the differing rows of each compared table, and how much was compared."""

    differences: list[str]
    rows_per_table: dict[str, int]
    entity_ids_differing: list[tuple[str, str, str]] = field(default_factory=list)  # (name, id in A, id in B)
    places_differing: list[tuple[str, tuple, tuple]] = field(default_factory=list)  # (name, place in A, place in B)

    @property
    def tables(self) -> int:
        return len(self.rows_per_table)

    @property
    def rows(self) -> int:
        return sum(self.rows_per_table.values())


@dataclass
class StorySplit:
    """Stories as partitions of the articles both warehouses hold: pairs of articles in one story in one warehouse
    and in two in the other (a story's id names the article that started it, so ids follow from the order)."""

    articles: int
    unplaced: int  # articles of either warehouse without a story
    stories_a: int
    stories_b: int
    together_only_in_a: list[tuple[str, str]]
    together_only_in_b: list[tuple[str, str]]

    @property
    def equal(self) -> bool:
        return not self.together_only_in_a and not self.together_only_in_b


@dataclass
class EquivalenceRun:
    """One history: its steps, A's runs, B's run and the comparisons."""

    seed: int
    steps: list[Step]
    final: dict[str, Version]
    runs_a: list[RunResult]
    run_b: RunResult
    warehouse_a: Path
    warehouse_b: Path
    comparison: Comparison
    stories: StorySplit
    superseded_versions: int  # article versions only A holds (the edits that changed a body)

    @property
    def runs_ok(self) -> bool:
        return self.run_b.returncode == 0 and all(r.returncode == 0 for r in self.runs_a)

    @property
    def equal(self) -> bool:
        return self.runs_ok and not self.comparison.differences

    @property
    def seconds(self) -> float:
        return sum(r.seconds for r in self.runs_a) + self.run_b.seconds

    def summary(self) -> str:
        edits = [kind for step in self.steps for _, kind in step.edited]
        removed = sum(len(step.removed) for step in self.steps)
        return (
            f"seed {self.seed}: {len(self.final)} paths in {len(self.steps)} runs "
            f"(batches {[len(s.added) for s in self.steps]}, {removed} removed, edits {edits}); "
            f"{self.comparison.rows} rows in {self.comparison.tables} tables compared, "
            f"{len(self.comparison.differences)} differ; {len(self.comparison.entity_ids_differing)} entity ids "
            f"and {len(self.comparison.places_differing)} places differ; stories {self.stories.stories_a} (A) / "
            f"{self.stories.stories_b} (B), article pairs together only in A: {len(self.stories.together_only_in_a)}, "
            f"only in B: {len(self.stories.together_only_in_b)}"
        )


# --- the files ------------------------------------------------------------------------------------------------------


def bodies_of(name: str, data: bytes) -> set[str]:
    """The non-empty bodies the parser finds in a file's records (what decides duplicates)."""
    decoded = decode_bytes(data)
    if decoded.text is None:
        return set()
    found = set()
    for record in split_records(name, decoded.text):
        if record.text is not None and record.reason is None:
            body = parse_document(record.kind, record.text).body
            if body:
                found.add(body)
    return found


def copy_groups(files: Mapping[str, bytes]) -> list[list[str]]:
    """Files that share a body with another file, grouped (transitively), each group sorted by path."""
    holders: dict[str, set[str]] = {}
    for name, data in files.items():
        for body in bodies_of(name, data):
            holders.setdefault(body, set()).add(name)
    group_of: dict[str, set[str]] = {}
    for names in holders.values():
        merged = set(names).union(*(group_of.get(n, set()) for n in names))
        for name in merged:
            group_of[name] = merged
    return [list(group) for group in sorted({tuple(sorted(g)) for g in group_of.values() if len(g) > 1})]


def plan_history(
    names: Sequence[str],
    seed: int,
    batches: int,
    *,
    removals: int = 1,
    edits: int = 1,
    kinds: Sequence[str] = EDIT_KINDS,
    groups: Sequence[Sequence[str]] = (),
) -> list[Step]:
    """`batches` runs: the files in random order cut into non-empty batches at random places; before each run after
    the first, files already ingested (and still there) are removed or edited, `removals` and `edits` of them in all,
    spread at random over those runs. An edited file may be removed later; a removed file never comes back.

    Files of one of `groups` (files sharing a body) arrive in path order and are never edited: the history then
    meets none of the known differences (module docstring)."""
    if not 1 <= batches <= len(names):
        raise ValueError(f"{batches} batches of {len(names)} files")
    rnd = random.Random(f"newsmon-equivalence:{seed}")
    order = sorted(names)
    rnd.shuffle(order)
    for group in groups:  # the group's members take the group's places in the shuffled order, in path order
        places = sorted(order.index(name) for name in group)
        for place, name in zip(places, sorted(group), strict=True):
            order[place] = name
    cuts = sorted(rnd.sample(range(1, len(order)), batches - 1))
    steps = [Step(added=order[start:end]) for start, end in zip([0, *cuts], [*cuts, len(order)], strict=True)]
    if batches == 1:
        return steps
    never_edited = {name for group in groups for name in group}
    # Which later run each removal and edit comes before (drawn at random), then which file it takes.
    when = sorted(rnd.choices(range(1, batches), k=removals + edits))
    actions = ["remove"] * removals + ["edit"] * edits
    rnd.shuffle(actions)
    pending = list(zip(when, actions, strict=True))
    present = list(steps[0].added)
    for number in range(1, batches):
        step = steps[number]
        for _, action in [p for p in pending if p[0] == number]:
            taken = set(step.removed) | {path for path, _ in step.edited}
            candidates = sorted(set(present) - taken - (never_edited if action == "edit" else set()))
            if not candidates:
                continue
            path = rnd.choice(candidates)
            if action == "remove":
                step.removed.append(path)
            else:
                step.edited.append((path, rnd.choice(list(kinds))))
        present = [p for p in present if p not in step.removed] + step.added
    return steps


def edit_bytes(name: str, data: bytes, kind: str, rnd: random.Random) -> bytes:
    """The file's bytes after an edit: "append" adds a sentence to its body (to every record's, for an export),
    "retitle" changes its title wherever the file states it (a file without one gets "append" instead), "touch"
    keeps the bytes (the caller gives the file a new mtime). An edited file is written in UTF-8."""
    if kind == "touch":
        return data
    decoded = decode_bytes(data)
    if decoded.text is None:
        return data + b"\n"
    if kind == "retitle":
        changed = _retitled(name, decoded.text, rnd)
        if changed is not None:
            return changed.encode("utf-8")
    return _appended(name, decoded.text, rnd.choice(ADDED_SENTENCES)).encode("utf-8")


def _retitled(name: str, text: str, rnd: random.Random) -> str | None:
    records = split_records(name, text)
    if len(records) != 1 or records[0].text is None:
        return None
    title = parse_document(records[0].kind, records[0].text).title
    if not title:
        return None
    new = f"{title}: {rnd.choice(('update', 'corrected', 'latest'))}"
    forms = {title: new, html.escape(title): html.escape(new), json.dumps(title)[1:-1]: json.dumps(new)[1:-1]}
    changed = text
    for old, replacement in forms.items():
        changed = changed.replace(old, replacement)
    return changed if changed != text else None


def _appended(name: str, text: str, sentence: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in (".json", ".jsonl", ".ndjson"):
        return _appended_json(suffix, text, sentence)
    paragraphs = list(re.finditer(r"(<p\b[^>]*>)(.*?)(</p>)", text, re.S | re.I))
    if paragraphs:  # HTML: inside the longest paragraph, the body's
        longest = max(paragraphs, key=lambda m: len(m.group(2)))
        return text[: longest.end(2)] + " " + html.escape(sentence) + text[longest.end(2) :]
    # Plain text: the longest line the parser keeps in the body.
    body = parse_document("text", text).body
    lines = text.split("\n")
    longest = max(range(len(lines)), key=lambda i: (bool(lines[i].strip()) and lines[i].strip() in body, len(lines[i])))
    lines[longest] = f"{lines[longest].rstrip()} {sentence}"
    return "\n".join(lines)


def _appended_json(suffix: str, text: str, sentence: str) -> str:
    """Every record gets the sentence: a record left as it was would keep its superseded holder (module docstring)."""

    def add(record: object) -> bool:
        if not isinstance(record, dict):
            return False
        for key in ("maintext", "text", "content", "body"):
            if isinstance(record.get(key), str):
                record[key] = f"{record[key].rstrip()} {sentence}"
                return True
        return False

    if suffix == ".json":
        document = json.loads(text)
        records = document if isinstance(document, list) else document.get("articles", [document])
        for record in records:
            add(record)
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    lines = text.split("\n")
    for number, line in enumerate(lines):
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if add(record):
            lines[number] = json.dumps(record, ensure_ascii=False)
    return "\n".join(lines)


def write_version(path: Path, version: Version) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(version.data)
    os.utime(path, (version.mtime, version.mtime))


# --- the comparison -------------------------------------------------------------------------------------------------


def contract_rows(warehouse: Path, scratch: Path) -> dict[str, list[tuple]]:
    """The published contract tables without the EXCLUDED and COMPARED_APART columns, entities keyed by ENTITY_KEY,
    read by reliability.state (rows sorted, wall-clock timestamps left out): the projection goes through a scratch
    file."""
    scratch.unlink(missing_ok=True)
    with duckdb.connect(str(scratch)) as con:
        con.execute(f"attach '{warehouse}' as source (read_only)")
        con.execute("create schema marts")
        for table in CONTRACT_TABLES:
            dropped = EXCLUDED.get(table, ()) + COMPARED_APART.get(table, ())
            exclude = f" exclude ({', '.join(dropped)})" if dropped else ""
            replace = ""
            if table in ("entities", "entity_mentions"):
                replace = f" replace ({ENTITY_KEY.format(table=table)} as entity_id)"
            con.execute(
                f"create table marts.{table} as select *{exclude}{replace} from source.marts.{table} as {table}"
            )
    rows = published_rows(scratch)
    scratch.unlink()
    return rows


def _entities(warehouse: Path) -> dict[str, tuple]:
    """Entities by ENTITY_KEY: (id, name, place)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            f"select min(m.mention_id), e.entity_id, e.canonical_name, {', '.join(f'e.{c}' for c in PLACE_COLUMNS)} "
            "from marts.entities as e join marts.entity_mentions as m using (entity_id) group by all"
        ).fetchall()
    return {key: (entity_id, name, tuple(place)) for key, entity_id, name, *place in rows}


def entity_differences(warehouse_a: Path, warehouse_b: Path) -> tuple[list[tuple], list[tuple]]:
    """Entities (matched by ENTITY_KEY) whose id differs, (name, id in A, id in B), and whose place differs, (name,
    place in A, place in B)."""
    a, b = _entities(warehouse_a), _entities(warehouse_b)
    common = sorted(a.keys() & b.keys())
    ids = sorted((a[k][1], a[k][0], b[k][0]) for k in common if a[k][0] != b[k][0])
    places = sorted((a[k][1], a[k][2], b[k][2]) for k in common if a[k][2] != b[k][2])
    return ids, places


def compare(warehouse_a: Path, warehouse_b: Path, scratch: Path) -> Comparison:
    expected = contract_rows(warehouse_b, scratch / "b.projection.duckdb")
    actual = contract_rows(warehouse_a, scratch / "a.projection.duckdb")
    ids, places = entity_differences(warehouse_a, warehouse_b)
    return Comparison(differences(expected, actual), {name: len(rows) for name, rows in expected.items()}, ids, places)


def _stories(warehouse: Path) -> tuple[dict[str, str | None], set[tuple[str, str]]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        story_of = dict(con.execute("select article_id, story_id from marts.articles").fetchall())
    members: dict[str, list[str]] = {}
    for article, story in story_of.items():
        if story is not None:
            members.setdefault(story, []).append(article)
    pairs = {(a, b) for group in members.values() for a in group for b in group if a < b}
    return story_of, pairs


def story_split(warehouse_a: Path, warehouse_b: Path) -> StorySplit:
    story_a, pairs_a = _stories(warehouse_a)
    story_b, pairs_b = _stories(warehouse_b)
    common = story_a.keys() & story_b.keys()  # all of them when the contract tables are equal
    pairs_a = {p for p in pairs_a if p[0] in common and p[1] in common}
    pairs_b = {p for p in pairs_b if p[0] in common and p[1] in common}
    return StorySplit(
        articles=len(common),
        unplaced=sum(s is None for s in [*story_a.values(), *story_b.values()]),
        stories_a=len({s for s in story_a.values() if s is not None}),
        stories_b=len({s for s in story_b.values() if s is not None}),
        together_only_in_a=sorted(pairs_a - pairs_b),
        together_only_in_b=sorted(pairs_b - pairs_a),
    )


def superseded_versions(warehouse: Path) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select count(*) from marts.article_versions where superseded_at is not null").fetchone()[0]


# --- one history, end to end ----------------------------------------------------------------------------------------


def run_equivalence(
    workdir: Path,
    files: Mapping[str, bytes],
    *,
    seed: int,
    batches: int,
    removals: int = 1,
    edits: int = 1,
    kinds: Sequence[str] = EDIT_KINDS,
    timeout: float = 900,
) -> EquivalenceRun:
    """Build A with `newsmon run` after each of `batches` steps of a random history of `files` (name -> bytes), B
    with one run over the same files (module docstring), and compare them. Everything is written under workdir.

    The whole history is planned first, so B's files are known before A's first run: B's run goes alongside A's
    (its own process, warehouse and Dagster home; the two share nothing but the CPU)."""
    steps = plan_history(
        list(files), seed, batches, removals=removals, edits=edits, kinds=kinds, groups=copy_groups(files)
    )
    rnd = random.Random(f"newsmon-equivalence-edits:{seed}")
    states: list[dict[str, Version | None]] = []  # what each step writes (None: the path leaves the raw directory)
    latest: dict[str, Version] = {}
    for number, step in enumerate(steps):
        mtime = BASE_MTIME + number * RUN_SPACING
        state: dict[str, Version | None] = dict.fromkeys(step.removed)
        for index, (path, kind) in enumerate(step.edited):
            state[path] = latest[path] = Version(edit_bytes(path, latest[path].data, kind, rnd), mtime + 1 + index)
        for path in step.added:
            state[path] = latest[path] = Version(files[path], mtime)
        states.append(state)
    raw_a, raw_b, archive = workdir / "raw_a", workdir / "raw_b", workdir / "archive"
    for folder in (raw_a, raw_b, archive):
        folder.mkdir(parents=True, exist_ok=True)
    for path, version in latest.items():
        write_version(raw_b / path, version)
    warehouse_a, warehouse_b = workdir / "a" / "news.duckdb", workdir / "b" / "news.duckdb"
    env_a = pipeline_env(make_dagster_home(workdir / "dagster_home_a"))
    env_b = pipeline_env(make_dagster_home(workdir / "dagster_home_b"))
    runs_a = []
    with LiveRun(raw_b, warehouse_b, env_b) as single:
        for state in states:
            for path, version in state.items():
                if version is None:  # archived: moved out of the raw directory, A keeps its article
                    (archive / path).parent.mkdir(parents=True, exist_ok=True)
                    shutil.move(raw_a / path, archive / path)
                else:
                    write_version(raw_a / path, version)
            runs_a.append(run_newsmon(raw_a, warehouse_a, env_a, timeout))
        run_b = single.wait(timeout)
    if run_b.lines:  # it was waited for only after A's runs: its own time ends with its last line
        run_b.seconds = run_b.lines[-1].at - single.started
    if not (warehouse_a.exists() and warehouse_b.exists()):
        comparison = Comparison(["a warehouse was not published"], {})
        return EquivalenceRun(
            seed, steps, latest, runs_a, run_b, warehouse_a, warehouse_b, comparison, StorySplit(0, 0, 0, 0, [], []), 0
        )
    return EquivalenceRun(
        seed,
        steps,
        latest,
        runs_a,
        run_b,
        warehouse_a,
        warehouse_b,
        compare(warehouse_a, warehouse_b, workdir),
        story_split(warehouse_a, warehouse_b),
        superseded_versions(warehouse_a),
    )


def run_random_history(workdir: Path, seed: int) -> EquivalenceRun:
    """One history of the many-seeds variant: the seeds and 25 generated files (30 paths, 36 articles, with exact
    duplicates and near-copies), 4 to 6 runs, 2 files archived and 3 edited on the way."""
    files = {**seed_files(), **generated_files(25)}
    return run_equivalence(workdir, files, seed=seed, batches=4 + seed % 3, removals=2, edits=3)


# --- the ledger alone -----------------------------------------------------------------------------------------------


def ingest_and_parse(raw_dir: Path, working_db: Path) -> None:
    """The ingest and parse stages on their own (their library functions, as the assets call them): enough for
    landing.record_status to decide every record, in a second instead of a whole run."""
    now = datetime.now(UTC).replace(tzinfo=None)
    with connect(working_db) as con:
        known = known_versions(con)
        files = scan_raw_dir(raw_dir, {path: k.file for path, k in known.items()})
        apply_ledger(con, plan_ledger(files, known, now), now)
        store_parsed(con, parse_articles(pending_documents(con, PARSER_VERSION), now=now), now)


def current_statuses(working_db: Path) -> list[tuple]:
    """The current records of every path as landing.record_status decides them: (path, record index, status,
    article id, whether that article is current, the title of its holder: what marts.articles shows)."""
    with duckdb.connect(str(working_db), read_only=True) as con:
        return con.execute(
            """
            select s.file_path, s.record_index, s.status, s.article_id, s.article_superseded_at is null, a.title
            from landing.record_status as s
            left join landing.record_status as h on h.article_id = s.article_id and h.status = 'article'
            left join landing.articles as a on a.text_sha256 = h.text_sha256
            where s.superseded_at is null
            order by all
            """
        ).fetchall()


def ledger_history(workdir: Path, steps: Sequence[Mapping[str, bytes | None]]) -> tuple[list[tuple], list[tuple]]:
    """A small history through the ingest and parse stages alone: each step writes files (None removes one) and is
    ingested into A; B ingests the latest bytes of every path once. current_statuses() of A and of B."""
    raw_a, raw_b = workdir / "raw_a", workdir / "raw_b"
    latest: dict[str, bytes] = {}
    for number, step in enumerate(steps):
        for path, data in step.items():
            if data is None:
                (raw_a / path).unlink()
            else:
                write_version(raw_a / path, Version(data, BASE_MTIME + number * RUN_SPACING))
                latest[path] = data
        ingest_and_parse(raw_a, workdir / "a.duckdb")
    raw_b.mkdir(parents=True, exist_ok=True)
    for path, data in latest.items():
        write_version(raw_b / path, Version(data, BASE_MTIME))
    ingest_and_parse(raw_b, workdir / "b.duckdb")
    return current_statuses(workdir / "a.duckdb"), current_statuses(workdir / "b.duckdb")


# --- corpora --------------------------------------------------------------------------------------------------------


def seed_files() -> dict[str, bytes]:
    """The five seed articles (frozen copies): one story told five times."""
    from evaluation.corpora import SEED_DIR

    return {path.name: path.read_bytes() for path in sorted(SEED_DIR.glob("*.txt"))}


def generated_files(count: int, start: int = 0) -> dict[str, bytes]:
    """Files `start`.. of the benchmark's deterministic stream (bench/generate.py): real news paragraphs in every
    metadata style, text, HTML, JSON and JSON Lines, with exact duplicates and near-copies among them."""
    from bench.generate import Stream

    return {generated.name: generated.data for generated in Stream().files(start, count)}
