"""Start `newsmon run` as its own process, as a user, the schedule or the sensor would, and watch its output.

Every run gets its own process group, so a kill reaches the dbt subprocess too (what a container stop, the OOM killer
of a cgroup or a power cut do), and its output lines are timestamped as they arrive so a harness can act on a stage.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DAGSTER_YAML = PROJECT_ROOT / ".dagster_home" / "dagster.yaml"

# Lines the run prints, in order (regular expressions), and the stage the run is in once the line has appeared.
STAGE_MARKERS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), stage)
    for pattern, stage in (
        (r"^newsmon: /.* -> /", "start-up and ingest"),
        (r"files_ledger - ingest:", "parse"),
        (r"parsed_articles - parse:", "nlp"),
        (r"ner_mentions - nlp:", "after nlp (resolve, stories, dbt start-up)"),
        (r"Running dbt command", "dbt build"),
        (r"Finished dbt command", "record build and publish"),
        (r"published_warehouse - publish:", "summary"),
        (r"^newsmon: (?!/)", "exit (summary printed)"),
    )
)

# A Dagster log line: "<time> - dagster - INFO - <job> - <run id> - <step key> - <message>".
DAGSTER_STEP_LINE = re.compile(r" - dagster - \w+ - \w+ - (?P<run>[0-9a-f-]{36}) - (?P<step>[\w.\[\]-]+) - ")
KNOWN_STEPS = frozenset(
    {"files_ledger", "parsed_articles", "ner_mentions", "newsmon_dbt_models", "published_warehouse"}
)


def make_dagster_home(path: Path) -> Path:
    """A throw-away Dagster instance with the project's settings (telemetry off, queued runs)."""
    path.mkdir(parents=True, exist_ok=True)
    shutil.copy(DAGSTER_YAML, path / "dagster.yaml")
    return path


def pipeline_env(
    dagster_home: Path, *, extra: Mapping[str, str] | None = None, drop: Sequence[str] = ()
) -> dict[str, str]:
    """The environment of a run: this interpreter's bin directory first on PATH (dbt lives there), a private
    Dagster home, unbuffered output, and no NEWSMON_* leaking in from the caller (paths are given as flags)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMON_") and k not in drop}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["DAGSTER_HOME"] = str(dagster_home)
    env["PYTHONUNBUFFERED"] = "1"
    if "DBT_SEND_ANONYMOUS_USAGE_STATS" not in drop:
        env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    env.update(extra or {})
    return env


def newsmon_command(raw_dir: Path, warehouse: Path) -> list[str]:
    """`newsmon run -v --force` through this interpreter (the console script is the same function). Verbose: the
    harness times its kills and reads step windows from Dagster's and dbt's lines, which a quiet run keeps in its log
    file. Forced: every run goes through the stages and the publication under test, even when nothing changed."""
    return [
        *(sys.executable, "-m", "orchestration.cli", "run", "-v", "--force"),
        *("--raw-dir", str(raw_dir), "--warehouse", str(warehouse)),
    ]


@dataclass
class Line:
    at: float  # time.monotonic() when the line arrived
    text: str


@dataclass
class RunResult:
    returncode: int | None
    seconds: float
    lines: list[Line] = field(default_factory=list)
    killed: bool = False

    @property
    def output(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def stage(self, before: float | None = None) -> str:
        """The stage the run was in at `before` (default: at its end), from the last stage line printed by then."""
        stage = "interpreter start-up"
        for line in self.lines:
            if before is not None and line.at > before:
                break
            for marker, entered in STAGE_MARKERS:
                if marker.search(line.text):
                    stage = entered
                    break
            else:
                step = DAGSTER_STEP_LINE.search(line.text)
                if step and step["step"] not in KNOWN_STEPS:
                    stage = f"after a line of step {step['step']}"
        return stage


class LiveRun:
    """A running `newsmon run`: output collected line by line, markers awaited, killable as a whole group."""

    def __init__(self, raw_dir: Path, warehouse: Path, env: Mapping[str, str]) -> None:
        self.started = time.monotonic()
        self.lines: list[Line] = []
        self._changed = threading.Condition()
        self.killed_at: float | None = None
        self.process = subprocess.Popen(
            newsmon_command(raw_dir, warehouse),
            cwd=PROJECT_ROOT,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for text in self.process.stdout:
            with self._changed:
                self.lines.append(Line(time.monotonic(), text.rstrip("\n")))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def wait_for(self, marker: str, timeout: float) -> Line | None:
        """The first line containing `marker`, or None if the run ended (or the timeout passed) without one."""
        deadline = time.monotonic() + timeout
        seen = 0
        with self._changed:
            while True:
                for line in self.lines[seen:]:
                    if marker in line.text:
                        return line
                seen = len(self.lines)
                remaining = deadline - time.monotonic()
                if remaining <= 0 or (self.process.poll() is not None and not self._reader.is_alive()):
                    return None
                self._changed.wait(min(remaining, 0.2))

    def kill(self) -> bool:
        """SIGKILL the whole process group (newsmon and its dbt subprocess); False if the run had already ended."""
        if self.process.poll() is not None:
            return False
        self.killed_at = time.monotonic()
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            return False
        return True

    def wait(self, timeout: float = 900) -> RunResult:
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            self.process.wait()
            raise
        finally:
            self._reader.join(timeout=10)
        return RunResult(
            returncode=self.process.returncode,
            seconds=time.monotonic() - self.started,
            lines=list(self.lines),
            killed=self.killed_at is not None,
        )

    def __enter__(self) -> LiveRun:
        return self

    def __exit__(self, *exc: object) -> None:
        # Never leave a run behind: a failing test must not keep a pipeline writing in the background.
        if self.process.poll() is None:
            self.kill()
            self.process.wait()


def run_newsmon(raw_dir: Path, warehouse: Path, env: Mapping[str, str], timeout: float = 900) -> RunResult:
    """One complete run, to its end."""
    with LiveRun(raw_dir, warehouse, env) as run:
        return run.wait(timeout)
