"""Entity mentions of the five seed articles (one story about Niger) with the real model and the newsmon rules."""

from __future__ import annotations

import polars as pl
import pytest

from evaluation.corpora import SEED_DIR
from orchestration.lib.nlp.gazetteer import load_gazetteer
from orchestration.lib.nlp.mentions import extract_mentions, load_pipeline
from orchestration.lib.parsing import parse_article

SEEDS = SEED_DIR


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="module")
def bodies() -> dict[str, str]:
    """The bodies the pipeline annotates: each seed file parsed, keyed by its three-digit prefix."""
    return {path.name[:3]: parse_article(path.read_text(encoding="utf-8")).body for path in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="module")
def mentions(nlp, bodies) -> pl.DataFrame:
    return extract_mentions(nlp, list(bodies.items()))


def _of(mentions: pl.DataFrame, text: str) -> pl.DataFrame:
    return mentions.filter(pl.col("mention_text") == text)


def test_every_mention_cuts_exactly_its_text_out_of_the_body(mentions, bodies):
    for row in mentions.iter_rows(named=True):
        assert bodies[row["body_sha256"]][row["char_start"] : row["char_end"]] == row["mention_text"]


def test_niger_the_country_is_a_place_in_every_seed(mentions, bodies):
    niger = _of(mentions, "Niger")
    # Every seed names the country, several times.
    assert set(niger["body_sha256"]) == set(bodies)
    assert niger.height >= 30
    assert set(niger["entity_type"]) == {"LOC"}
    assert set(niger["spacy_label"]) == {"GPE"}


def test_no_country_or_capital_is_typed_as_anything_but_a_place(mentions):
    gazetteer = load_gazetteer()
    places = {name for name, label in gazetteer.labels.items() if label == "GPE"}
    named_places = mentions.filter(pl.col("mention_text").is_in(sorted(places)))
    assert {"Niger", "Niamey", "Mali", "Burkina Faso", "Russia", "Moscow", "United States"} <= set(
        named_places["mention_text"]
    )
    wrong = named_places.filter(pl.col("entity_type") != "LOC")
    assert wrong.height == 0, wrong.select("body_sha256", "mention_text", "spacy_label").rows()


def test_niamey_is_a_place_and_its_airport_a_facility(mentions):
    assert set(_of(mentions, "Niamey")["entity_type"]) == {"LOC"}
    assert set(_of(mentions, "Niamey airport")["spacy_label"]) == {"FAC"}


def test_the_state_broadcaster_and_the_regional_bloc_are_organisations(mentions):
    tele_sahel = _of(mentions, "Tele Sahel")
    assert tele_sahel.height == 2 and set(tele_sahel["entity_type"]) == {"ORG"}
    # "Tele Sahel" is one name: no separate "Sahel" mention inside it.
    for row in tele_sahel.iter_rows(named=True):
        inside = mentions.filter(
            (pl.col("body_sha256") == row["body_sha256"])
            & (pl.col("char_start") >= row["char_start"])
            & (pl.col("char_end") <= row["char_end"])
        )
        assert inside.height == 1
    assert set(_of(mentions, "ECOWAS")["entity_type"]) == {"ORG"}
    assert set(_of(mentions, "Radio Television du Niger")["entity_type"]) == {"ORG"}
    assert set(_of(mentions, "Wagner Group")["entity_type"]) == {"ORG"}


def test_sahel_is_a_region_and_nigerien_a_nationality(mentions):
    assert set(_of(mentions, "Sahel")["entity_type"]) == {"LOC"}
    assert set(_of(mentions, "Nigerien")["entity_type"]) == {"NORP"}


def test_putin_after_his_title_is_the_person_span_without_the_title(mentions, bodies):
    putin = _of(mentions, "Vladimir Putin")
    assert putin.height == 4 and set(putin["entity_type"]) == {"PERSON"}
    for row in putin.iter_rows(named=True):
        body = bodies[row["body_sha256"]]
        assert body[row["char_start"] - len("President ") : row["char_start"]] == "President "
    assert _of(mentions, "President Vladimir Putin").height == 0


def test_the_general_is_left_out_of_the_junta_leaders_name(mentions):
    assert set(_of(mentions, "Abdourahamane Tiani")["entity_type"]) == {"PERSON"}
    assert set(_of(mentions, "Abdourahamane Tchiani")["entity_type"]) == {"PERSON"}
    assert not mentions["mention_text"].str.starts_with("General ").any()


def test_leading_the_and_possessives_stay_out_of_mentions(mentions):
    assert not mentions["mention_text"].str.contains(r"(?i)^the\s").any()
    assert not mentions["mention_text"].str.contains(r"['’]s?$").any()
    assert _of(mentions, "United States").height >= 5
