"""entity_spike alerts: one per row of marts.entity_spikes, named from marts.entities."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb

from orchestration.lib.alerts.file import make_alert

ENTITY_SPIKE = "entity_spike"

SPIKES_SQL = """
select
    spikes.entity_id, spikes.day, entities.canonical_name, entities.entity_type, spikes.mention_count,
    spikes.article_count, spikes.baseline_mean, spikes.surprise, spikes.coverage_days, spikes.article_ids
from marts.entity_spikes as spikes
inner join marts.entities as entities on spikes.entity_id = entities.entity_id
order by spikes.day, spikes.surprise desc, spikes.entity_id
"""


def entity_spike_alerts(con: duckdb.DuckDBPyConnection, detected_at: datetime) -> list[dict[str, Any]]:
    """Every spike of marts.entity_spikes as an alert (the file keeps only those it does not hold), oldest day first
    and, within a day, the largest surprise first."""
    alerts = []
    for row in con.execute(SPIKES_SQL).fetchall():
        entity_id, day, name, entity_type, mentions, articles, baseline, surprise, coverage, article_ids = row
        alerts.append(
            make_alert(
                ENTITY_SPIKE,
                entity_id,
                day,
                detected_at,
                entity_id=entity_id,
                name=name,
                entity_type=entity_type,
                mention_count=mentions,
                article_count=articles,
                baseline_mean=round(baseline, 3),
                surprise=round(surprise, 2),
                coverage_days=coverage,
                article_ids=list(article_ids),
            )
        )
    return alerts
