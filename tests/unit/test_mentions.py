"""Entity mentions with the real spaCy model: labels, exact offsets, sentences and short-form resolution."""

from __future__ import annotations

import pytest

from orchestration.lib.nlp.mentions import (
    RULE_FILES,
    RULES_VERSION,
    canonical_form,
    chunk_text,
    entity_type,
    extract_annotations,
    extract_mentions,
    load_pipeline,
    ner_version,
    resolve_short_forms,
    rules_version,
)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def test_place_labels_are_one_type_and_other_labels_are_kept():
    assert [entity_type(label) for label in ("GPE", "LOC", "FAC", "PERSON", "ORG", "NORP")] == [
        "LOC",
        "LOC",
        "LOC",
        "PERSON",
        "ORG",
        "NORP",
    ]


def test_canonical_form_drops_leading_the_and_possessive():
    assert canonical_form("the  Pentagon’s") == "Pentagon"
    assert canonical_form("The United States") == "United States"


def test_surname_resolves_to_the_only_full_name_in_the_article():
    names = resolve_short_forms(["PERSON", "PERSON", "LOC"], ["Vladimir Putin", "Putin", "Putin"])
    assert names == ["Vladimir Putin", "Vladimir Putin", "Putin"]


def test_ambiguous_surname_is_left_alone():
    names = resolve_short_forms(["PERSON"] * 3, ["George Bush", "Laura Bush", "Bush"])
    assert names[2] == "Bush"


def test_chunks_cover_the_text_exactly_and_respect_the_limit():
    text = ("word " * 50 + "\n") * 40
    chunks = chunk_text(text, max_chars=1000)
    assert "".join(piece for _, piece in chunks) == text
    assert all(len(piece) <= 1000 for _, piece in chunks)
    assert all(text[start : start + len(piece)] == piece for start, piece in chunks)


def test_mentions_have_exact_offsets_sentences_and_resolved_names(nlp):
    body = (
        "Russian President Vladimir Putin spoke with officials in Niamey.\n"
        "Later, Putin met envoys from the United Nations in Moscow."
    )
    frame = extract_mentions(nlp, [("b1", body)])
    assert frame.height >= 4
    for row in frame.iter_rows(named=True):
        assert body[row["char_start"] : row["char_end"]] == row["mention_text"]
    putin = frame.filter(frame["mention_text"] == "Putin").row(0, named=True)
    assert putin["canonical_name"] == "Vladimir Putin"
    assert putin["entity_type"] == "PERSON"
    assert putin["sentence_index"] == 1
    assert frame["mention_index"].to_list() == list(range(frame.height))


def test_long_bodies_are_annotated_in_chunks_with_offsets_into_the_whole_body(nlp, monkeypatch):
    monkeypatch.setattr("orchestration.lib.nlp.mentions.MAX_CHUNK_CHARS", 200)
    paragraph = "Emmanuel Macron visited Berlin on Tuesday.\n"
    body = paragraph * 20
    frame = extract_mentions(nlp, [("long", body)])
    assert frame.filter(frame["mention_text"] == "Berlin").height == 20
    for row in frame.iter_rows(named=True):
        assert body[row["char_start"] : row["char_end"]] == row["mention_text"]
    assert frame["sentence_index"].max() == 19


def test_sentences_are_stored_with_offsets_into_the_whole_body_across_chunks(nlp, monkeypatch):
    monkeypatch.setattr("orchestration.lib.nlp.mentions.MAX_CHUNK_CHARS", 200)
    body = "  A ferry sank off Mombasa on Sunday.\nRescuers searched the bay for a day. " * 8
    mentions, sentences = extract_annotations(nlp, [("b", body)])
    assert sentences["sentence_index"].to_list() == list(range(16))
    texts = [body[row["char_start"] : row["char_end"]] for row in sentences.iter_rows(named=True)]
    assert texts == ["A ferry sank off Mombasa on Sunday.", "Rescuers searched the bay for a day."] * 8
    # Every mention lies inside the sentence its index names.
    spans = {row["sentence_index"]: (row["char_start"], row["char_end"]) for row in sentences.iter_rows(named=True)}
    for row in mentions.iter_rows(named=True):
        start, end = spans[row["sentence_index"]]
        assert start <= row["char_start"] < row["char_end"] <= end


def test_no_bodies_give_an_empty_frame_with_the_schema(nlp):
    frame = extract_mentions(nlp, [])
    assert frame.height == 0 and "canonical_name" in frame.columns


def test_ner_version_names_the_model_and_needs_no_loaded_model(nlp):
    assert "core_web_sm" in ner_version(nlp)
    assert ner_version() == ner_version(nlp)


def test_a_line_break_ends_a_sentence_unless_the_next_line_goes_on_in_lowercase(nlp):
    body = (
        "Floods close the port of Lagos\n"  # a headline: no full stop, yet no sentence runs on below it
        "Officials in Abuja met on Monday. Ships waited off the coast\n"
        "near Lagos for a week."  # a hard-wrapped line: the sentence goes on
    )
    frame = extract_mentions(nlp, [("b", body)])
    sentences = {(row["char_start"], row["sentence_index"]) for row in frame.iter_rows(named=True)}
    assert {(body.index("Lagos"), 0), (body.index("Abuja"), 1), (body.rindex("Lagos"), 2)} <= sentences


def test_the_rules_version_is_a_hash_of_the_rule_files_and_components(tmp_path):
    rules = [tmp_path / "spans.py", tmp_path / "places.txt"]
    rules[0].write_text("RULE = 1\n", encoding="utf-8")
    rules[1].write_text("Niamey\n", encoding="utf-8")
    first = rules_version(rules, ("senter", "ner"))
    assert first == rules_version(rules, ("senter", "ner"))
    assert rules_version(rules, ("parser", "ner")) != first
    rules[1].write_text("Niamey\nAgadez\n", encoding="utf-8")
    assert rules_version(rules, ("senter", "ner")) != first
    assert {path.name for path in RULE_FILES} >= {
        "mentions.py",
        "spans.py",
        "gazetteer.py",
        "places.txt",
        "organisations.txt",
        "titles.txt",
        "patterns.jsonl",
    }
    assert RULES_VERSION == rules_version() and f"/rules-{RULES_VERSION}/" in ner_version()
