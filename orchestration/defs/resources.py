"""The warehouse resource: where raw files are read, where the pipeline builds, and where readers find the result."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from filelock import FileLock

from orchestration.defs.clock import utc_now
from orchestration.lib.settings import Settings, SettingsError, snapshot_db_for, validate_settings, working_db_for
from orchestration.lib.warehouse.connection import connect
from orchestration.lib.warehouse.snapshot import recover_if_damaged, unseal


class WarehouseResource(dg.ConfigurableResource):
    """Paths of the raw directory and the published DuckDB warehouse (absolute); the working database is beside it."""

    raw_dir: str
    path: str

    @property
    def raw_path(self) -> Path:
        return Path(self.raw_dir)

    @property
    def warehouse_path(self) -> Path:
        """The published copy: what readers, dashboards and analysts open."""
        return Path(self.path)

    @property
    def working_path(self) -> Path:
        """The pipeline's own database: landing tables and dbt's layers, never opened by readers."""
        return working_db_for(self.warehouse_path)

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[WarehouseResource]:
        """Hold the warehouse's lock for the whole run: runs from the CLI, schedule, sensor or UI never interleave.
        The paths are checked first, as `newsmon run` does, so a run from the UI cannot replace a foreign file."""
        try:
            validate_settings(Settings(raw_dir=self.raw_path, warehouse=self.warehouse_path))
        except SettingsError as exc:
            raise dg.Failure(str(exc)) from exc
        with FileLock(f"{self.warehouse_path}.lock"):
            # Before any stage opens it: a damaged working database is restored from the last green snapshot.
            message = recover_if_damaged(self.working_path, self.snapshot_path, utc_now(), trust_seal=True)
            if message is not None:
                context.log.warning(message)
            # Sealed again by the publish step of a green build; a run that stops before it leaves no seal.
            unseal(self.working_path)
            yield self

    @property
    def snapshot_path(self) -> Path:
        """The last green build's landing tables (see lib/warehouse/snapshot.py)."""
        return snapshot_db_for(self.warehouse_path)

    @contextmanager
    def connect(self, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short-lived connection to the working database; closed before dbt opens the same file."""
        with connect(self.working_path, read_only=read_only) as con:
            yield con
