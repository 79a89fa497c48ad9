"""What the marts call an entity and what kind of thing they say it is: one name and one type per entity, voted
over the articles that mention it, and kept until another wins clearly.

An entity gathers alias keys that may have been typed differently in different articles ("Western" tagged as a group
in one, as a place in another) and spelled differently ("Abdourahamane Tchiani" / "Abdourahamane Tiani"). Its label
is stored (landing.entity_labels) and only changes by these rules, so one new article never renames or retypes it:

- **Name.** Each name counts the current articles that use it. The first label takes the name most articles use
  (ties: the longer, then the alphabetically first). Afterwards a name replaces the label's only when it is used in
  at least NAME_SWITCH_RATIO times as many articles *and* NAME_SWITCH_MARGIN more than the label's name; or when no
  current article uses the label's name any more (its articles were forgotten or re-annotated). Every change is
  recorded with its reason (landing.entity_name_changes, marts.entity_name_changes).
- **Type.** Each type counts the current articles that tag the entity with it; the most articles win. A tie goes to
  the type under which the name is known (`known`: a demonym is a group, NORP; a gazetteer place is a place, LOC),
  then to the first of TYPE_ORDER. The type is a function of the votes alone, so it changes only when the articles'
  majority does, and a warehouse built article by article types an entity as one built in a single run does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

NAME_SWITCH_RATIO = 1.5
NAME_SWITCH_MARGIN = 2
# Ties between types no name knows: a person or organisation before a group, a group before a place ("Western",
# "Sahelian": adjectives of peoples more often than places), then the rest.
TYPE_ORDER = ("PERSON", "ORG", "NORP", "LOC", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE")


@dataclass(frozen=True)
class Label:
    """One row of landing.entity_labels: the name and type the marts show for an entity."""

    entity_id: str
    canonical_name: str
    entity_type: str


@dataclass(frozen=True)
class NameChange:
    """One row of landing.entity_name_changes."""

    entity_id: str
    old_name: str
    new_name: str
    reason: str


@dataclass(frozen=True)
class Votes:
    """How many current articles use each name of an entity, and tag it with each type."""

    names: Mapping[str, int]
    types: Mapping[str, int]


def _articles(count: int) -> str:
    return f"{count} article{'' if count == 1 else 's'}"


def choose_name(current: str | None, names: Mapping[str, int]) -> tuple[str, str | None]:
    """(name, reason for a change or None): the label's name after these votes (see the module docstring)."""
    leader, leading = min(names.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))
    if current is None or current == leader:
        return leader, None
    held = names.get(current, 0)
    if held == 0:
        return leader, f"no current article names it {current!r}; {leader!r} in {_articles(leading)}"
    if leading >= NAME_SWITCH_RATIO * held and leading - held >= NAME_SWITCH_MARGIN:
        return leader, (
            f"{leader!r} in {_articles(leading)}, {current!r} in {_articles(held)} (a new name needs "
            f"{NAME_SWITCH_RATIO:g} times as many articles and {NAME_SWITCH_MARGIN} more)"
        )
    return current, None


def choose_type(types: Mapping[str, int], known: Callable[[str], bool] = lambda _: False) -> str:
    """The label's type after these votes: the most articles; a tie goes to a type `known` says the name is known
    as, then to the first of TYPE_ORDER."""
    most = max(types.values())
    tied = sorted(t for t, count in types.items() if count == most)
    if len(tied) == 1:
        return tied[0]
    order = {t: i for i, t in enumerate(TYPE_ORDER)}
    return min(tied, key=lambda t: (not known(t), order.get(t, len(order)), t))


def _known_as(known: Callable[[str, str], bool], name: str, entity_type: str) -> bool:
    return known(entity_type, name)


def relabel(
    current: Mapping[str, Label],
    votes: Mapping[str, Votes],
    known: Callable[[str, str], bool] = lambda _type, _name: False,
) -> tuple[list[Label], list[NameChange]]:
    """The labels that are new or differ from `current` after `votes` (entity id -> votes of its current
    articles), and the name changes among them. `known(entity_type, name)` says whether a name is known as that
    type (see `geocode.referent`); it only breaks ties."""
    labels, changes = [], []
    for entity_id in sorted(votes):
        vote = votes[entity_id]
        if not vote.names or not vote.types:
            continue
        before = current.get(entity_id)
        name, reason = choose_name(before.canonical_name if before else None, vote.names)
        entity_type = choose_type(vote.types, partial(_known_as, known, name))
        label = Label(entity_id, name, entity_type)
        if label == before:
            continue
        labels.append(label)
        if before is not None and reason is not None:
            changes.append(NameChange(entity_id, before.canonical_name, name, reason))
    return labels, changes
