"""A reader of the published warehouse, in its own process, checking the invariants of a complete state in a loop.

    python -m reliability.reader_loop --warehouse W --stop-file S --out stats.json [--hold-open]

By default it opens the published file read-only, runs the invariant queries a few times on that connection and
opens it again (so it sees each new publication); with --hold-open it keeps one connection for its whole life (it
holds the file the pipeline replaces). It stops when the stop file exists and writes its counts as JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from reliability.hostile_corpus import article_text
from reliability.runner import (
    DAGSTER_STEP_LINE,
    PROJECT_ROOT,
    LiveRun,
    RunResult,
    make_dagster_home,
    pipeline_env,
    run_newsmon,
)
from reliability.state import INVARIANTS, observe, observe_file


@dataclass
class ReaderStats:
    observations: int = 0  # complete checks of a state (each runs every invariant query)
    queries: int = 0  # SQL statements answered
    opens: int = 0
    not_published_yet: int = 0
    errors: int = 0  # opens or queries that raised
    violations: int = 0  # observations of a state that broke an invariant
    samples: list[str] = field(default_factory=list)  # the first few errors and violations, verbatim
    fingerprints: dict[str, int] = field(default_factory=dict)  # state seen -> observations of it
    seconds: float = 0.0

    @classmethod
    def load(cls, path: Path) -> ReaderStats:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


# observe() runs the table listing, meta.build, every invariant, and three counts.
QUERIES_PER_OBSERVATION = 2 + len(INVARIANTS) + 3


MAX_SAMPLES = 20
# A short breath between observations: a dashboard polls, it does not spin (and the pipeline needs the CPU too).
PAUSE_SECONDS = 0.02


def _note(stats: ReaderStats, message: str, *, error: bool = True) -> None:
    stats.errors += error
    if len(stats.samples) < MAX_SAMPLES:
        stats.samples.append(message)


def read_until(
    warehouse: Path,
    stop_file: Path,
    *,
    hold_open: bool = False,
    per_connection: int = 5,
    pause: float = PAUSE_SECONDS,
    ready_file: Path | None = None,
) -> ReaderStats:
    stats = ReaderStats()
    seen: Counter[str] = Counter()
    started = time.monotonic()
    con: duckdb.DuckDBPyConnection | None = None
    try:
        while not stop_file.exists():
            if con is None:
                if not warehouse.exists():
                    stats.not_published_yet += 1
                    time.sleep(0.05)
                    continue
                try:
                    con = duckdb.connect(str(warehouse), read_only=True)
                    stats.opens += 1
                except duckdb.Error as exc:
                    _note(stats, f"open: {exc}")
                    time.sleep(0.05)
                    continue
            for _ in range(1 if hold_open else per_connection):
                try:
                    observation = observe(con)
                except duckdb.Error as exc:
                    _note(stats, f"query: {exc}")
                    break
                stats.observations += 1
                stats.queries += QUERIES_PER_OBSERVATION
                seen[str(observation.fingerprint)] += 1
                if observation.violations:
                    stats.violations += 1
                    _note(stats, f"{observation.fingerprint}: {observation.violations}", error=False)
                if ready_file is not None and not ready_file.exists():
                    ready_file.touch()
                time.sleep(pause)
            if not hold_open:
                con.close()
                con = None
    finally:
        if con is not None:
            con.close()
    stats.fingerprints = dict(seen)
    stats.seconds = time.monotonic() - started
    return stats


class ReaderProcess:
    """A reader loop in its own process (as a dashboard or an analyst would be), stopped through a file."""

    def __init__(self, warehouse: Path, workdir: Path, name: str, *, hold_open: bool = False) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        self.stop_file = workdir / f"{name}.stop"
        self.ready_file = workdir / f"{name}.ready"
        self.out = workdir / f"{name}.json"
        for path in (self.stop_file, self.ready_file, self.out):
            path.unlink(missing_ok=True)
        command = [sys.executable, "-m", "reliability.reader_loop", "--warehouse", str(warehouse)]
        command += ["--stop-file", str(self.stop_file), "--out", str(self.out), "--ready-file", str(self.ready_file)]
        self.process = subprocess.Popen(command + (["--hold-open"] if hold_open else []), cwd=PROJECT_ROOT)

    def wait_ready(self, timeout: float = 60) -> bool:
        """Whether the reader completed a first observation (False if it died or the time ran out)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            if self.ready_file.exists():
                return True
            time.sleep(0.05)
        return self.ready_file.exists()

    def stop(self, timeout: float = 60) -> ReaderStats:
        self.stop_file.touch()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        if self.process.returncode != 0 or not self.out.exists():
            raise RuntimeError(f"reader loop failed with exit code {self.process.returncode}")
        return ReaderStats.load(self.out)

    def __enter__(self) -> ReaderProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@dataclass
