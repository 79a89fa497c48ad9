"""The resolved-entity properties pass on a good frame and name the property a bad frame breaks."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from orchestration.lib.quality.entity_expectations import RESOLVED_ENTITIES
from orchestration.lib.quality.expectations import CheckContext, validate


def failing(frame: pd.DataFrame) -> list[str]:
    context = CheckContext(now=datetime(2026, 11, 21), raw_file_count=0)
    return [p.name for p in RESOLVED_ENTITIES if not validate(frame, p.build(context)).success]


def resolved(**overrides) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "entity_type": ["LOC", "NORP", "PERSON"],
            "entity_id": ["0123456789abcdef", "fedcba9876543210", "00000000ffffffff"],
            "alias_rows": [1, 1, 1],
            "label_type": ["LOC", "NORP", "PERSON"],
            "alias_rule": ["new", "new", "fuzzy_surname_same_given_name"],
            "place_rule": ["country_name", "demonym", None],
            "country_code": ["NE", "RU", None],
            "place_type": ["country", None, None],
            "latitude": [13.5, None, None],
            "longitude": [2.1, None, None],
        }
    )
    return frame.assign(**overrides)


def test_a_good_frame_passes_every_check():
    assert failing(resolved()) == []


def test_an_unresolved_mention_fails():
    assert failing(resolved(entity_id=["0123456789abcdef", None, "00000000ffffffff"])) == [
        "every_mention_has_an_entity"
    ]


def test_a_place_out_of_range_or_badly_coded_fails():
    assert failing(resolved(latitude=[95.0, None, None])) == ["latitude_is_on_the_globe"]
    assert failing(resolved(country_code=["ne", "RU", None])) == ["country_code_is_iso_alpha2"]
    assert failing(resolved(place_type=["village", None, None])) == ["place_type_is_known"]


def test_a_place_entity_the_geocoder_skipped_fails():
    assert failing(resolved(place_rule=[None, "demonym", None])) == ["places_and_demonyms_are_geocoded"]


def test_an_alias_key_of_two_entities_fails():
    assert failing(resolved(alias_rows=[2, 1, 1])) == ["alias_key_is_unique_per_type"]


def test_a_named_thing_without_a_label_fails_and_a_value_needs_none():
    assert failing(resolved(label_type=["LOC", None, "PERSON"])) == ["entity_has_one_label"]
    dated = resolved(entity_type=["LOC", "DATE", "PERSON"], label_type=["LOC", None, "PERSON"])
    assert failing(dated.assign(place_rule=["country_name", None, None])) == []
