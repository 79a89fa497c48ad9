"""The entity rules of spans.py on realistic news sentences, with the real model: boundaries, labels, offsets."""

from __future__ import annotations

import time

import pytest

from orchestration.lib.nlp.gazetteer import load_gazetteer
from orchestration.lib.nlp.mentions import extract_mentions, load_pipeline
from orchestration.lib.nlp.spans import (
    COMPONENT_NAME,
    PATTERNS_NAME,
    RULES,
    Context,
    Ent,
    _has_who_clause,
    _speaks,
    label_consistency,
    refine_entities,
    titled_names,
)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _mentions(nlp, body: str) -> list[tuple[str, str]]:
    frame = extract_mentions(nlp, [("b", body)])
    for row in frame.iter_rows(named=True):
        assert body[row["char_start"] : row["char_end"]] == row["mention_text"]
    return [(row["mention_text"], row["entity_type"]) for row in frame.iter_rows(named=True)]


def test_the_patterns_and_then_the_rules_run_right_after_the_model(nlp):
    assert nlp.pipe_names[-3:] == ["ner", PATTERNS_NAME, COMPONENT_NAME]
    # The patterns annotate doc.spans only: the model's entities reach the rules untouched.
    assert nlp.get_pipe(PATTERNS_NAME).annotate_ents is False


def test_pipeline_and_gazetteer_load_from_the_cache_without_delay(nlp):
    started = time.perf_counter()
    assert load_pipeline() is nlp
    assert load_gazetteer() is load_gazetteer()
    assert time.perf_counter() - started < 0.1


def test_gazetteer_holds_countries_capitals_cities_regions_and_bodies():
    labels = load_gazetteer().labels
    assert labels["Niger"] == labels["Niamey"] == labels["Lagos"] == labels["U.S."] == "GPE"
    assert labels["Sahel"] == labels["West Africa"] == "LOC"
    assert labels["ECOWAS"] == labels["Tele Sahel"] == labels["al-Qaeda"] == labels["Pentagon"] == "ORG"
    assert labels["Nigerien"] == "NORP"
    # City names that are more often words or people are not places.
    assert "Reading" not in labels and "Batman" not in labels


def test_titles_articles_and_possessives_leave_the_span(nlp):
    body = (
        "The Pentagon's spokesman said Prime Minister Ali Lamine Zeine met Ms Okafor's delegation on Monday. "
        "The United States' envoy and the European Union's foreign policy chief were also there."
    )
    found = _mentions(nlp, body)
    assert ("Pentagon", "ORG") in found
    assert ("Ali Lamine Zeine", "PERSON") in found
    assert ("Okafor", "PERSON") in found
    assert ("United States", "LOC") in found
    assert ("European Union", "ORG") in found


def test_a_name_and_its_acronym_in_parentheses_are_two_mentions_of_one_entity(nlp):
    body = (
        "Leaders of the Economic Community of West African States (ECOWAS) met in Abuja on Sunday. "
        "ECOWAS gave the junta a week. The World Health Organization (WHO) sent doctors, and a WHO team stayed."
    )
    frame = extract_mentions(nlp, [("b", body)])
    rows = {(r["mention_text"], r["entity_type"], r["canonical_name"]) for r in frame.iter_rows(named=True)}
    expansion = "Economic Community of West African States"
    assert (expansion, "ORG", expansion) in rows
    assert ("ECOWAS", "ORG", expansion) in rows
    assert frame.filter(frame["mention_text"] == "ECOWAS").height == 2
    assert ("WHO", "ORG", "World Health Organization") in rows
    assert ("Abuja", "LOC", "Abuja") in rows


def test_an_acronym_without_its_expansion_keeps_its_own_name(nlp):
    frame = extract_mentions(nlp, [("b", "ECOWAS lifted sanctions on Niger, Mali and Guinea on Saturday.")])
    ecowas = frame.filter(frame["mention_text"] == "ECOWAS").row(0, named=True)
    assert (ecowas["entity_type"], ecowas["canonical_name"]) == ("ORG", "ECOWAS")


def test_a_surname_takes_the_full_name_given_earlier_in_the_article(nlp):
    body = (
        "General Abdourahamane Tiani took power in July. Russian President Vladimir Putin called him in March.\n"
        "Tiani thanked Putin for the support, the broadcaster said."
    )
    frame = extract_mentions(nlp, [("b", body)])
    names = {(r["mention_text"], r["canonical_name"]) for r in frame.iter_rows(named=True)}
    assert ("Tiani", "Abdourahamane Tiani") in names
    assert ("Putin", "Vladimir Putin") in names


