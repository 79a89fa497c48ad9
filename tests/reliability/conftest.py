"""Reliability tests: small by default (a few kills, one hostile run); `make reliability` runs the long version.

Knobs (environment): NEWSMON_RELIABILITY_KILLS (kill rounds, default 3), NEWSMON_RELIABILITY_SEED (kill delays),
NEWSMON_RELIABILITY_EXAMPLES (hypothesis examples, default 50), NEWSMON_RELIABILITY_BIG_MB (the huge file, 50),
NEWSMON_RELIABILITY_EQUIVALENCE_SEEDS (random run histories compared with one run, default 0: the fast one
always runs).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from reliability.hostile_corpus import HostileRun, run_hostile_corpus, unlock


def knob(name: str, default: int) -> int:
    return int(os.environ.get(f"NEWSMON_RELIABILITY_{name}", default))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: a long reliability test (deselect with -m 'not slow')")


@pytest.fixture(scope="session")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileRun]:
    """One `newsmon run` (a separate process, under the network guard) over the hostile corpus, which includes
    the SQL / Jinja / format-string files; shared by the hostile-corpus, injection and no-network tests."""
    workdir: Path = tmp_path_factory.mktemp("hostile")
    run = run_hostile_corpus(workdir, big_file_bytes=knob("BIG_MB", 50) * 1_000_000)
    yield run
    unlock(run.raw)  # mode-000 entries would stop pytest from cleaning its temp dirs
