"""Ingest stage: the files ledger."""

import dagster as dg

from orchestration.defs.clock import utc_now
from orchestration.defs.resources import WarehouseResource
from orchestration.lib.ingest.ledger import build_ledger, records_of
from orchestration.lib.ingest.scan import scan_raw_dir
from orchestration.lib.warehouse.landing import previous_scan, replace_ledger


@dg.asset(group_name="ingest", compute_kind="python")
def files_ledger(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Every file under the raw directory hashed, decoded and split into records (one per article; a JSON export
    has many), each classified as article, duplicate or quarantined."""
    now = utc_now()
    with warehouse.connect() as con:
        previous = previous_scan(con)
    files = scan_raw_dir(warehouse.raw_path, previous.files)
    split = [(file, records_of(file, previous.records)) for file in files]
    ledger = build_ledger(split, previous.first_seen, now)
    with warehouse.connect() as con:
        new_texts = replace_ledger(con, ledger, (r for _, records in split for r in records), now)
    counts = dict(ledger.group_by("status").len().iter_rows())
    reread = sum(1 for file in files if not file.reused)
    context.log.info(
        f"ingest: {len(files)} files seen ({reread} read), {ledger.height} records: {counts.get('article', 0)} "
        f"articles, {counts.get('duplicate', 0)} duplicates, {counts.get('quarantined', 0)} quarantined; "
        f"{new_texts} new texts"
    )
    return dg.MaterializeResult(
        metadata={
            "files": len(files),
            "records": ledger.height,
            "files_read": reread,
            "new_texts": new_texts,
            **{f"status_{k}": v for k, v in sorted(counts.items())},
        }
    )
