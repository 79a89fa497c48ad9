"""Kill `newsmon run` with SIGKILL at chosen stages, again and again, then run it once more: the warehouse must equal,
row for row, the one a single clean run over the same files produces.

The raw directory is fixed (the seeds plus a duplicate, an empty file and a JSON export with a bad record). Kills come
in cycles on a fresh warehouse: each kill aims at a later stage than the one before (the stages already committed
are skipped by the next run, so every kill lands where there is work), waits for the line that opens that stage,
sleeps a random delay and SIGKILLs the run's whole process group (newsmon and its dbt subprocess). After every kill
the published file, if any, must be a complete state. Each cycle ends with one run to completion, whose published
marts and working database (landing caches and marts) must equal those of one clean run, wall-clock columns aside.
"""

from __future__ import annotations

import random
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from evaluation.corpora import SEED_DIR
from orchestration.lib.settings import working_db_for
from reliability.hostile_corpus import article_text
from reliability.runner import LiveRun, RunResult, make_dagster_home, pipeline_env, run_newsmon
from reliability.state import differences, observe_file, published_rows, working_rows


@dataclass(frozen=True)
class KillPoint:
    """Kill `delay` seconds (drawn uniformly) after the first output line that contains `marker`."""

    aim: str
    marker: str
    delay: tuple[float, float]


# In stage order; a cycle of fewer kills takes them by PRIORITY (the costly stages first), still in stage order.
KILL_POINTS = (
    KillPoint("start-up and ingest", "newsmon: ", (0.5, 8.0)),
    KillPoint("parse", "files_ledger - ingest:", (0.0, 1.0)),
    KillPoint("nlp", "parsed_articles - parse:", (0.0, 1.5)),
    KillPoint("after nlp (resolve, stories, dbt start-up)", "ner_mentions - nlp:", (0.0, 3.0)),
    KillPoint("dbt build", "Running dbt command", (0.3, 8.0)),
    # Recording the build and publishing take well under a second on an idle machine.
    KillPoint("record build and publish", "Finished dbt command", (0.0, 0.4)),
)
PRIORITY = (4, 0, 5, 2, 1, 3)


def plan(kills: int) -> list[list[KillPoint]]:
    """Kill points per cycle: full cycles of every point, then one cycle of the highest-priority rest."""
    cycles = [list(KILL_POINTS) for _ in range(kills // len(KILL_POINTS))]
    rest = kills % len(KILL_POINTS)
    if rest:
        cycles.append([KILL_POINTS[i] for i in sorted(PRIORITY[:rest])])
    return cycles


@dataclass
class Kill:
    cycle: int
    aim: str
    delay: float
    killed: bool  # False when the run ended before the kill (counted, not as a kill survived)
    stage: str  # the stage the run was in when it died, from its last stage line
    seconds: float
    published_violations: list[str] = field(default_factory=list)


@dataclass
class Cycle:
    """Kills on one warehouse, then one run to completion compared with the clean run."""

    warehouse: Path
    kills: list[Kill]
    final: RunResult
    published_differences: list[str]
    working_differences: list[str]

    @property
    def identical(self) -> bool:
        return self.final.returncode == 0 and not self.published_differences and not self.working_differences


@dataclass
class KillReport:
    cycles: list[Cycle]
    reference: RunResult
    published_tables: int = 0
    published_rows: int = 0

    @property
    def kills(self) -> list[Kill]:
        return [kill for cycle in self.cycles for kill in cycle.kills]

    @property
    def kills_landed(self) -> int:
        return sum(k.killed for k in self.kills)

    @property
    def kills_survived(self) -> int:
        """Kills after which the published file stayed complete and the rerun ended identical to a clean run."""
        return sum(k.killed and not k.published_violations for c in self.cycles if c.identical for k in c.kills)

    def stages(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for kill in self.kills:
            if kill.killed:
                counts[kill.stage] = counts.get(kill.stage, 0) + 1
        return counts


def seed_raw_dir(raw: Path) -> Path:
    """The five seed articles plus a duplicate, an empty file and a JSON export with a bad record."""
    raw.mkdir(parents=True, exist_ok=True)
    seeds = sorted(SEED_DIR.glob("*.txt"))  # the frozen copies: raw/ is the user's and may hold anything
    for seed in seeds:
        shutil.copy2(seed, raw / seed.name)
    (raw / "zz_copy_of_first_seed.txt").write_bytes(seeds[0].read_bytes().replace(b"\n", b"\r\n"))
    (raw / "empty.txt").write_bytes(b"")
    (raw / "export.jsonl").write_text(
        '{"title": "Export record", "maintext": "' + article_text(7000).replace("\n", "\\n") + '"}\n{"broken\n',
        encoding="utf-8",
    )
    return raw


def kill_once(raw: Path, warehouse: Path, env: dict[str, str], point: KillPoint, delay: float, timeout: float):
    """Start a run, SIGKILL it `delay` seconds after the aimed-at marker; (killed, stage, result)."""
    with LiveRun(raw, warehouse, env) as run:
        line = run.wait_for(point.marker, timeout=timeout)
        killed = False
        if line is not None:
            time.sleep(max(0.0, line.at + delay - time.monotonic()))
            killed = run.kill()
        result = run.wait(timeout)
    return killed, result.stage(before=run.killed_at) if killed else "finished before the kill", result


def run_kill_harness(workdir: Path, kills: int = 3, seed: int = 0, timeout: float = 900) -> KillReport:
    """`kills` SIGKILLs in cycles, each cycle then run to completion and compared with one clean run."""
    rnd = random.Random(seed)
    raw = seed_raw_dir(workdir / "raw")
    env = pipeline_env(make_dagster_home(workdir / "dagster_home"))
    clean = workdir / "clean" / "news.duckdb"
    reference = run_newsmon(raw, clean, env, timeout)
    expected_published = published_rows(clean) if clean.exists() else {}
    expected_working = working_rows(working_db_for(clean))
    cycles = []
    for number, points in enumerate(plan(kills)):
        warehouse = workdir / f"crashed_{number:02d}" / "news.duckdb"
        history = []
        for point in points:
            delay = rnd.uniform(*point.delay)
            killed, stage, result = kill_once(raw, warehouse, env, point, delay, timeout)
            observation = observe_file(warehouse)
            history.append(
                Kill(
                    number,
                    point.aim,
                    round(delay, 2),
                    killed,
                    stage,
                    round(result.seconds, 1),
                    observation.violations if observation else [],
                )
            )
        final = run_newsmon(raw, warehouse, env, timeout)
        cycles.append(
            Cycle(
                warehouse=warehouse,
                kills=history,
                final=final,
                published_differences=differences(
                    expected_published, published_rows(warehouse) if warehouse.exists() else {}
                ),
                working_differences=differences(expected_working, working_rows(working_db_for(warehouse))),
            )
        )
    return KillReport(
        cycles=cycles,
        reference=reference,
        published_tables=len(expected_published),
        published_rows=sum(len(rows) for rows in expected_published.values()),
    )
