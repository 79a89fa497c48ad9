"""Transform stage definitions."""

import dagster as dg

from orchestration.defs.transform.assets import build_dbt_assets
from orchestration.defs.transform.project import OfflineDbtCliResource, dbt_executable, dbt_project


def transform_definitions() -> dg.Definitions:
    """The dbt models, their tests as asset checks, and the dbt CLI resource."""
    return dg.Definitions(
        assets=[build_dbt_assets()],
        resources={
            "dbt": OfflineDbtCliResource(
                project_dir=dbt_project(),
                profiles_dir=str(dbt_project().profiles_dir),
                dbt_executable=dbt_executable(),
            )
        },
    )
