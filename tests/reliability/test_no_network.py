"""`newsmon run` makes no network connection: not itself, not dbt, not a library phoning home.

The guard is a sitecustomize.py first on PYTHONPATH, so it is loaded by the newsmon process and by every Python
process it starts (dbt runs in a subprocess); it fails and records every Internet connect and name lookup. The run
is started without the telemetry switches (DBT_SEND_ANONYMOUS_USAGE_STATS, GX_ANALYTICS_ENABLED) in its environment:
the pipeline must turn them off itself. Non-Python programs would not be covered; the pipeline starts none.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reliability import netguard
from reliability.hostile_corpus import HostileRun


def test_the_run_attempted_no_network_connection(hostile_run: HostileRun):
    attempts = [(a["event"], a["target"], a["argv"], "".join(a["stack"][-3:])) for a in hostile_run.guard.attempts]
    assert attempts == []


def test_the_guard_was_active_in_newsmon_and_in_dbt(hostile_run: HostileRun):
    argvs = [" ".join(map(str, p["argv"])) for p in hostile_run.guard.processes]
    assert any("run -v --force" in argv for argv in argvs), argvs
    assert hostile_run.guard.dbt_guarded, argvs
    assert hostile_run.result.returncode == 0


def test_the_guard_blocks_and_records_connections_in_children_and_grandchildren(tmp_path: Path):
    """Control: the guard does catch a connection, also two processes down."""
    log = tmp_path / "guard.jsonl"
    env = netguard.guard_env(dict(os.environ), netguard.install(tmp_path / "guard"), log)
    grandchild = "import socket; socket.socket().connect_ex(('192.0.2.1', 9))"
    child = (
        "import socket, subprocess, sys\n"
        "try:\n    socket.create_connection(('192.0.2.1', 80), timeout=1)\nexcept OSError as exc:\n    print(exc)\n"
        "try:\n    socket.getaddrinfo('pypi.org', 443)\nexcept OSError as exc:\n    print(exc)\n"
        f"subprocess.run([sys.executable, '-c', {grandchild!r}])\n"
    )
    subprocess.run([sys.executable, "-c", child], env=env, capture_output=True, timeout=60)
    log_entries = netguard.read_log(log)
    assert len(log_entries.processes) == 2
    assert [a["event"] for a in log_entries.attempts] == ["create_connection", "getaddrinfo", "connect_ex"]
