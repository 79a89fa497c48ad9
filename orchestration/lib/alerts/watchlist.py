"""watchlist alerts: each new match of a saved query (marts.watchlist_matches) and each of its spikes
(marts.watchlist_spikes).

A match is alerted when its article's day is within MATCH_WINDOW_DAYS of the newest day the warehouse holds: a saved
query added to a warehouse of months of news would otherwise alert every old article it matches (those are in
marts.watchlist_matches and on the Trending page, not in the alerts file).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb

from orchestration.lib.alerts.file import make_alert

WATCHLIST_MATCH, WATCHLIST_SPIKE = "watchlist_match", "watchlist_spike"
MATCH_WINDOW_DAYS = 2

MATCHES_SQL = """
select matches.watchlist_name, matches.query, matches.article_id, matches.day, matches.source_domain, articles.title,
    articles.url
from marts.watchlist_matches as matches
inner join marts.articles as articles on matches.article_id = articles.article_id
where matches.day >= (select max(day) from marts.search_documents) - ?::integer
order by matches.day, matches.watchlist_name, matches.article_id
"""

SPIKES_SQL = """
select watchlist_name, day, match_count, baseline_mean, surprise, coverage_days, article_ids
from marts.watchlist_spikes
order by day, surprise desc, watchlist_name
"""


def watchlist_alerts(con: duckdb.DuckDBPyConnection, detected_at: datetime) -> list[dict[str, Any]]:
    """The recent matches and every spike of the saved queries as alerts (the file keeps those it does not hold)."""
    alerts = []
    for name, query, article_id, day, source, title, url in con.execute(MATCHES_SQL, [MATCH_WINDOW_DAYS]).fetchall():
        alerts.append(
            make_alert(
                WATCHLIST_MATCH,
                f"{name}/{article_id}",
                day,
                detected_at,
                watchlist_name=name,
                query=query,
                article_id=article_id,
                source_domain=source,
                title=title,
                url=url,
            )
        )
    for name, day, matches, baseline, surprise, coverage, article_ids in con.execute(SPIKES_SQL).fetchall():
        alerts.append(
            make_alert(
                WATCHLIST_SPIKE,
                name,
                day,
                detected_at,
                watchlist_name=name,
                match_count=matches,
                baseline_mean=round(baseline, 3),
                surprise=round(surprise, 2),
                coverage_days=coverage,
                article_ids=list(article_ids),
            )
        )
    return alerts
