"""Shared fixtures: a private Dagster home, seed files, and a warehouse built once from the seeds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from evaluation.corpora import SEED_DIR as SEEDS_DIR
from orchestration.lib.settings import PROJECT_ROOT, Settings, resolve_settings


@pytest.fixture(scope="session", autouse=True)
def dagster_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Runs of the tests go to a throw-away Dagster instance (telemetry off, as in the project's own home)."""
    home = tmp_path_factory.mktemp("dagster_home")
    shutil.copy(PROJECT_ROOT / ".dagster_home" / "dagster.yaml", home / "dagster.yaml")
    os.environ["DAGSTER_HOME"] = str(home)
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    # The dbt unit tests check the models' SQL, the same in every fixture's build: they run once, in
    # tests/e2e/test_pipeline.py (test_the_dbt_unit_tests_pass), not in every build from scratch of the suite.
    os.environ["NEWSMON_DBT_UNIT_TESTS"] = "0"
    return home


def copy_seeds(target: Path) -> Path:
    """A raw directory holding the five seed articles."""
    target.mkdir(parents=True, exist_ok=True)
    for seed in sorted(SEEDS_DIR.glob("*.txt")):
        shutil.copy2(seed, target / seed.name)
    return target


@pytest.fixture
def seed_settings(tmp_path: Path) -> Settings:
    """Settings for a fresh warehouse over a private copy of the seeds."""
    return resolve_settings(copy_seeds(tmp_path / "raw"), tmp_path / "warehouse" / "news.duckdb")