def test_a_list_of_known_names_in_one_span_becomes_one_mention_each(nlp):
    found = _mentions(nlp, "Investors in Tesla, Uber and Snapchat lost money this year.")
    assert {("Tesla", "ORG"), ("Uber", "ORG"), ("Snapchat", "ORG")} <= set(found)


def test_buildings_and_facilities_are_places(nlp):
    found = _mentions(nlp, "Reporters waited outside the White House while the crew left the Kennedy Space Center.")
    assert ("White House", "LOC") in found
    assert ("Kennedy Space Center", "LOC") in found


def test_a_one_word_name_that_speaks_is_a_person(nlp):
    found = _mentions(nlp, '"We will not leave," Okonkwo said after the meeting in Lagos.')
    assert ("Okonkwo", "PERSON") in found
    assert ("Lagos", "LOC") in found


def test_lone_common_nouns_and_product_codes_are_no_names(nlp):
    found = _mentions(nlp, "The Government said IE6 users must upgrade. The Church did not comment.")
    texts = {text for text, _ in found}
    assert not texts & {"Government", "Church", "IE6"}


def test_in_a_match_report_countries_that_play_are_teams(nlp):
    report = (
        "Senegal defeated Peru 2 – 0 at the Al Bayt Stadium in Al Khor, Qatar. Ismaila Sarr scored twice and the "
        "goalkeeper Edouard Mendy saved a penalty. The referee booked four Peru players. Morocco's striker "
        "Youssef En-Nesyri scored two goals against Canada in the group's other fixture."
    )
    found = set(_mentions(nlp, report))
    assert {("Senegal", "ORG"), ("Peru", "ORG"), ("Canada", "ORG"), ("Morocco", "ORG")} <= found
    assert ("Qatar", "LOC") in found
    news = "Senegal and Peru signed a trade agreement in Dakar on Tuesday."
    assert {("Senegal", "LOC"), ("Peru", "LOC")} <= set(_mentions(nlp, news))


def test_every_rule_can_be_left_out_and_none_changes_the_text(nlp):
    doc = nlp.make_doc("x")  # refine_entities reads doc.ents; an unparsed doc has none
    matcher = nlp.get_pipe(COMPONENT_NAME).matcher
    assert refine_entities(doc, matcher, skip=list(RULES)) == []
    body = "The Economic Community of West African States (ECOWAS) met President Mohamed Bazoum's envoys."
    parsed = nlp(body)
    for rule in RULES:
        for ent in refine_entities(parsed, matcher, skip=[rule]):
            assert 0 <= ent.start < ent.end <= len(parsed)


def _context(nlp, text: str):
    return Context.of(nlp(text), nlp.get_pipe(COMPONENT_NAME).matcher)


def test_the_cues_read_the_words_around_a_name_not_a_parse(nlp):
    ctx = _context(
        nlp,
        'Residents said the dam held. Okafor also told reporters that Okafor\'s team stayed. "We stay," said Okafor, '
        "according to Leive. Members of Umeh, who spoke, left. Adebayo, whose office is in Kano, did not.",
    )
    speaks = {t.text for t in ctx.tokens if t.is_title and _speaks(ctx, t.i)}
    assert speaks == {"Residents", "Okafor", "Leive"}
    # "Okafor's team stayed": the team stays, not Okafor.
    assert [_speaks(ctx, t.i) for t in ctx.tokens if t.text == "Okafor"] == [True, False, True]
    who = {t.text for t in ctx.tokens if t.is_title and _has_who_clause(ctx, t.i)}
    assert who == {"Adebayo"}  # not "Members of Umeh, who": the members spoke
    # A proper noun, as a tagger would say: not a capitalised first word the document shows nowhere else.
    names = {t.text for t in ctx.tokens if ctx.reads_as_name(t)}
    assert {"Okafor", "Leive", "Umeh", "Kano"} <= names
    assert not names & {"Residents", "Members", "We"}


def test_a_place_after_a_place_preposition_stays_a_place_in_a_list(nlp):
    doc = nlp("The squad trained in Sochi, Russia and then in Spain and Portugal before the league began.")
    ctx = Context.of(doc, nlp.get_pipe(COMPONENT_NAME).matcher)
    ents = [Ent(e.start, e.end, e.label_) for e in doc.ents]
    for name in ("Russia", "Portugal", "Spain", "Sochi"):
        start = next(t.i for t in ctx.tokens if t.text == name)
        assert ctx.word_before(start, ents).text == "in", name


def test_a_known_place_inside_an_adjective_is_no_mention(nlp):
    found = _mentions(nlp, "The pro-Beijing camp won four seats on Sunday.")
    assert ("Beijing", "LOC") not in found


