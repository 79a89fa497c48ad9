"""Stories across weeks, with articles written for this test: a follow-up two weeks later joins its story when it
shares the event's particular names; another event in the same place, in between, does not."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from orchestration.lib.stories.clusters import (
    ENTITY_KINDS,
    LEAD_ENTITY_WEIGHT,
    LONG_WINDOW_DAYS,
    PERSON,
    RARE_NAME,
    WINDOW_DAYS,
    ArticleInput,
    different_events,
    entity_key_name,
    features_of,
    is_rare_name,
)
from orchestration.lib.stories.shingles import term_key
from tests.unit.test_stories_clusters import article, con, nlp, place  # noqa: F401 (fixtures)

FIRST_DAY = datetime(2025, 2, 3, 9)

GROUNDING = """Cargo ship runs aground off Quelimane, leaking fuel

QUELIMANE, Mozambique — The bulk carrier Koralino Star ran aground on a sandbank outside the port of Quelimane
on Monday night, and fuel oil has been leaking into the estuary of the Rio dos Bons Sinais, port officials said.

The ship, owned by Marlindo Shipping, was carrying 40,000 tonnes of coal. Its 22 crew members were taken off by
tugboats. Provincial governor Ilídio Namashulua said booms were being laid to protect the mangroves and the
fishing villages along the Rio dos Bons Sinais.
"""

FOLLOW_UP = """Marlindo Shipping fined over Koralino Star spill

Mozambique's maritime authority has fined Marlindo Shipping the equivalent of 3 million dollars for the fuel spill
from the Koralino Star, the coal carrier that grounded near Quelimane two weeks ago.

Inspectors found that the ship had sailed with a faulty echo sounder. Fishermen on the Rio dos Bons Sinais say
their catch has fallen by half since the spill, and governor Ilídio Namashulua promised them compensation from
the fine.
"""

OTHER_EVENT = """Floods cut road to Quelimane after three days of rain

Heavy rain has flooded the main road between Quelimane and Nicoadala, leaving the coastal city reachable only by
air, Mozambique's disaster management institute said on Thursday.

About 4,000 families in low-lying districts of Quelimane were moved to schools and churches. Governor Ilídio
Namashulua asked for boats and tents from the national reserve.
"""


def test_a_name_is_rare_when_general_english_hardly_uses_a_word_of_it():
    assert is_rare_name("Koralino Star") and is_rare_name("Ilídio Namashulua")
    assert not is_rare_name("United States") and not is_rare_name("New York") and not is_rare_name("Parliament")


def test_a_follow_up_two_weeks_later_joins_its_story_and_a_flood_in_the_same_city_does_not(nlp, con):  # noqa: F811
    later = FIRST_DAY + timedelta(days=14)
    assert WINDOW_DAYS < 14 <= LONG_WINDOW_DAYS
    place(con, [article(nlp, "grounding", GROUNDING, FIRST_DAY)])
    flood = place(con, [article(nlp, "flood", OTHER_EVENT, FIRST_DAY + timedelta(days=9))])["flood"]
    assert flood.rule == "new"
    follow_up = place(con, [article(nlp, "fine", FOLLOW_UP, later)])["fine"]
    assert (follow_up.story_id, follow_up.rule) == ("grounding", "similar")


def test_the_same_follow_up_beyond_the_long_window_starts_a_story(nlp, con):  # noqa: F811
    place(con, [article(nlp, "grounding", GROUNDING, FIRST_DAY)])
    too_late = FIRST_DAY + timedelta(days=LONG_WINDOW_DAYS + 1)
    assert place(con, [article(nlp, "fine", FOLLOW_UP, too_late)])["fine"].rule == "new"


@pytest.mark.parametrize("batches", [1, 3])
def test_arrival_in_one_batch_or_three_gives_the_same_stories(nlp, con, batches):  # noqa: F811
    articles = [
        article(nlp, "grounding", GROUNDING, FIRST_DAY),
        article(nlp, "flood", OTHER_EVENT, FIRST_DAY + timedelta(days=9)),
        article(nlp, "fine", FOLLOW_UP, FIRST_DAY + timedelta(days=14)),
    ]
    placed = {}
    for part in (articles,) if batches == 1 else ([a] for a in articles):
        placed |= place(con, part)
    stories = {k: a.story_id for k, a in placed.items()}
    assert stories == {"grounding": "grounding", "flood": "flood", "fine": "grounding"}


def _features(*mentions: tuple[str, str, int]):
    body = "A report written for this test. " * 20
    return features_of(ArticleInput("x", "x", None, body, FIRST_DAY, FIRST_DAY, mentions))


def test_an_entity_is_one_key_whatever_type_ner_gives_it_and_its_kind_is_the_type_it_gets_most():
    features = _features(("PERSON", "Marlindo Shipping", 0), ("ORG", "Marlindo Shipping", 400), ("ORG", "the UN", 5))
    key = term_key(entity_key_name("ORG", "Marlindo Shipping"))
    assert key == term_key(entity_key_name("PERSON", "Marlindo Shipping"))
    assert features.counts[key] == LEAD_ENTITY_WEIGHT + 1.0
    # The mention in the lead weighs three times: PERSON wins; the name is rare (general English hardly uses it).
    assert features.kinds[key] == PERSON | RARE_NAME
    assert features.kinds[term_key(entity_key_name("ORG", "UN"))] == ENTITY_KINDS["ORG"]


def test_a_city_typed_as_a_person_in_one_dateline_is_still_the_place_the_other_article_is_about():
    dateline = _features(("PERSON", "Quelimane", 0), ("LOC", "Mozambique", 20), ("PERSON", "Ana Lobo", 400))
    report = _features(("LOC", "Quelimane", 10), ("PERSON", "Ilídio Namashulua", 30))
    assert not different_events(dateline, report)
    elsewhere = _features(("LOC", "Pemba", 10), ("PERSON", "Tomás Chilaule", 30))
    assert different_events(report, elsewhere)
