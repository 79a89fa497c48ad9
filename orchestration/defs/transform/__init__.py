"""Transform stage definitions."""

import sys
from functools import cached_property
from importlib.metadata import version as installed_version
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource
from packaging import version

from orchestration.defs.transform.assets import build_dbt_assets
from orchestration.defs.transform.project import dbt_project


class OfflineDbtCliResource(DbtCliResource):
    """dagster-dbt learns the dbt version by running `dbt --version`, which asks pypi.org for the latest release on
    every run. The installed dbt-core says the same without the network."""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(installed_version("dbt-core"))


def _dbt_executable() -> str:
    """The dbt installed beside this Python (the project's .venv), whether or not that venv is on PATH."""
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.exists() else "dbt"


def transform_definitions() -> dg.Definitions:
    """The dbt models, their tests as asset checks, and the dbt CLI resource."""
    return dg.Definitions(
        assets=[build_dbt_assets()],
        resources={
            "dbt": OfflineDbtCliResource(
                project_dir=dbt_project(),
                profiles_dir=str(dbt_project().profiles_dir),
                dbt_executable=_dbt_executable(),
            )
        },
    )
