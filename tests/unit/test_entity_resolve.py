"""The incremental resolver: explainable merges, the merges that must never happen, and ids that never change."""

from __future__ import annotations

import pytest

from evaluation.entity_resolution_cases import RESOLUTION_CASES, ResolutionCase, run_case
from orchestration.lib.entities.geocode import referent
from orchestration.lib.entities.names import entity_id_for, fold
from orchestration.lib.entities.resolve import (
    FUZZY_SURNAME,
    NEW,
    TRANSLITERATION,
    Alias,
    NameUse,
    resolve,
)


def uses(article: str, *names: tuple[str, str]) -> list[NameUse]:
    return [NameUse(article, kind, name) for kind, name in names]


def by_key(aliases: list[Alias]) -> dict[tuple[str, str], Alias]:
    return {(a.entity_type, a.alias_key): a for a in aliases}


NIGER_1 = uses(
    "a1",
    ("PERSON", "Abdourahamane Tchiani"),
    ("PERSON", "Vladimir Putin"),
    ("LOC", "Niger"),
    ("ORG", "al-Qaida"),
)
NIGER_2 = uses(
    "a2",
    ("PERSON", "Abdourahamane Tiani"),
    ("PERSON", "Vladimir Putin"),
    ("LOC", "Niger"),
    ("ORG", "al-Qaeda"),
    ("ORG", "Al Qaeda"),
    ("PERSON", "Putin"),
)


@pytest.mark.parametrize("case", RESOLUTION_CASES, ids=lambda c: f"{c.first}|{c.second}")
def test_every_hard_case_resolves_as_expected(case: ResolutionCase):
    outcome = run_case(case)
    assert outcome.merged == case.same, (outcome.rule, outcome.evidence)


def test_tchiani_and_tiani_are_one_general_by_an_explained_rule():
    known = resolve([], NIGER_1)
    added = by_key(resolve(known, NIGER_1 + NIGER_2))
    tiani = added[("PERSON", "abdourahamane tiani")]
    assert tiani.entity_id == by_key(known)[("PERSON", "abdourahamane tchiani")].entity_id
    assert tiani.rule == FUZZY_SURNAME
    assert "tiani~tchiani" in tiani.evidence and "Vladimir Putin" in tiani.evidence


def test_al_qaida_spellings_join_and_a_bare_surname_stays_apart():
    known = resolve([], NIGER_1)
    added = by_key(resolve(known, NIGER_1 + NIGER_2))
    qaida = by_key(known)[("ORG", "al qaida")].entity_id
    assert added[("ORG", "al qaeda")].entity_id == qaida
    assert added[("ORG", "al qaeda")].rule == TRANSLITERATION
    assert added[("PERSON", "putin")].entity_id != by_key(known)[("PERSON", "vladimir putin")].entity_id
    assert added[("PERSON", "putin")].rule == NEW


def test_keys_of_one_batch_are_decided_most_mentioned_first():
    articles = NIGER_1 + uses("a3", ("PERSON", "Abdourahamane Tiani"), ("LOC", "Niger"))
    articles += uses("a4", ("PERSON", "Abdourahamane Tiani"), ("LOC", "Niger"))
    decided = by_key(resolve([], articles))
    tiani, tchiani = decided[("PERSON", "abdourahamane tiani")], decided[("PERSON", "abdourahamane tchiani")]
    assert tiani.rule == NEW and tiani.entity_id == entity_id_for("PERSON", "abdourahamane tiani")
    assert tchiani.rule == FUZZY_SURNAME and tchiani.entity_id == tiani.entity_id


def test_resolving_again_adds_nothing_and_new_names_never_change_existing_ids():
    first = resolve([], NIGER_1)
    assert resolve(first, NIGER_1) == []
    ids = {(a.entity_type, a.alias_key): a.entity_id for a in first}
    later = uses(
        "a9",
        ("PERSON", "Abdourahamane Tchiani"),
        ("PERSON", "Mohamed Bazoum"),
        ("LOC", "Niamey"),
        ("ORG", "Al-Qaïda"),
    )
    added = resolve(first, NIGER_1 + later)
    assert {(a.entity_type, a.alias_key) for a in added} == {("PERSON", "mohamed bazoum"), ("LOC", "niamey")}
    assert all((a.entity_type, a.alias_key) not in ids for a in added)
    for alias in first:
        assert by_key(first + added)[(alias.entity_type, alias.alias_key)] == alias


def test_names_that_fold_alike_are_one_alias_key():
    decided = resolve([], uses("a1", ("PERSON", "Touadéra"), ("PERSON", "TOUADERA"), ("PERSON", "Touadera")))
    assert [(a.alias_key, a.rule) for a in decided] == [("touadera", NEW)]
    assert decided[0].canonical_name in {"Touadéra", "TOUADERA", "Touadera"}


def test_names_of_two_known_places_or_demonyms_never_merge_as_spellings():
    decided = by_key(
        resolve(
            [],
            uses("a1", ("LOC", "Niger"), ("LOC", "Nigeria"), ("NORP", "Nigerien"))
            + uses("a2", ("NORP", "Nigerian"), ("LOC", "Niger")),
            referent=referent,
        )
    )
    assert decided[("LOC", "niger")].entity_id != decided[("LOC", "nigeria")].entity_id
    assert decided[("NORP", "nigerian")].entity_id != decided[("NORP", "nigerien")].entity_id


def test_numbers_and_dates_never_merge_by_similarity():
    decided = resolve([], uses("a1", ("DATE", "2019"), ("DATE", "2018"), ("CARDINAL", "two"), ("CARDINAL", "tow")))
    assert {a.rule for a in decided} == {NEW} and len({a.entity_id for a in decided}) == 4


def test_fold_is_the_key_of_every_decided_alias():
    for alias in resolve([], NIGER_1 + NIGER_2):
        assert alias.alias_key == fold(alias.canonical_name)
