"""Where a run's full output goes (a log file per run), and the history of runs that `newsmon status` reads."""

from __future__ import annotations

import io
import json
import os
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

# CSI sequences (colours, cursor moves) that dbt and Dagster write for terminals; a log file gets plain text.
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
RUN_HISTORY = "runs.jsonl"
# Enough to look back over a week of hourly runs; older logs are removed as new ones are written.
KEEP_LOGS = 200


def strip_ansi(text: str) -> str:
    return ANSI_ESCAPE.sub("", text)


class LogTee(io.TextIOBase):
    """A text stream that writes everything to the run's log file (without colour codes) and, when verbose, echoes
    it to the terminal as well."""

    def __init__(self, log: TextIO, echo: TextIO | None = None) -> None:
        self._log = log
        self._echo = echo

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        # Libraries that colour a terminal's output ask this: colour codes are for a person watching, not a file.
        return False

    def write(self, text: str) -> int:
        self._log.write(strip_ansi(text))
        if self._echo is not None:
            self._echo.write(text)
        return len(text)

    def flush(self) -> None:
        self._log.flush()
        if self._echo is not None:
            self._echo.flush()


def new_log_path(log_dir: Path, started_at: datetime) -> Path:
    """run-20261205T072301Z.log (one file per run, sortable by name); older ones beyond KEEP_LOGS are removed."""
    log_dir.mkdir(parents=True, exist_ok=True)
    stamp = f"{started_at:%Y%m%dT%H%M%SZ}"
    path = log_dir / f"run-{stamp}.log"
    number = 1
    while path.exists():
        number += 1
        path = log_dir / f"run-{stamp}-{number}.log"
    for old in sorted(log_dir.glob("run-*.log"))[:-KEEP_LOGS]:
        old.unlink(missing_ok=True)
    return path


@dataclass
class RunRecord:
    """One line of the run history: when, how long, whether it was green, and what failed."""

    started_at: str
    seconds: float
    success: bool
    log_file: str
    failed_checks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failed_steps: list[str] = field(default_factory=list)
    summary: dict[str, int] = field(default_factory=dict)
    # True when `newsmon run` found nothing changed since the last successful run and started no stage.
    unchanged: bool = False


def append_run(log_dir: Path, record: RunRecord) -> None:
    """Add a run to the history; one line written and synced, so a kill leaves the earlier lines intact."""
    log_dir.mkdir(parents=True, exist_ok=True)
    with open(log_dir / RUN_HISTORY, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(asdict(record), sort_keys=True) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def last_run(log_dir: Path) -> RunRecord | None:
    """The newest complete line of the history (a line cut short by a kill is skipped)."""
    path = log_dir / RUN_HISTORY
    if not path.exists():
        return None
    for line in reversed(path.read_text(encoding="utf-8").splitlines()):
        try:
            return RunRecord(**json.loads(line))
        except (ValueError, TypeError):
            continue
    return None