def test_a_known_name_opening_a_sentence_is_found_without_a_tagger(nlp):
    found = _mentions(nlp, "Senegal defeated Peru 2 – 0 on Friday.")
    assert ("Senegal", "LOC") in found


# Datelines, titles and per-document types: sentences written for these tests, names invented.


def test_a_dateline_is_a_place_and_an_agency_never_one_organisation(nlp):
    cases = {
        "TAHOUA (AP) — Herders moved their cattle south after the wells ran dry.": [("TAHOUA", "LOC"), ("AP", "ORG")],
        "MOPTI, Mali (Reuters) - Boats carried rice down the river on Thursday.": [
            ("MOPTI", "LOC"),
            ("Mali", "LOC"),
            ("Reuters", "ORG"),
        ],
        "ODESA, Ukraine — The port reopened to grain ships this week.": [("ODESA", "LOC"), ("Ukraine", "LOC")],
        "Zinder, Niger (AFP) — The market burned overnight.": [("Zinder", "LOC"), ("Niger", "LOC"), ("AFP", "ORG")],
    }
    for body, expected in cases.items():
        found = _mentions(nlp, body)
        assert found[: len(expected)] == expected, body
        assert not any("(" in text for text, _ in found)


def test_a_dateline_below_the_headline_and_its_date_part(nlp):
    body = "Floods close schools in the south\nKANO, Nigeria, March 3 (Reuters) - Heavy rain closed 40 schools."
    found = _mentions(nlp, body)
    assert {("KANO", "LOC"), ("Nigeria", "LOC"), ("Reuters", "ORG")} <= set(found)
    assert not [text for text, kind in found if "March" in text and kind != "DATE"]


def test_a_known_body_opening_a_line_before_a_dash_stays_a_body(nlp):
    # It reads like a dateline, but the gazetteer, which runs after the datelines, knows the alliance.
    found = _mentions(nlp, "Talks stalled.\nNATO — the alliance of 32 states — said it would meet again.")
    assert ("NATO", "ORG") in found


def test_capitals_and_dashes_elsewhere_are_no_dateline(nlp):
    ctx = _context(
        nlp,
        "EXCLUSIVE — The minister quit. Farmers in the NORTH — not the south — lost most. UPDATE 2-Talks resume.",
    )
    assert [label for _, _, label in ctx.patterns if label == "DATELINE"] == []


def test_a_title_does_not_split_a_name(nlp):
    cases = {
        # The model splits these names in two, or takes the title word for an organisation.
        "Prime Minister Oumarou Sani Garba Tchiroma met the envoys on Friday.": "Oumarou Sani Garba Tchiroma",
        "Prime Minister Mahamane Ousmane Lamine Dicko resigned.": "Mahamane Ousmane Lamine Dicko",
        "Defence Minister Boubacar Issoufou Maïga inspected the garrison.": "Boubacar Issoufou Maïga",
        "Interior Minister Aboubacar Hassane Bako Moussa spoke on radio.": "Aboubacar Hassane Bako Moussa",
    }
    for body, name in cases.items():
        found = _mentions(nlp, body)
        people = [text for text, kind in found if kind == "PERSON"]
        assert people == [name], body
        assert not [text for text, kind in found if kind == "ORG"], body


def test_titled_names_merges_the_spans_after_a_title_into_one_person(nlp):
    doc = nlp("Defence Minister Salif Yaro Kanté and General Moussa Dembélé toured Gao.")
    ctx = Context.of(doc, nlp.get_pipe(COMPONENT_NAME).matcher)
    # As the model might have cut them: the title and a given name as an ORG, the rest as persons.
    model = [Ent(0, 3, "ORG"), Ent(3, 5, "PERSON"), Ent(7, 8, "PERSON"), Ent(8, 9, "PERSON"), Ent(10, 11, "GPE", True)]
    merged = [(doc[e.start : e.end].text, e.label) for e in titled_names(ctx, model)]
    assert merged == [("Salif Yaro Kanté", "PERSON"), ("Moussa Dembélé", "PERSON"), ("Gao", "GPE")]
    # Without a person among them, spans after a title are left alone: "General Motors" stays a company.
    company = nlp("General Motors cut jobs.")
    ctx = Context.of(company, nlp.get_pipe(COMPONENT_NAME).matcher)
    assert titled_names(ctx, [Ent(0, 2, "ORG")]) == [Ent(0, 2, "ORG")]


def _voted(nlp, text: str, spans: list[tuple[str, int, str]]) -> list[tuple[str, str]]:
    """label_consistency over the given spans: (word, which occurrence of it, label)."""
    doc = nlp(text)
    ctx = Context.of(doc, nlp.get_pipe(COMPONENT_NAME).matcher)
    ents = []
    for words, occurrence, label in spans:
        size = len(words.split())
        starts = [t.i for t in ctx.tokens if doc[t.i : t.i + size].text == words]
        ents.append(Ent(starts[occurrence], starts[occurrence] + size, label))
    return [(doc[e.start : e.end].text, e.label) for e in label_consistency(ctx, sorted(ents, key=lambda e: e.start))]


