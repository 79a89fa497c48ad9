"""One notion of "now" for the stages: naive UTC, as stored in DuckDB TIMESTAMP columns."""

from datetime import UTC, datetime


def utc_now() -> datetime:
    """Current time in UTC without tzinfo (DuckDB TIMESTAMP is zone-less; the warehouse is UTC throughout)."""
    return datetime.now(UTC).replace(tzinfo=None)
