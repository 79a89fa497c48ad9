"""The resolve step: fold new names, resolve new alias keys, vote the entities' labels, geocode new places."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from orchestration.lib.entities.geocode import (
    GEOCODED_TYPES,
    GEOCODER_VERSION,
    Place,
    country_of,
    geocode_entities,
    referent,
)
from orchestration.lib.entities.labels import relabel
from orchestration.lib.entities.names import fold
from orchestration.lib.entities.resolve import NEW, RESOLVER_VERSION, Alias, Mentions, NameUse, keys_to_read, resolve
from orchestration.lib.warehouse.entities import (
    current_name_counts,
    current_name_uses,
    entity_labels,
    geocoded_entities,
    known_alias_keys,
    known_aliases,
    label_votes,
    pending_entity_names,
    pending_place_count,
    store_entities,
    store_labels,
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
    labelled: int = 0
    renamed: int = 0

    def line(self) -> str:
        merges = ", ".join(f"{count} {rule}" for rule, count in sorted(self.merges.items())) or "no merges"
        return (
            f"resolve: {self.new_names} new names, {self.new_aliases} new alias keys ({self.new_entities} new "
            f"entities; {merges}), {self.labelled} entities labelled ({self.renamed} renamed), "
            f"{self.geocoded} entities geocoded ({self.placed} with a country)"
        )


def resolve_entities(con: duckdb.DuckDBPyConnection, now: datetime) -> StepSummary:
    """Resolve the names of current mentions not seen before, vote the labels (name and type) of the entities whose
    votes changed, and geocode LOC / NORP entities not placed yet or whose type changed.

    Nothing already decided is redone: existing names keep their alias key, keys their entity, entities their label
    until another name or type wins (`labels.py`), and their place (until GEOCODER_VERSION or their type changes).
    Aliases, labels and places are each written in one transaction, in that order; a run killed in between leaves
    labels or places behind, and the next run, which reads what is missing, completes them.
    """
    pending = pending_entity_names(con)
    unplaced = pending_place_count(con, GEOCODED_TYPES, GEOCODER_VERSION)
    stored_keys = known_alias_keys(con)
    known = known_aliases(con) if pending or unplaced else []
    decided: list[Alias] = []
    mentions: Mentions | None = None
    if pending or unplaced:
        # Only the articles the decisions read (resolve.keys_to_read), so the step costs what is new, not what is
        # stored; every article when known entities wait for a place (a new geocoder version reads each with all its
        # context).
        mentioning = None
        if not unplaced:
            wanted = keys_to_read(known, {(kind, fold(name)) for kind, name in pending}, country=country_of)
            mentioning = [*pending, *(name for name, key in stored_keys.items() if (name[0], key) in wanted)]
        mentions = Mentions.of(_uses(con, stored_keys, mentioning))
        decided = resolve(known, mentions, referent=referent, country=country_of)
        store_entities(
            con,
            [(kind, name, fold(name)) for kind, name in pending],
            decided,
            {},
            resolver_version=RESOLVER_VERSION,
            geocoder_version=GEOCODER_VERSION,
            now=now,
        )

    current, votes = label_votes(con)
    labels, changes = relabel(current, votes, known=lambda kind, name: referent(kind, fold(name)) is not None)
    store_labels(con, labels, changes, now)
    retyped = {
        label.entity_id
        for label in labels
        if label.entity_id in current and current[label.entity_id].entity_type != label.entity_type
    }

    places: dict = {}
    if decided or unplaced or retyped:
        places = _geocode(con, stored_keys, [*known, *decided], mentions, retyped)
        store_entities(
            con, [], [], places, resolver_version=RESOLVER_VERSION, geocoder_version=GEOCODER_VERSION, now=now
        )
    merges = Counter(a.rule for a in decided if a.rule != NEW)
    return StepSummary(
        new_names=len(pending),
        new_aliases=len(decided),
        new_entities=sum(a.rule == NEW for a in decided),
        merges=dict(merges),
        geocoded=len(places),
        placed=sum(p.country_code is not None for p in places.values()),
        labelled=len(labels),
        renamed=len(changes),
    )


def _uses(
    con: duckdb.DuckDBPyConnection,
    stored_keys: dict[tuple[str, str], str],
    mentioning: list[tuple[str, str]] | None,
) -> Iterator[NameUse]:
    """The current name uses (of the articles mentioning one of `mentioning`), with their stored alias keys; streamed
    (`current_name_uses`)."""
    for u in current_name_uses(con, mentioning):
        yield NameUse(
            u.article, u.entity_type, u.canonical_name, stored_keys.get((u.entity_type, u.canonical_name)), u.owner
        )


def _geocode(
    con: duckdb.DuckDBPyConnection,
    stored_keys: dict[tuple[str, str], str],
    aliases: list[Alias],
    mentions: Mentions | None,
    retyped: set[str],
) -> dict[str, Place]:
    """Places of the LOC / NORP entities without one by this geocoder version, and of those whose type changed.

    An entity is read as its labelled type when that is LOC or NORP, else as the place type most of its names were
    tagged with ("Western" labelled NORP is read as a demonym)."""
    if not aliases:
        aliases = known_aliases(con)
    entity_of = {(a.entity_type, a.alias_key): a.entity_id for a in aliases}
    # Each place's names, most used first, counted over every current article (a place's name order is part of how
    # it is read, also when it is only the context of a new one).
    names: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for (kind, name), count in current_name_counts(con, GEOCODED_TYPES).items():
        entity_id = entity_of[(kind, stored_keys.get((kind, name)) or fold(name))]
        kinds[entity_id][kind] += count
        names[entity_id][name] += count
    labelled = entity_labels(con, names)
    if mentions is None:  # only retyped entities to place again: the articles that name them are their context
        retyped_names = [(kind, name) for e in retyped for kind in kinds[e] for name in names[e]]
        mentions = Mentions.of(_uses(con, stored_keys, retyped_names))
    articles: dict[str, set[str]] = defaultdict(set)
    for key, mentioned_in in mentions.articles_of.items():
        if key[0] in GEOCODED_TYPES:
            for article in mentioned_in:
                articles[article].add(entity_of[key])

    def kind_of(entity_id: str) -> str:
        if labelled.get(entity_id) in GEOCODED_TYPES:
            return labelled[entity_id]
        return min(kinds[entity_id].items(), key=lambda item: (-item[1], item[0]))[0]

    entities = {
        e: (kind_of(e), [n for n, _ in sorted(c.items(), key=lambda i: (-i[1], i[0]))]) for e, c in names.items()
    }
    targets = (set(entities) - geocoded_entities(con, GEOCODER_VERSION)) | (retyped & set(entities))
    return geocode_entities(targets, entities, articles) if targets else {}