def test_one_type_per_name_in_a_document_by_majority(nlp):
    text = "Brakstad met Brakstad's lawyers. Brakstad spoke. Brakstad left, and Brakstad later wrote a letter."
    spans = [("Brakstad", 0, "ORG"), ("Brakstad", 1, "ORG"), ("Brakstad", 2, "PERSON"), ("Brakstad", 3, "PERSON")]
    spans.append(("Brakstad", 4, "PERSON"))
    assert {label for _, label in _voted(nlp, text, spans)} == {"PERSON"}


def test_a_tie_goes_to_person_then_organisation_then_place_and_nationality_counts(nlp):
    text = "Western envoys arrived. The Western statement came later. Torvik talks went on; Torvik stayed."
    voted = _voted(nlp, text, [("Western", 0, "NORP"), ("Western", 1, "GPE"), ("Torvik", 0, "GPE")])
    assert voted[:2] == [("Western", "GPE"), ("Western", "GPE")]
    voted = _voted(nlp, text, [("Torvik", 0, "GPE"), ("Torvik", 1, "ORG")])
    assert voted == [("Torvik", "ORG"), ("Torvik", "ORG")]


def test_short_forms_vote_with_the_full_name(nlp):
    text = "Ingrid Solvang won. Solvang thanked voters, and Solvang then left for Bergen."
    spans = [("Ingrid Solvang", 0, "PERSON"), ("Solvang", 1, "ORG"), ("Solvang", 2, "ORG")]
    voted = _voted(nlp, text, spans)
    # Two organisations against one person: but a surname of a person's full name votes for a person, not as labelled.
    assert voted == [("Ingrid Solvang", "PERSON"), ("Solvang", "PERSON"), ("Solvang", "PERSON")]
    text = "The Sahel Grain Board said prices fell. SGB officials and SGB traders disagreed."
    voted = _voted(nlp, text, [("Sahel Grain Board", 0, "ORG"), ("SGB", 0, "GPE"), ("SGB", 1, "ORG")])
    assert {label for _, label in voted} == {"ORG"}


def test_a_fixed_label_is_kept_and_decides(nlp):
    text = "Jordan sent aid. Jordan said more would follow, and Jordan meant it."
    doc = nlp(text)
    ctx = Context.of(doc, nlp.get_pipe(COMPONENT_NAME).matcher)
    starts = [t.i for t in ctx.tokens if t.text == "Jordan"]
    ents = [Ent(starts[0], starts[0] + 1, "GPE", fixed=True)]
    ents += [Ent(i, i + 1, "PERSON") for i in starts[1:]]
    assert [e.label for e in label_consistency(ctx, ents)] == ["GPE", "GPE", "GPE"]


def test_one_type_per_name_through_the_pipeline(nlp):
    body = (
        "KAYES, Mali (AP) — Defence Minister Oumar Sidibé Traoré Diallo visited Kayes on Monday.\n"
        "Diallo said the army would stay. Diallo told reporters the road was safe."
    )
    frame = extract_mentions(nlp, [("b", body)])
    types: dict[str, set[str]] = {}
    for row in frame.iter_rows(named=True):
        types.setdefault(row["canonical_name"], set()).add(row["entity_type"])
    assert all(len(kinds) == 1 for kinds in types.values()), types
    assert types["Oumar Sidibé Traoré Diallo"] == {"PERSON"}
    # The dateline's city is a place again where the text names it, under the name as the article writes it.
    kayes = frame.filter(frame["canonical_name"] == "Kayes")
    assert kayes["mention_text"].to_list() == ["KAYES", "Kayes"] and types["Kayes"] == {"LOC"}


def test_a_title_after_said_is_no_person(nlp):
    found = _mentions(nlp, '"The road stays closed," said Detective Inspector Amaka Obi of the county police.')
    assert ("Amaka Obi", "PERSON") in found
    assert not [text for text, _ in found if text in {"Detective", "Inspector", "Detective Inspector"}]


def test_the_vote_reads_a_name_without_its_article(nlp):
    text = "Harbour Trust staff met. Harbour Trust divers dived. The Harbour Trust report came out."
    spans = [("Harbour Trust", 0, "ORG"), ("Harbour Trust", 1, "ORG"), ("The Harbour Trust", 0, "WORK_OF_ART")]
    assert [label for _, label in _voted(nlp, text, spans)] == ["ORG", "ORG", "ORG"]
