"""The incremental resolver: explainable merges, the merges that must never happen, and ids that never change."""

from __future__ import annotations

import pytest

from evaluation.entity_resolution_cases import OTHER_CONTEXT, RESOLUTION_CASES, SHARED_CONTEXT, ResolutionCase, run_case
from orchestration.lib.entities.geocode import country_of, referent
from orchestration.lib.entities.names import entity_id_for, fold
from orchestration.lib.entities.resolve import (
    FUZZY_SURNAME,
    NEW,
    ORGANISATION,
    SAME_NAME,
    TRANSLITERATION,
    Alias,
    NameUse,
    keys_to_read,
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


FILLER = uses("f1", ("PERSON", "Marta Lindqvist"), ("LOC", "Tromsø"), ("ORG", "Harbour Authority")) + uses(
    "f2", ("PERSON", "Marta Lindqvist"), ("ORG", "Harbour Authority"), ("LOC", "Bergen")
)


def only_articles_read(known: list[Alias], every: list[NameUse]) -> list[NameUse]:
    """The uses of the articles that mention a key keys_to_read names, as the resolve step loads them."""
    known_keys = {(a.entity_type, a.alias_key) for a in known}
    wanted = keys_to_read(known, {use.key for use in every} - known_keys)
    articles = {use.article for use in every if use.key in wanted}
    return [use for use in every if use.article in articles]


@pytest.mark.parametrize("case", RESOLUTION_CASES, ids=lambda c: f"{c.first}|{c.second}")
def test_the_articles_keys_to_read_names_decide_as_every_article_does(case: ResolutionCase):
    """The resolve step reads only the articles of the pending keys and of the entities a rule could join them to;
    the aliases it decides must be the ones resolve decides over every article."""
    first = [NameUse("a1", case.entity_type, name, None) for name in (case.first, *case.also_known)] + [
        NameUse("a1", kind, name) for kind, name in SHARED_CONTEXT
    ]
    second = [NameUse("a2", case.entity_type, case.second)] + [
        NameUse("a2", kind, name) for kind, name in (SHARED_CONTEXT if case.shared_context else OTHER_CONTEXT)
    ]
    known = resolve([], first + FILLER, referent=referent, country=country_of)
    every = first + FILLER + second
    read = only_articles_read(known, every)
    assert {use.article for use in read} < {use.article for use in every}  # the filler articles are not read
    decided = resolve(known, read, referent=referent, country=country_of)
    assert decided == resolve(known, every, referent=referent, country=country_of)


def test_keys_to_read_adds_the_keys_of_entities_a_rule_could_join():
    known = resolve([], NIGER_1 + FILLER)
    wanted = keys_to_read(known, {("PERSON", "abdourahamane tiani"), ("ORG", "al qaeda")})
    assert ("PERSON", "abdourahamane tchiani") in wanted  # same given name: the surname rule reads its context
    assert ("ORG", "al qaida") in wanted  # same consonants: the transliteration rule
    assert ("PERSON", "marta lindqvist") not in wanted and ("LOC", "niger") not in wanted


def test_one_name_tagged_with_two_types_is_one_entity():
    known = resolve([], uses("a1", ("LOC", "Western"), ("LOC", "Kestrel Bay")))
    added = by_key(resolve(known, uses("a1", ("LOC", "Western")) + uses("a2", ("NORP", "Western"))))
    western = added[("NORP", "western")]
    assert (western.entity_id, western.rule) == (entity_id_for("LOC", "western"), SAME_NAME)
    assert western.evidence == "'western' is already LOC"
    # In one batch too: the commoner type founds the entity, the other joins it.
    batch = by_key(resolve([], uses("a1", ("ORG", "Solace")) + uses("a2", ("ORG", "Solace"), ("PERSON", "Solace"))))
    assert batch[("PERSON", "solace")].entity_id == batch[("ORG", "solace")].entity_id == entity_id_for("ORG", "solace")


def test_values_never_share_an_entity_with_a_name_spelled_alike():
    decided = by_key(resolve([], uses("a1", ("PERSON", "June"), ("DATE", "June"), ("CARDINAL", "Seven"))))
    assert decided[("DATE", "june")].entity_id != decided[("PERSON", "june")].entity_id
    assert {a.rule for a in decided.values()} == {NEW}


MINISTRY_NE = uses("m1", ("ORG", "Ministry of Defence"), ("LOC", "Niamey"), ("NORP", "Nigerien"), ("LOC", "Agadez"))
MINISTRY_NG = uses("m3", ("ORG", "Defense Ministry"), ("LOC", "Abuja"), ("NORP", "Nigerian"))


def test_a_ministry_named_two_ways_in_articles_about_one_country_is_one_ministry():
    known = resolve([], MINISTRY_NE, referent=referent, country=country_of)
    later = uses("m2", ("ORG", "Defense Ministry"), ("LOC", "Zinder"), ("LOC", "Niger"))
    added = by_key(resolve(known, MINISTRY_NE + later, referent=referent, country=country_of))
    ministry = added[("ORG", "defense ministry")]
    assert (ministry.entity_id, ministry.rule) == (entity_id_for("ORG", "ministry of defence"), ORGANISATION)
    assert "country: NE" in ministry.evidence and "'defense ministry'" in ministry.evidence


def test_ministries_of_two_countries_or_of_no_known_country_never_merge():
    known = resolve([], MINISTRY_NE, referent=referent, country=country_of)
    added = by_key(resolve(known, MINISTRY_NE + MINISTRY_NG, referent=referent, country=country_of))
    assert added[("ORG", "defense ministry")].rule == NEW
    nowhere = uses("m4", ("ORG", "Defense Ministry"), ("PERSON", "Ilyas Karimov"))
    assert (
        by_key(resolve(known, MINISTRY_NE + nowhere, referent=referent, country=country_of))[
            ("ORG", "defense ministry")
        ].rule
        == NEW
    )
    # Nor without the country rule's reader.
    assert by_key(resolve(known, MINISTRY_NE + MINISTRY_NG + nowhere))[("ORG", "defense ministry")].rule == NEW


def test_keys_to_read_adds_the_keys_of_a_ministry_named_otherwise():
    known = resolve([], MINISTRY_NE + FILLER, referent=referent, country=country_of)
    assert ("ORG", "ministry of defence") in keys_to_read(known, {("ORG", "defence ministry")})


def test_the_country_a_ministrys_name_states_or_is_written_before_it_decides_whose_it_is():
    # Articles about one country that quote another's ministry: the words right before the name say whose it is.
    first = uses("r1", ("ORG", "Kestrian Defense Ministry"), ("LOC", "Niger"), ("LOC", "Niamey"))
    first += uses("r1", ("NORP", "Russian"), ("ORG", "Russian Defense Ministry"))
    known = resolve([], first, referent=referent, country=country_of)
    owned = [NameUse("r2", "ORG", "Ministry of Defence", owner=("LOC", "Russia"))]
    owned += uses("r2", ("LOC", "Niger"), ("LOC", "Zinder"), ("NORP", "Nigerien"))
    added = by_key(resolve(known, first + owned, referent=referent, country=country_of))
    ministry = added[("ORG", "ministry of defence")]
    assert (ministry.entity_id, ministry.rule) == (entity_id_for("ORG", "russian defense ministry"), ORGANISATION)
    assert "country: RU" in ministry.evidence
    # Without the owner the articles point to Niger, and Russia's ministry is not Niger's.
    bare = uses("r2", ("ORG", "Ministry of Defence"), ("LOC", "Niger"), ("LOC", "Zinder"), ("NORP", "Nigerien"))
    assert (
        by_key(resolve(known, first + bare, referent=referent, country=country_of))[("ORG", "ministry of defence")].rule
        == NEW
    )


def test_ministries_whose_names_state_two_countries_never_merge():
    first = uses("n1", ("ORG", "Nigerien Defence Ministry"), ("LOC", "Niamey"))
    known = resolve([], first, referent=referent, country=country_of)
    later = uses("n2", ("ORG", "Nigerian Defense Ministry"), ("LOC", "Niamey"))
    assert (
        by_key(resolve(known, first + later, referent=referent, country=country_of))[
            ("ORG", "nigerian defense ministry")
        ].rule
        == NEW
    )
    possessive = uses("n3", ("ORG", "Niger's Defense Ministry"), ("LOC", "Agadez"))
    joined = by_key(resolve(known, first + possessive, referent=referent, country=country_of))
    assert joined[("ORG", "niger s defense ministry")].entity_id == entity_id_for("ORG", "nigerien defence ministry")
