"""Acronyms and their expansions, as pure string functions."""

from __future__ import annotations

from orchestration.lib.nlp.acronyms import acronym_definitions, initials_match, is_abbreviation, looks_like_acronym
from orchestration.lib.nlp.mentions import resolve_short_forms


def test_acronym_shapes():
    assert all(looks_like_acronym(t) for t in ("ECOWAS", "U.S.", "IRENA", "G20", "UNHCR"))
    assert not any(looks_like_acronym(t) for t in ("Niger", "A", "Tele Sahel", "Reuters"))


def test_schwartz_hearst_abbreviations():
    assert is_abbreviation("ECOWAS", "Economic Community of West African States")
    assert is_abbreviation("WHO", "World Health Organisation")
    assert is_abbreviation("MSF", "Médecins Sans Frontières")
    assert not is_abbreviation("IMF", "World Bank")
    assert not is_abbreviation("UN", "UN")  # one word is no expansion


def test_initials_are_stricter_than_abbreviations():
    assert initials_match("UN", "United Nations")
    assert initials_match("U.S.", "United States")
    assert initials_match("OIC", "Organisation of Islamic Cooperation")
    assert initials_match("ISWAP", "Islamic State West Africa Province")
    # "EU" is in "European Commission" letter by letter, but not as its initials.
    assert is_abbreviation("EU", "European Commission")
    assert not initials_match("EU", "European Commission")
    assert initials_match("NATO", "North Atlantic Treaty Organization")
    assert not initials_match("WHO", "World Trade Organization")


def test_definitions_in_parentheses_either_way_round():
    text = "The Economic Community of West African States (ECOWAS) and MSF (Doctors Without Borders) met the AU."
    ecowas = "Economic Community of West African States"
    mentions = [(4, 4 + len(ecowas), ecowas), (text.index("MSF"), text.index("MSF") + 3, "MSF")]
    mentions.append((text.index("AU"), text.index("AU") + 2, "AU"))
    # "Doctors Without Borders" does not spell MSF, so only ECOWAS is defined.
    assert acronym_definitions(text, mentions) == {"ECOWAS": ecowas}
    text = "ECOWAS (Economic Community of West African States) said"
    assert acronym_definitions(text, [(0, 6, "ECOWAS")]) == {"ECOWAS": ecowas}


def test_an_acronym_resolves_to_the_one_name_of_its_type_it_is_the_initials_of():
    names = resolve_short_forms(
        ["ORG", "ORG", "LOC", "LOC", "ORG"],
        ["United Nations", "UN", "United States", "US", "EU"],
    )
    assert names == ["United Nations", "United Nations", "United States", "United States", "EU"]