class ReaderReport:
    """Readers during runs: what they saw, what the runs did, and when each run's steps executed."""

    first: RunResult  # the run that published the state the readers start on
    runs: list[RunResult]  # the runs started together while the readers read
    readers: dict[str, ReaderStats]
    before: str | None  # fingerprint of the published state before the runs
    after: str | None  # and after
    windows: dict[str, tuple[float, float]]  # run id -> (first step start, last step end), from Dagster's event log

    @property
    def observations(self) -> int:
        return sum(r.observations for r in self.readers.values())

    @property
    def queries(self) -> int:
        return sum(r.queries for r in self.readers.values())

    def overlaps(self) -> list[tuple[str, str]]:
        spans = sorted(self.windows.items(), key=lambda item: item[1])
        return [(a, b) for (a, (_, end)), (b, (start, _)) in zip(spans, spans[1:], strict=False) if start < end]


def step_windows(dagster_home: Path, run_ids: list[str]) -> dict[str, tuple[float, float]]:
    """When each run's steps ran: from its first STEP_START to its last step outcome, in Dagster's event log."""
    import dagster as dg  # imported here: a reader process must start fast

    ends = {dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE, dg.DagsterEventType.STEP_SKIPPED}
    windows = {}
    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        for run_id in run_ids:
            starts, stops = [], []
            for entry in instance.all_logs(run_id):
                event = entry.dagster_event
                if event is None:
                    continue
                if event.event_type == dg.DagsterEventType.STEP_START:
                    starts.append(entry.timestamp)
                elif event.event_type in ends:
                    stops.append(entry.timestamp)
            if starts and stops:
                windows[run_id] = (min(starts), max(stops))
    return windows


def run_reader_scenario(workdir: Path, concurrent_runs: int = 2, timeout: float = 900) -> ReaderReport:
    """Publish the seeds, add an article, then start `concurrent_runs` runs at once on the same warehouse (as the
    schedule and the sensor can) while one reader reopens the published file in a loop and another holds it open."""
    raw = workdir / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for seed in sorted((PROJECT_ROOT / "raw").glob("*.txt")):
        shutil.copy2(seed, raw / seed.name)
    home = make_dagster_home(workdir / "dagster_home")
    env = pipeline_env(home)
    warehouse = workdir / "warehouse" / "news.duckdb"
    first = run_newsmon(raw, warehouse, env, timeout)
    before = observe_file(warehouse)
    (raw / "new_article.txt").write_text(article_text(4242), encoding="utf-8")
    with (
        ReaderProcess(warehouse, workdir / "readers", "reopening") as reopening,
        ReaderProcess(warehouse, workdir / "readers", "holding", hold_open=True) as holding,
    ):
        for reader in (reopening, holding):
            if not reader.wait_ready():
                raise RuntimeError("a reader never completed its first observation")
        live = [LiveRun(raw, warehouse, env) for _ in range(concurrent_runs)]
        try:
            runs = [run.wait(timeout) for run in live]
        finally:
            for run in live:
                run.__exit__()
        readers = {"reopening": reopening.stop(), "holding": holding.stop()}
    after = observe_file(warehouse)
    run_ids = [match["run"] for run in runs for match in _first_run_id(run)]
    return ReaderReport(
        first=first,
        runs=runs,
        readers=readers,
        before=before.fingerprint if before else None,
        after=after.fingerprint if after else None,
        windows=step_windows(home, run_ids),
    )


def _first_run_id(run: RunResult) -> list[re.Match[str]]:
    for line in run.lines:
        match = DAGSTER_STEP_LINE.search(line.text)
        if match:
            return [match]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", required=True, type=Path)
    parser.add_argument("--stop-file", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--ready-file", type=Path, help="touched after the first complete observation")
    parser.add_argument("--hold-open", action="store_true", help="one connection for the whole loop")
    args = parser.parse_args(argv)
    stats = read_until(args.warehouse, args.stop_file, hold_open=args.hold_open, ready_file=args.ready_file)
    args.out.write_text(json.dumps(asdict(stats), indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
