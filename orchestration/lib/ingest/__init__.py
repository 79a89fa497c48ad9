"""Files-ledger library: decode scraped files and scan the raw directory (plain functions, no Dagster)."""

from orchestration.lib.ingest.decoding import Decoded, decode_bytes
from orchestration.lib.ingest.scan import FileRecord, KnownFile, scan_raw_dir

__all__ = ["Decoded", "FileRecord", "KnownFile", "decode_bytes", "scan_raw_dir"]
