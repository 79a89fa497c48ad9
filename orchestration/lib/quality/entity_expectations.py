"""Great Expectations properties of the resolved entities: every current mention reaches one entity, every named
thing's entity has its label (one name, one type), alias keys are unique, and places are well-formed (ISO country
codes, known place types, coordinates on the globe)."""

from __future__ import annotations

import great_expectations.expectations as gxe
from great_expectations.expectations.row_conditions import Column

from orchestration.lib.entities.geocode import GEOCODED_TYPES, PLACE_TYPES
from orchestration.lib.entities.resolve import NAMED_TYPES, RULES
from orchestration.lib.quality.expectations import Property

RESOLVED_ENTITIES = [
    Property(
        "every_mention_has_an_entity",
        "Every current mention's name has an alias key and the key an entity.",
        lambda c: gxe.ExpectColumnValuesToNotBeNull(column="entity_id"),
    ),
    Property(
        "alias_key_is_unique_per_type",
        "Each (entity type, alias key) belongs to exactly one entity.",
        lambda c: gxe.ExpectColumnValuesToBeBetween(column="alias_rows", min_value=1, max_value=1),
    ),
    Property(
        "entity_has_one_label",
        "Every named thing's entity has its label: the one name and one type the marts show, voted over its articles.",
        lambda c: gxe.ExpectColumnValuesToNotBeNull(
            column="label_type", row_condition=Column("entity_type").is_in(sorted(NAMED_TYPES))
        ),
    ),
    Property(
        "entity_id_is_16_hex_digits",
        "Entity ids are 16 lower-case hex digits (md5 of the founding alias).",
        lambda c: gxe.ExpectColumnValuesToMatchRegex(column="entity_id", regex=r"^[0-9a-f]{16}$"),
    ),
    Property(
        "alias_rule_is_known",
        "Every alias was decided by a named rule.",
        lambda c: gxe.ExpectColumnValuesToBeInSet(column="alias_rule", value_set=list(RULES)),
    ),
    Property(
        "places_and_demonyms_are_geocoded",
        "Every LOC and NORP entity went through the geocoder (a row in landing.places, matched or not).",
        lambda c: gxe.ExpectColumnValuesToNotBeNull(
            column="place_rule", row_condition=Column("entity_type").is_in(list(GEOCODED_TYPES))
        ),
    ),
    Property(
        "country_code_is_iso_alpha2",
        "Country codes are ISO 3166-1 alpha-2: two upper-case letters.",
        lambda c: gxe.ExpectColumnValuesToMatchRegex(column="country_code", regex=r"^[A-Z]{2}$"),
    ),
    Property(
        "place_type_is_known",
        "Place types are country, admin region, city or other.",
        lambda c: gxe.ExpectColumnValuesToBeInSet(column="place_type", value_set=list(PLACE_TYPES)),
    ),
    Property(
        "latitude_is_on_the_globe",
        "Latitudes lie between -90 and 90.",
        lambda c: gxe.ExpectColumnValuesToBeBetween(column="latitude", min_value=-90, max_value=90),
    ),
    Property(
        "longitude_is_on_the_globe",
        "Longitudes lie between -180 and 180.",
        lambda c: gxe.ExpectColumnValuesToBeBetween(column="longitude", min_value=-180, max_value=180),
    ),
]
