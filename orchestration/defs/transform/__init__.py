"""Transform stage definitions."""

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.defs.transform.assets import build_dbt_assets
from orchestration.defs.transform.project import dbt_project


def transform_definitions() -> dg.Definitions:
    """The dbt models, their tests as asset checks, and the dbt CLI resource."""
    return dg.Definitions(
        assets=[build_dbt_assets()],
        resources={"dbt": DbtCliResource(project_dir=dbt_project(), profiles_dir=str(dbt_project().profiles_dir))},
    )
