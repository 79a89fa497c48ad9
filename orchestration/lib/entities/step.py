"""The resolve step: fold new names, resolve new alias keys, geocode new places, store it all in one transaction."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from orchestration.lib.entities.geocode import GEOCODED_TYPES, GEOCODER_VERSION, geocode_entities, referent
from orchestration.lib.entities.names import fold
from orchestration.lib.entities.resolve import NEW, RESOLVER_VERSION, NameUse, keys_to_read, resolve
from orchestration.lib.warehouse.entities import (
    current_name_counts,
    current_name_uses,
    geocoded_entities,
    known_alias_keys,
    known_aliases,
    pending_entity_names,
    pending_place_count,
    store_entities,
)


@dataclass(frozen=True)
class StepSummary:
    """What one run of the step added."""

    new_names: int = 0
    new_aliases: int = 0
    new_entities: int = 0
    merges: dict[str, int] = field(default_factory=dict)
    geocoded: int = 0
    placed: int = 0

    def line(self) -> str:
        merges = ", ".join(f"{count} {rule}" for rule, count in sorted(self.merges.items())) or "no merges"
        return (
            f"resolve: {self.new_names} new names, {self.new_aliases} new alias keys ({self.new_entities} new "
            f"entities; {merges}), {self.geocoded} entities geocoded ({self.placed} with a country)"
        )


def resolve_entities(con: duckdb.DuckDBPyConnection, now: datetime) -> StepSummary:
    """Resolve the names of current mentions not seen before and geocode LOC / NORP entities not placed yet.

    Nothing already decided is redone: existing names keep their alias key, keys their entity, and entities their
    place (until GEOCODER_VERSION changes).
    """
    pending = pending_entity_names(con)
    unplaced = pending_place_count(con, GEOCODED_TYPES, GEOCODER_VERSION)
    if not pending and not unplaced:
        return StepSummary()
    stored_keys = known_alias_keys(con)
    known = known_aliases(con)
    # Only the articles the decisions read (resolve.keys_to_read), so the step costs what is new, not what is stored;
    # every article when known entities wait for a place (a new geocoder version reads each with all its context).
    mentioning = None
    if not unplaced:
        wanted = keys_to_read(known, {(kind, fold(name)) for kind, name in pending})
        mentioning = [*pending, *(name for name, key in stored_keys.items() if (name[0], key) in wanted)]
    uses = [
        NameUse(u.article, u.entity_type, u.canonical_name, stored_keys.get((u.entity_type, u.canonical_name)))
        for u in current_name_uses(con, mentioning)
    ]
    decided = resolve(known, uses, referent=referent)
    entity_of = {(a.entity_type, a.alias_key): a.entity_id for a in [*known, *decided]}
    # Each place's names, most used first, counted over every current article (a place's name order is part of how
    # it is read, also when it is only the context of a new one).
    names: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, str] = {}
    for (kind, name), count in current_name_counts(con, GEOCODED_TYPES).items():
        entity_id = entity_of[(kind, stored_keys.get((kind, name)) or fold(name))]
        kinds[entity_id] = kind
        names[entity_id][name] += count
    articles: dict[str, set[str]] = defaultdict(set)
    for use in uses:
        if use.entity_type in GEOCODED_TYPES:
            articles[use.article].add(entity_of[use.key])
    entities = {e: (kinds[e], [n for n, _ in sorted(c.items(), key=lambda i: (-i[1], i[0]))]) for e, c in names.items()}
    targets = set(entities) - geocoded_entities(con, GEOCODER_VERSION)
    places = geocode_entities(targets, entities, articles) if targets else {}
    store_entities(
        con,
        [(kind, name, fold(name)) for kind, name in pending],
        decided,
        places,
        resolver_version=RESOLVER_VERSION,
        geocoder_version=GEOCODER_VERSION,
        now=now,
    )
    merges = Counter(a.rule for a in decided if a.rule != NEW)
    return StepSummary(
        new_names=len(pending),
        new_aliases=len(decided),
        new_entities=sum(a.rule == NEW for a in decided),
        merges=dict(merges),
        geocoded=len(places),
        placed=sum(p.country_code is not None for p in places.values()),
    )
