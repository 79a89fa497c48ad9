"""Ingest stage: the files ledger."""

import dagster as dg

from orchestration.defs.clock import utc_now
from orchestration.defs.resources import WarehouseResource
from orchestration.lib.ingest.ledger import plan_ledger
from orchestration.lib.ingest.scan import iter_raw_dir
from orchestration.lib.settings import retention_days
from orchestration.lib.warehouse.forget import apply_retention
from orchestration.lib.warehouse.landing import DocumentWriter, apply_ledger, known_versions, record_counts

# Written by `newsmon forget` and by the retention pass below. dagster-dbt allows one dbt source per asset key, so it
# is an external asset downstream of files_ledger (reported materialized with it).
DELETIONS_KEY = dg.AssetKey(["landing", "deletions"])


@dg.asset(group_name="ingest", compute_kind="python")
def files_ledger(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Every file under the raw directory in the ledger's history: new files and new versions of changed files are
    hashed, decoded and split into records (one per article; a JSON export has many); unchanged files cost a stat;
    files that left keep their rows, marked removed."""
    now = utc_now()
    with warehouse.connect() as con:
        known = known_versions(con)
        # Texts are stored as the scan reads them, a batch at a time; the ledger's rows after, in one transaction.
        documents = DocumentWriter(con, now)
        files = iter_raw_dir(warehouse.raw_path, {path: k.file for path, k in known.items()})
        changes = plan_ledger(files, known, now, texts=documents.add)
        documents.flush()
        new_texts = documents.stored + apply_ledger(con, changes, now)
        # Retention is the one deletion a run makes, and only when NEWSMON_RETENTION_DAYS asks for it.
        expired = apply_retention(con, retention_days(), now)
        counts = record_counts(con)
    # One line: the terminal shows a stage's last "ingest: ..." message only.
    retention = "" if expired is None else f"; retention: {expired.line()}"
    context.log.info(
        f"ingest: {changes.files_seen} files seen ({changes.files_read} read): {changes.new_versions} new or changed, "
        f"{len(changes.removed)} removed, {len(changes.returned)} returned; {new_texts} new texts{retention}"
    )
    context.log_event(dg.AssetMaterialization(DELETIONS_KEY, metadata={"retention": bool(expired)}))
    return dg.MaterializeResult(
        metadata={
            "files": changes.files_seen,
            "files_read": changes.files_read,
            "new_versions": changes.new_versions,
            "superseded": len(changes.superseded),
            "removed": len(changes.removed),
            "returned": len(changes.returned),
            "new_texts": new_texts,
            **{f"records_{k}": v for k, v in sorted(counts.items())},
        }
    )


deletions_table = dg.AssetSpec(
    DELETIONS_KEY,
    deps=[files_ledger],
    group_name="ingest",
    description="landing.deletions: the audit of `newsmon forget` and retention passes.",
)
