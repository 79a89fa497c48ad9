"""Readers never block the pipeline and never see a partial state; runs on one warehouse never interleave.

One scenario, shared by the tests: the seeds are published; an article is added; two `newsmon run` processes start
at the same moment on the same warehouse and Dagster instance (as the schedule and the sensor can), while one reader
process reopens the published file in a loop and another holds one connection open throughout.
"""

from __future__ import annotations

import pytest

from orchestration.defs.automation import WAREHOUSE_TAG, newsmon_job
from reliability.reader_loop import ReaderReport, run_reader_scenario
from reliability.runner import DAGSTER_YAML

# Three pipeline runs and two reader processes: `make reliability` runs the scenario (with three concurrent runs) and
# reports it in RELIABILITY.md; `make test` leaves it out to stay within its time.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> ReaderReport:
    return run_reader_scenario(tmp_path_factory.mktemp("readers"), concurrent_runs=2)


def test_both_concurrent_runs_succeed(scenario: ReaderReport):
    assert scenario.first.returncode == 0, scenario.first.output[-3000:]
    for run in scenario.runs:
        assert run.returncode == 0, run.output[-3000:]


def test_their_steps_never_overlap(scenario: ReaderReport):
    assert len(scenario.windows) == 2, scenario.windows
    assert scenario.overlaps() == []


def test_readers_only_ever_saw_complete_states(scenario: ReaderReport):
    for name, stats in scenario.readers.items():
        assert stats.observations > 0, name
        assert (stats.errors, stats.violations) == (0, 0), (name, stats.samples)


def test_readers_saw_the_old_state_then_the_new_one_and_nothing_else(scenario: ReaderReport):
    assert scenario.before and scenario.after and scenario.before != scenario.after
    reopening, holding = scenario.readers["reopening"], scenario.readers["holding"]
    assert set(reopening.fingerprints) == {scenario.before, scenario.after}
    # The reader that kept the old file open kept reading the old, complete state; the run was not blocked by it.
    assert set(holding.fingerprints) == {scenario.before}


def test_the_job_is_queued_one_run_per_warehouse():
    """Schedule and sensor runs go through the daemon's queue: one run at a time per warehouse tag."""
    config = DAGSTER_YAML.read_text(encoding="utf-8")
    assert "QueuedRunCoordinator" in config
    key = next(iter(WAREHOUSE_TAG))
    assert f"key: {key}" in config and "limit: 1" in config
    assert newsmon_job.tags.get(key) == WAREHOUSE_TAG[key]
