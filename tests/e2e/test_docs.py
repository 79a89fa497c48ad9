"""`make docs` writes dbt's documentation as one static page that opens from disk, and prints where it is."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from orchestration.lib.settings import PROJECT_ROOT


def test_make_docs_prints_the_path_of_a_self_contained_page_with_the_public_mart_names(tmp_path: Path):
    # As a user's shell would run it: not inside the project's venv (whose python3 has no uv).
    venv_bin = str(Path(sys.executable).parent)
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if p != venv_bin)
    env = {**os.environ, "PATH": path, "NEWSMON_WAREHOUSE": str(tmp_path / "warehouse" / "news.duckdb")}
    env.pop("VIRTUAL_ENV", None)
    result = subprocess.run(
        ["make", "-s", "docs"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    (url,) = re.findall(r"file://(\S+static_index\.html)", result.stdout)
    page = Path(url).read_text(encoding="utf-8")
    # The manifest is inside the page (nothing fetched beside it, so it opens from disk), marts under their public
    # relation names and with their descriptions.
    assert '"relation_name": "\\"' in page or '"relation_name":"\\"' in page
    assert '\\"marts\\".\\"articles\\"' in page
    assert "marts.articles: one row per distinct article" in page
    # Without a built warehouse the docs still build (empty catalog), and no warehouse folder is created for it.
    assert not (tmp_path / "warehouse").exists()
