"""Crash safety: `newsmon run` SIGKILLed in different stages, then run again, leaves the warehouse equal, row for row,
to what one clean run over the same files builds; the published file is a complete state after every kill.

Default: 3 kills in one cycle (start-up, dbt build, build record / publish). NEWSMON_RELIABILITY_KILLS=20 for more.
Marked slow (five pipeline runs, about 2.5 minutes): `make test` leaves it out to stay under 10 minutes on 2 cores;
`make reliability` runs the kill harness with 20 kills, and `pytest tests/reliability/test_kill_and_rerun.py` this
variant.
"""

from __future__ import annotations

import pytest

from reliability.kill_harness import KillReport, run_kill_harness
from reliability.state import observe_file
from tests.reliability.conftest import knob

KILLS = knob("KILLS", 3)
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> KillReport:
    return run_kill_harness(tmp_path_factory.mktemp("kills"), kills=KILLS, seed=knob("SEED", 0))


def test_the_kills_landed_in_different_stages(report: KillReport):
    summary = [(k.aim, k.stage, k.killed, k.delay) for k in report.kills]
    assert report.kills_landed == KILLS, summary
    assert len(report.stages()) >= min(KILLS, 3), summary


def test_the_published_file_was_complete_after_every_kill(report: KillReport):
    assert [(k.cycle, k.stage, k.published_violations) for k in report.kills if k.published_violations] == []


def test_the_run_after_the_kills_succeeds(report: KillReport):
    assert report.reference.returncode == 0, report.reference.output[-3000:]
    for cycle in report.cycles:
        assert cycle.final.returncode == 0, cycle.final.output[-3000:]


def test_the_published_marts_equal_a_clean_run_row_for_row(report: KillReport):
    assert report.published_rows > 100
    assert [c.published_differences for c in report.cycles if c.published_differences] == []


def test_the_working_database_equals_a_clean_run_row_for_row(report: KillReport):
    """Landing caches and marts too: no duplicate rows, no orphan mentions, nothing half-written left over."""
    assert [c.working_differences for c in report.cycles if c.working_differences] == []


def test_the_final_state_satisfies_every_invariant(report: KillReport):
    for cycle in report.cycles:
        observation = observe_file(cycle.warehouse)
        assert observation is not None and observation.violations == []


def test_no_publication_leftovers(report: KillReport):
    for cycle in report.cycles:
        assert [p.name for p in cycle.warehouse.parent.iterdir() if "publishing" in p.name] == []
