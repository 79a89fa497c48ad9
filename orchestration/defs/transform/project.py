"""The dbt project as Dagster sees it, prepared lazily: no dbt parse at import time."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from functools import cache, cached_property
from importlib.metadata import version as installed_version
from pathlib import Path

from dagster_dbt import DagsterDbtProjectPreparer, DbtCliResource, DbtProject
from packaging import version

from orchestration.lib.settings import DBT_PROJECT_DIR

_SOURCES = ("dbt_project.yml", "models", "macros", "seeds", "tests")


def _source_paths(project_dir: Path) -> list[Path]:
    return [p for name in _SOURCES for p in [project_dir / name, *(project_dir / name).rglob("*")]]


def _newest_source_mtime(project_dir: Path) -> float:
    return max(p.stat().st_mtime for p in _source_paths(project_dir) if p.exists())


def project_source_hash(project_dir: Path = DBT_PROJECT_DIR) -> str:
    """Hash of every dbt source file: a changed model or test means the marts must be rebuilt."""
    digest = hashlib.sha256()
    files = sorted(p for p in _source_paths(project_dir) if p.is_file())
    for path in files:
        digest.update(path.relative_to(project_dir).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def dbt_executable() -> str:
    """The dbt installed beside this Python (the project's .venv), whether or not that venv is on PATH."""
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.exists() else "dbt"


class OfflineDbtCliResource(DbtCliResource):
    """dagster-dbt learns the dbt version by running `dbt --version`, which asks pypi.org for the latest release on
    every run. The installed dbt-core says the same without the network."""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        """dagster-dbt loads dbt's profile and DuckDB adapter into this process before every invocation, for row
        counts and column metadata, which newsmon does not fetch: 3.3 s of each run at 30,000 files. Without it the
        events stream as dbt writes them."""
        return None


class LocalDbtProjectPreparer(DagsterDbtProjectPreparer):
    """Parses the manifest with the project's own dbt: the stock preparer looks for `dbt` on PATH, so
    `.venv/bin/newsmon run` outside an activated venv failed before its first stage."""

    def _prepare_manifest(self, project: DbtProject) -> None:
        resource = OfflineDbtCliResource(project_dir=project, dbt_executable=dbt_executable())
        resource.cli(self._prepare_project_cli_args, target_path=project.target_path).wait()
        self._invalidate_seeds_in_partial_parse(project)


@cache
def dbt_project() -> DbtProject:
    """The dbt project with a manifest that is never older than its models (re-parsed when it is)."""
    project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
    manifest = project.manifest_path
    if not manifest.exists() or manifest.stat().st_mtime < _newest_source_mtime(project.project_dir):
        LocalDbtProjectPreparer().prepare(project)
    return project
