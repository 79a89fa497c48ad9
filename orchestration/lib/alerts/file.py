"""Append-only JSON Lines alerts, each written once across runs.

An alert is a dict whose `alert_id` is a hash of its kind, key and day (make_alert): the same spike of the same entity
on the same day has the same id in every run, so the file is deduplicated by id against what it already holds, and an
alert is never written twice, also when a run died after writing and the next one finds the same alerts again. A run
killed in the middle of a write can leave a last line without its newline: that line was never complete, so it is cut
off before anything is read or appended, and its alert is written again whole. Every append is flushed to disk
(fsync) before the run goes on.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from orchestration.lib.warehouse.publish import fsync_path


def alert_id(kind: str, key: str, day: date | str) -> str:
    """A stable id for one alert: the same kind, key (an entity id, a watchlist name) and day give the same id."""
    day_text = day.isoformat() if isinstance(day, date) else str(day)
    return hashlib.sha256(f"{kind}\x1f{key}\x1f{day_text}".encode()).hexdigest()[:20]


def make_alert(kind: str, key: str, day: date, detected_at: datetime, **fields: Any) -> dict[str, Any]:
    """An alert as a JSON-ready dict: id, kind, key, day and detection time (UTC) first, then the kind's own fields."""
    return {
        "alert_id": alert_id(kind, key, day),
        "kind": kind,
        "key": key,
        "day": day.isoformat(),
        "detected_at": detected_at.replace(microsecond=0).isoformat() + "Z",
        **fields,
    }


def read_alerts(path: Path) -> list[dict[str, Any]]:
    """The alerts the file holds, in file order (a missing file holds none). A torn last line is cut off first; a
    complete line that is not a JSON object with an alert_id (edited by hand) is kept in the file and skipped."""
    alerts = []
    for line in _complete_lines(path).splitlines():
        try:
            alert = json.loads(line)
        except ValueError:
            continue
        if isinstance(alert, dict) and isinstance(alert.get("alert_id"), str):
            alerts.append(alert)
    return alerts


def append_alerts(path: Path, alerts: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Append, in the order given, the alerts whose alert_id the file does not hold yet (nor an earlier alert of this
    call), in one write flushed to disk. Returns the alerts written."""
    known = {alert["alert_id"] for alert in read_alerts(path)}
    new = []
    for alert in alerts:
        if alert["alert_id"] not in known:
            known.add(alert["alert_id"])
            new.append(alert)
    if not new:
        return []
    data = "".join(json.dumps(alert, ensure_ascii=False, separators=(", ", ": ")) + "\n" for alert in new)
    created = not path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        view = memoryview(data.encode("utf-8"))
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:
        fsync_path(path.parent)
    return new


def _complete_lines(path: Path) -> str:
    """The file's text up to its last newline; anything after it (a line torn by a kill) is truncated away."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return ""
    if data and not data.endswith(b"\n"):
        data = data[: data.rfind(b"\n") + 1]
        with open(path, "r+b") as handle:
            handle.truncate(len(data))
            handle.flush()
            os.fsync(handle.fileno())
    return data.decode("utf-8", errors="replace")
