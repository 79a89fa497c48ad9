"""Which Great Expectations properties guard which Python-made table, which rows they read, and how far each table
has been validated: a run validates the rows written since the table's last green validation, `newsmon check
--full` every row."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from orchestration.lib.quality.claim_expectations import CLAIMS
from orchestration.lib.quality.entity_expectations import RESOLVED_ENTITIES
from orchestration.lib.quality.expectations import (
    ENTITY_MENTIONS,
    FILES_LEDGER,
    PARSED_ARTICLES,
    CheckContext,
    Outcome,
    Property,
    validate_all,
)
from orchestration.lib.quality.raw_files import count_raw_files
from orchestration.lib.quality.story_expectations import STORY_ASSIGNMENTS
from orchestration.lib.warehouse.claims import claims_frame
from orchestration.lib.warehouse.connection import transaction
from orchestration.lib.warehouse.entities import resolved_mentions_frame
from orchestration.lib.warehouse.landing import (
    BodyPart,
    current_articles_frame,
    current_mentions_frame,
    last_scan_time,
    ledger_frame,
    mention_row_estimate,
)
from orchestration.lib.warehouse.stories import story_assignments_frame

# Mention rows validated at a time, about: a first validation of 30,000 articles read 1.6 million mentions into one
# pandas frame per suite (430 MB at 10,000 articles), growing with the warehouse.
PART_ROWS = 200_000


@dataclass(frozen=True)
class Suite:
    """The properties of one asset's table and how to load its rows (all of them, or those written since a time).

    A suite with `estimate` loads and validates its rows in parts of about PART_ROWS (`load` then takes the part of
    the bodies to read): its properties must hold body by body, as those of mention rows do (a mention's key is
    unique within its body)."""

    asset: str
    properties: Sequence[Property]
    load: Callable[..., pd.DataFrame]
    estimate: Callable[[duckdb.DuckDBPyConnection, datetime | None], int] | None = None

    def parts(self, con: duckdb.DuckDBPyConnection, since: datetime | None) -> list[BodyPart | None]:
        count = 1 if self.estimate is None else -(-self.estimate(con, since) // PART_ROWS)
        return [None] if count <= 1 else [(index, count) for index in range(count)]

    @property
    def version(self) -> str:
        """Changes when a property is added, removed or reworded, so the changed suite sees every row once."""
        text = "\n".join(f"{p.name}:{p.description}:{p.blocking}" for p in self.properties)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


SUITES = (
    Suite("files_ledger", FILES_LEDGER, ledger_frame),
    Suite("parsed_articles", PARSED_ARTICLES, current_articles_frame),
    Suite("ner_mentions", ENTITY_MENTIONS, current_mentions_frame, mention_row_estimate),
    Suite("resolved_entities", RESOLVED_ENTITIES, resolved_mentions_frame, mention_row_estimate),
    Suite("story_assignments", STORY_ASSIGNMENTS, story_assignments_frame),
    Suite("claims", CLAIMS, claims_frame),
)
SUITES_BY_ASSET = {suite.asset: suite for suite in SUITES}


@dataclass(frozen=True)
class SuiteOutcome:
    suite: Suite
    since: datetime | None  # None: every row was validated
    rows: int
    outcomes: list[tuple[Property, Outcome]]

    @property
    def blocking_passed(self) -> bool:
        return all(outcome.success for prop, outcome in self.outcomes if prop.blocking)


def validated_through(con: duckdb.DuckDBPyConnection, suite: Suite) -> datetime | None:
    """When the table was last validated green by this very suite (None: never, or by another version of it)."""
    row = con.execute(
        "select validated_through from landing.validations where asset = ? and suite_version = ?",
        [suite.asset, suite.version],
    ).fetchone()
    return row[0] if row else None


def mark_validated(con: duckdb.DuckDBPyConnection, suite: Suite, through: datetime) -> None:
    """Record that every row written before `through` passed the suite's blocking checks."""
    with transaction(con):
        con.execute("delete from landing.validations where asset = ?", [suite.asset])
        con.execute("insert into landing.validations values (?, ?, ?)", [suite.asset, suite.version, through])


def check_context(con: duckdb.DuckDBPyConnection, raw_dir: Path, now: datetime) -> CheckContext:
    """The facts the expectations compare against. Files are owed a ledger entry only if they were there when the
    ledger last scanned."""
    scanned = last_scan_time(con)
    changed_before = None if scanned is None else scanned.replace(tzinfo=UTC).timestamp()
    return CheckContext(now=now, raw_file_count=count_raw_files(raw_dir, changed_before))


def validate_suite(
    con: duckdb.DuckDBPyConnection, suite: Suite, context: CheckContext, *, full: bool = False
) -> SuiteOutcome:
    """Validate the rows written since the table's last green validation (every row if `full` or never validated):
    one load of the table, then each property on it."""
    since = None if full else validated_through(con, suite)
    expectations = [prop.build(context) for prop in suite.properties]
    rows, parts = 0, []
    for part in suite.parts(con, since):
        frame = suite.load(con, since) if part is None else suite.load(con, since, part)
        rows += len(frame)
        parts.append(validate_all(frame, expectations))
        del frame  # before the next part is loaded
    outcomes = [(prop, merged([results[i] for results in parts])) for i, prop in enumerate(suite.properties)]
    return SuiteOutcome(suite, since, rows, outcomes)


def merged(outcomes: list[Outcome]) -> Outcome:
    """One property's outcome over the parts of a table."""
    return Outcome(
        success=all(o.success for o in outcomes),
        unexpected_count=sum(o.unexpected_count for o in outcomes),
        sample=[value for o in outcomes for value in o.sample][:5],
    )
