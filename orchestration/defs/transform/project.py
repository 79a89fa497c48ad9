"""The dbt project as Dagster sees it, prepared lazily: no dbt parse at import time."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from dagster_dbt import DagsterDbtProjectPreparer, DbtProject

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


@cache
def dbt_project() -> DbtProject:
    """The dbt project with a manifest that is never older than its models (re-parsed when it is)."""
    project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
    manifest = project.manifest_path
    if not manifest.exists() or manifest.stat().st_mtime < _newest_source_mtime(project.project_dir):
        DagsterDbtProjectPreparer().prepare(project)
    return project
