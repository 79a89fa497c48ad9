"""Ingest stage: the files ledger."""

import dagster as dg

from orchestration.defs.clock import utc_now
from orchestration.defs.resources import WarehouseResource
from orchestration.lib.ingest.ledger import build_ledger
from orchestration.lib.ingest.scan import scan_raw_dir
from orchestration.lib.warehouse.landing import known_files, replace_ledger


@dg.asset(group_name="ingest", compute_kind="python")
def files_ledger(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Every file under the raw directory, hashed, decoded and classified as article, duplicate or quarantined."""
    now = utc_now()
    with warehouse.connect() as con:
        known, first_seen = known_files(con)
    records = scan_raw_dir(warehouse.raw_path, known)
    ledger = build_ledger(records, first_seen, now)
    texts = [(r.text_sha256, r.text) for r in records if r.text is not None and r.reason is None]
    with warehouse.connect() as con:
        new_texts = replace_ledger(con, ledger, texts, now)
    counts = dict(ledger.group_by("status").len().iter_rows())
    reread = sum(1 for r in records if not r.reused)
    context.log.info(
        f"ingest: {len(records)} files seen ({reread} read), {counts.get('article', 0)} articles, "
        f"{counts.get('duplicate', 0)} duplicates, {counts.get('quarantined', 0)} quarantined, {new_texts} new texts"
    )
    return dg.MaterializeResult(
        metadata={
            "files": len(records),
            "files_read": reread,
            "new_texts": new_texts,
            **{f"status_{k}": v for k, v in sorted(counts.items())},
        }
    )
