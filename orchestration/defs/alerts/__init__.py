"""Alerts stage definitions."""

import dagster as dg

from orchestration.defs.alerts.assets import alerts_file


def alerts_definitions() -> dg.Definitions:
    """The alerts file beside the published warehouse."""
    return dg.Definitions(assets=[alerts_file])
