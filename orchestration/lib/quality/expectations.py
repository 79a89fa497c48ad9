"""Great Expectations suites, in code, for the tables Python writes: one expectation per guarded property."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

# Must be set before great_expectations is imported: it reads the switch at import time.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.expectations.row_conditions import Column

# Dates up to a day ahead are allowed: a UTC+14 outlet publishes "tomorrow" by UTC.
FUTURE_TOLERANCE = timedelta(days=1)
# The world's zones run from UTC-12:00 (Baker Island) to UTC+14:00 (Line Islands).
MIN_UTC_OFFSET_MINUTES = -12 * 60
MAX_UTC_OFFSET_MINUTES = 14 * 60
FILE_STATUSES = ["article", "duplicate", "quarantined"]
SHA256_REGEX = r"^[0-9a-f]{64}$"
# The reason a reader gives a file it failed on (orchestration/lib/ingest/limits.internal_error_reason).
INTERNAL_ERROR_REGEX = r"^internal error: "
# The start of a bot wall's quarantine reason (orchestration/lib/parsing/botwall.REASON_PREFIX).
BOT_WALL = "bot wall"


@dataclass(frozen=True)
class CheckContext:
    """Facts known only at check time that some expectations compare against."""

    now: datetime
    raw_file_count: int


@dataclass(frozen=True)
class Property:
    """One guarded property: its check name, a sentence for the UI, and how to build its expectation.
    A blocking property stops downstream assets when it fails; a non-blocking one is a counted warning."""

    name: str
    description: str
    build: Callable[[CheckContext], gxe.Expectation]
    blocking: bool = True


@dataclass(frozen=True)
class Outcome:
    success: bool
    unexpected_count: int
    sample: list[str]


FILES_LEDGER = [
    Property(
        "every_raw_file_is_in_the_ledger",
        "Every file that was under the raw directory when the ledger scanned is in the ledger.",
        lambda c: gxe.ExpectColumnUniqueValueCountToBeBetween(
            # No maximum: a file deleted after the scan keeps its row until the next run.
            column="file_path",
            min_value=c.raw_file_count,
        ),
    ),
    Property(
        "record_keys_are_unique",
        "No record of a file is listed twice.",
        lambda c: gxe.ExpectCompoundColumnsToBeUnique(column_list=["file_path", "record_index"]),
    ),
    Property(
        "file_status_is_known",
        "Every file is an article, a duplicate or quarantined.",
        lambda c: gxe.ExpectColumnValuesToBeInSet(column="status", value_set=FILE_STATUSES),
    ),
    Property(
        "quarantined_files_have_a_reason",
        "A quarantined file always says why.",
        lambda c: gxe.ExpectColumnValuesToNotBeNull(column="reason", row_condition=Column("status") == "quarantined"),
    ),
    Property(
        "readable_files_have_a_text_hash",
        "Articles and duplicates carry the hash of their text.",
        lambda c: gxe.ExpectColumnValuesToMatchRegex(
            column="text_sha256", regex=SHA256_REGEX, row_condition=Column("status") != "quarantined"
        ),
    ),
    Property(
        "no_reader_failed",
        "Warns with a count when a file was quarantined for an internal error: a bug in a reader, not a bad file.",
        lambda c: gxe.ExpectColumnValuesToNotMatchRegex(column="reason", regex=INTERNAL_ERROR_REGEX),
        blocking=False,
    ),
]

PARSED_ARTICLES = [
    Property(
        "texts_parse_without_error",
        "Warns with a count when a parser failed on a text (its files are quarantined with the error as reason); a "
        "bot wall is a bad file, not a failure (its reason starts with 'bot wall').",
        # Null values pass a regex expectation: every stated error must be a bot wall's.
        lambda c: gxe.ExpectColumnValuesToMatchRegex(column="parse_error", regex=f"^{BOT_WALL}"),
        blocking=False,
    ),
    Property(
        "stated_dates_are_parsed",
        "Warns with a count when a stated date was impossible or in the future and was stored as NULL.",
        lambda c: gxe.ExpectColumnValuesToNotBeNull(
            column="published_at", row_condition=Column("published_at_text").is_not_null()
        ),
        blocking=False,
    ),
    Property(
        "article_texts_are_unique",
        "One parsed row per article text.",
        lambda c: gxe.ExpectColumnValuesToBeUnique(column="text_sha256"),
    ),
    Property(
        "body_is_a_string",
        "Every parsed article has a body (empty means quarantine downstream).",
        lambda c: gxe.ExpectColumnValuesToNotBeNull(column="body"),
    ),
    Property(
        "word_count_matches_body",
        "Articles with text have words; empty bodies have none.",
        lambda c: gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="body_length", column_B="word_count", or_equal=True
        ),
    ),
    Property(
        "published_at_is_not_in_the_future",
        "No publication date lies more than a day ahead.",
        lambda c: gxe.ExpectColumnValuesToBeBetween(column="published_at", max_value=c.now + FUTURE_TOLERANCE),
    ),
    Property(
        "local_time_is_utc_plus_offset",
        "The stated local time is the UTC time moved by the stated offset (by none when no zone is stated).",
        lambda c: gxe.ExpectColumnValuesToBeInSet(column="local_time_matches_utc", value_set=[True]),
    ),
    Property(
        "utc_offset_is_a_real_zone",
        "A stated zone lies between UTC-12:00 and UTC+14:00.",
        lambda c: gxe.ExpectColumnValuesToBeBetween(
            column="published_utc_offset_minutes", min_value=MIN_UTC_OFFSET_MINUTES, max_value=MAX_UTC_OFFSET_MINUTES
        ),
    ),
    Property(
        "authors_spell_out_author",
        "The authors list holds the names of the author string, in order; both are NULL or neither.",
        lambda c: gxe.ExpectColumnValuesToBeInSet(column="authors_match_author", value_set=[True]),
    ),
    Property(
        "source_domain_is_lower_case_domain",
        "Source domains are lower-case registrable domains.",
        lambda c: gxe.ExpectColumnValuesToMatchRegex(column="source_domain", regex=r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+$"),
    ),
]

ENTITY_MENTIONS = [
    Property(
        "mention_keys_are_unique",
        "One row per (body, mention index).",
        lambda c: gxe.ExpectCompoundColumnsToBeUnique(column_list=["body_sha256", "mention_index"]),
    ),
    Property(
        "mention_starts_inside_body",
        "Every mention starts at or after offset 0.",
        lambda c: gxe.ExpectColumnValuesToBeBetween(column="char_start", min_value=0),
    ),
    Property(
        "mention_ends_inside_body",
        "Every mention ends within its body.",
        lambda c: gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="body_length", column_B="char_end", or_equal=True
        ),
    ),
    Property(
        "mention_is_not_empty",
        "Every mention spans at least one character.",
        lambda c: gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="char_end", column_B="char_start"),
    ),
    Property(
        "mention_offsets_match_text",
        "The body at a mention's offsets is the mention's text.",
        lambda c: gxe.ExpectColumnValuesToBeInSet(column="offsets_match_text", value_set=[True]),
    ),
    Property(
        "mention_has_entity_type",
        "Every mention has an entity type and a canonical name.",
        lambda c: gxe.ExpectColumnValuesToNotBeNull(column="entity_type"),
    ),
    Property(
        "sentence_index_is_not_negative",
        "Sentence indexes count from zero.",
        lambda c: gxe.ExpectColumnValuesToBeBetween(column="sentence_index", min_value=0),
    ),
]


@cache
def _batch_definition():
    # Ephemeral context: suites live in this module, nothing is written to disk, nothing is sent anywhere.
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas("newsmon")
    return source.add_dataframe_asset("frame").add_batch_definition_whole_dataframe("whole")


def validate(frame: pd.DataFrame, expectation: gxe.Expectation) -> Outcome:
    """Run one expectation on a pandas frame and summarise what failed."""
    return validate_all(frame, [expectation])[0]


def validate_all(frame: pd.DataFrame, expectations: list[gxe.Expectation]) -> list[Outcome]:
    """Run each expectation on one batch of the frame (Great Expectations hashes a frame each time it makes a batch
    of it: one batch per property took 0.9 s of a +100 run into 30,000 files)."""
    batch = _batch_definition().get_batch(batch_parameters={"dataframe": frame})
    return [_outcome(batch.validate(expectation)) for expectation in expectations]


def _outcome(result) -> Outcome:
    details = result.result or {}
    unexpected = details.get("unexpected_count")
    if unexpected is None and not result.success:
        unexpected = 1
    sample = [str(v) for v in (details.get("partial_unexpected_list") or [])[:5]]
    if not result.success and "observed_value" in details:
        sample.append(f"observed {details['observed_value']}")
    return Outcome(success=bool(result.success), unexpected_count=int(unexpected or 0), sample=sample)
