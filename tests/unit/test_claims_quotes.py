"""Quotes: direct quotations and reported speech, their speakers (named, pronoun, role word) and cues, on sentences
written for these tests, and on the seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.corpora import SEED_DIR
from orchestration.lib.claims.quotes import (
    DIRECT,
    QUOTES_VERSION,
    REPORTED,
    Quote,
    extract_quotes,
    headline_end,
    quoted_spans,
    quotes_version,
)
from orchestration.lib.claims.text import ArticleText, from_pipeline, make_doc
from orchestration.lib.nlp.mentions import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _quotes(nlp, body: str) -> tuple[ArticleText, list[Quote]]:
    article = from_pipeline(nlp, body)
    quotes = extract_quotes(article)
    for quote in quotes:  # every quote cuts its own text out of the body
        assert body[quote.char_start : quote.char_end] == quote.quote_text
    return article, quotes


def _speaker(article: ArticleText, quote: Quote) -> str | None:
    names = {mention.index: mention.canonical_name for mention in article.mentions}
    return names.get(quote.speaker_mention)


def _texts(body: str) -> list[str]:
    return [body[start:end] for start, end in quoted_spans(body)]


def test_quoted_spans_read_straight_curly_single_and_angle_marks_without_the_marks():
    body = "He said \"go now\" and “stay here”, then 'wait' and « attendez » and ‘sit down’."
    assert _texts(body) == ["go now", "stay here", "wait", "attendez", "sit down"]


def test_apostrophes_and_nested_marks_are_text_and_an_open_quote_ends_with_its_paragraph():
    assert _texts("'We're not the players' union,' she said.") == ["We're not the players"]  # a known limit
    assert _texts("“They called it ‘a farce’ today,” he said.") == ["They called it ‘a farce’ today,"]
    assert _texts("“The first paragraph goes on.\n“The second ends,” he said.") == [
        "The first paragraph goes on.",
        "The second ends,",
    ]
    assert _texts("It's the team's day, isn't it?") == []


def test_a_headline_is_a_first_line_that_does_not_end_like_a_sentence():
    assert headline_end('Mayor: "We Will Rebuild"\nThe mayor spoke.') == len('Mayor: "We Will Rebuild"')
    assert headline_end("The mayor spoke.\nShe left.") == 0
    assert headline_end("Only one line") == 0


def test_said_after_the_quote_with_a_titled_name(nlp):
    body = '"We will not raise taxes this year," Finance Minister Laura Bennett said on Monday.'
    article, (quote,) = _quotes(nlp, body)
    assert quote.quote_text == "We will not raise taxes this year,"
    assert (quote.kind, quote.cue, quote.sentence_index) == (DIRECT, "say", 0)
    assert quote.speaker_text == "Finance Minister Laura Bennett"
    assert _speaker(article, quote) == "Laura Bennett"


def test_said_before_the_name_and_curly_marks(nlp):
    article, (quote,) = _quotes(nlp, "“The figures are wrong,” said Peter Okafor, a spokesman for the port authority.")
    assert (quote.quote_text, quote.speaker_text, quote.cue) == ("The figures are wrong,", "Peter Okafor", "say")
    assert _speaker(article, quote) == "Peter Okafor"


def test_said_before_the_quote_after_an_appositive_names_the_person_not_the_place(nlp):
    article, (quote,) = _quotes(nlp, 'Harold Ames, the mayor of Dunmore, said: "The bridge will reopen in spring."')
    assert quote.quote_text == "The bridge will reopen in spring."
    assert quote.speaker_text == "the mayor of Dunmore"
    assert _speaker(article, quote) == "Harold Ames"


def test_pronoun_speaker_resolved_to_the_previous_sentence_and_a_split_quote_is_two_quotes(nlp):
    body = 'Maria Lopez met the board on Tuesday. "We had no choice," she told Reuters. "The plant was losing money."'
    article, quotes = _quotes(nlp, body)
    assert [q.quote_text for q in quotes] == ["We had no choice,", "The plant was losing money."]
    assert [(q.speaker_text, q.cue, q.sentence_index) for q in quotes] == [("she", "tell", 1), ("she", "tell", 2)]
    assert {_speaker(article, q) for q in quotes} == {"Maria Lopez"}


def test_single_marks_british_style_and_a_quote_over_several_sentences_is_one_quote(nlp):
    body = "'It was a dark day. We let our fans down. Nobody is safe,' said coach Tom Riley."
    article, (quote,) = _quotes(nlp, body)
    assert quote.quote_text == "It was a dark day. We let our fans down. Nobody is safe,"
    assert _speaker(article, quote) == "Tom Riley"


def test_guillemets(nlp):
    article, (quote,) = _quotes(nlp, "« Nous restons ici », Jean Dupont told reporters in Lyon on Friday.")
    assert (quote.quote_text, quote.cue) == ("Nous restons ici", "tell")
    assert _speaker(article, quote) == "Jean Dupont"


def test_markup_inside_a_quote_is_kept_as_text(nlp):
    body = '"<b>Prices</b> will fall next year," economist Ravi Nair said.'
    article, (quote,) = _quotes(nlp, body)
    assert quote.quote_text == "<b>Prices</b> will fall next year,"
    assert _speaker(article, quote) == "Ravi Nair"


def test_a_quote_after_a_colon_without_a_cue_is_said_by_the_person_before(nlp):
    body = 'Chief executive Dana White was blunt: "We overpaid. It was my mistake."'
    article, (quote,) = _quotes(nlp, body)
    assert (quote.quote_text, quote.cue) == ("We overpaid. It was my mistake.", None)
    assert _speaker(article, quote) == "Dana White"


def test_reported_speech_said_that_and_a_pronoun_in_the_next_sentence(nlp):
    body = "Omar Saleh denied the allegations. He said he had never met the contractor."
    article, (quote,) = _quotes(nlp, body)  # "denied the allegations" reports no words: no "that"
    assert (quote.kind, quote.quote_text, quote.speaker_text, quote.cue) == (
        REPORTED,
        "he had never met the contractor",
        "He",
        "say",
    )
    assert quote.sentence_index == 1
    assert _speaker(article, quote) == "Omar Saleh"


def test_reported_speech_before_a_trailing_attribution(nlp):
    article, (quote,) = _quotes(nlp, "Prices will keep rising, the central bank governor Anil Mehta said.")
    assert (quote.kind, quote.quote_text) == (REPORTED, "Prices will keep rising")
    assert _speaker(article, quote) == "Anil Mehta"


def test_warned_that_after_an_appositive_name(nlp):
    article, (quote,) = _quotes(nlp, "The prime minister, Ruth Kagame, warned that the drought could last into May.")
    assert (quote.kind, quote.cue, quote.quote_text) == (REPORTED, "warn", "the drought could last into May")
    assert _speaker(article, quote) == "Ruth Kagame"


def test_according_to_before_and_after_the_reported_words(nlp):
    article, (first,) = _quotes(nlp, "According to the Red Cross, more than 2,000 families have lost their homes.")
    assert (first.cue, first.quote_text) == ("according to", "more than 2,000 families have lost their homes")
    assert _speaker(article, first) == "Red Cross"
    article, (second,) = _quotes(nlp, "The storm destroyed 40 homes, according to local officials.")
    assert (second.quote_text, second.speaker_text, second.speaker_mention) == (
        "The storm destroyed 40 homes",
        "local officials",
        None,
    )


def test_told_reporters_skips_the_audience_and_the_role_word_finds_the_name(nlp):
    body = "Jean Dupont met the generals on Monday. The minister later told reporters the troops would stay."
    article, (quote,) = _quotes(nlp, body)
    assert (quote.quote_text, quote.speaker_text, quote.cue) == ("the troops would stay", "The minister", "tell")
    assert _speaker(article, quote) == "Jean Dupont"


def test_an_indefinite_speaker_names_nobody_mentioned_before(nlp):
    body = 'Ines Moreau runs the shelter. "We are full," a volunteer said.'
    _, (quote,) = _quotes(nlp, body)
    assert (quote.speaker_text, quote.speaker_mention) == ("a volunteer", None)


def test_scare_quotes_titles_headlines_passives_and_names_are_no_quotes(nlp):
    for body in (
        'The senator called the bill a "disaster" and left the room.',
        'Critics dubbed the plan "The Long Goodbye" after the vote.',
        'She starred in the film "Night Train to Lisbon" last year.',
        'Mayor Says "We Will Rebuild" After Floods\nThe mayor of Tullow toured the market on Friday.',
        "Both envoys were said to have agreed on fishing quotas.",
        "Said Farah, a trader in Hargeisa, lost his shop in the fire.",
        "The embassy rejected the claim.",
    ):
        assert _quotes(nlp, body)[1] == [], body


def test_a_quoted_fragment_without_a_cue_is_a_quote_without_a_speaker(nlp):
    _, (quote,) = _quotes(nlp, 'The operator put the outage down to "a rare fault in the software" on Monday.')
    assert (quote.quote_text, quote.kind, quote.speaker_text, quote.cue) == (
        "a rare fault in the software",
        DIRECT,
        None,
        None,
    )


def test_the_version_hashes_the_module_and_its_word_lists(tmp_path: Path):
    assert len(QUOTES_VERSION) == 12
    lists = [tmp_path / name for name in ("a.tsv", "b.tsv")]
    for path in lists:
        path.write_text("say\tbare\tsay said\n", encoding="utf-8")
    before = quotes_version(lists)
    lists[1].write_text("say\tbare\tsay said says\n", encoding="utf-8")
    assert quotes_version(lists) != before


def test_the_seed_articles_quotes_and_their_speakers(nlp):
    seeds = {path.name[:3]: path.read_text(encoding="utf-8") for path in sorted(SEED_DIR.glob("*.txt"))}
    found = {}
    for key, body in seeds.items():
        article = from_pipeline(nlp, body)
        found[key] = [(q, _speaker(article, q)) for q in extract_quotes(article)]

    def one(key: str, start: str) -> tuple[Quote, str | None]:
        (match,) = [pair for pair in found[key] if pair[0].quote_text.startswith(start)]
        return match

    coach, _ = one("003", "We are here to train the Nigerian army")
    follow, _ = one("003", "We are here to develop military cooperation")
    assert (coach.kind, coach.speaker_text, coach.cue) == (DIRECT, "a Russian coach", "say")
    assert (follow.speaker_text, follow.cue) == ("a Russian coach", "say")  # the split quote's second half
    drones, speaker = one("004", "the only drone flights")
    assert (drones.kind, drones.speaker_text, speaker) == (REPORTED, "Singh", "Singh")
    displaced, speaker = one("000", "Violence has escalated")
    assert (displaced.cue, speaker) == ("according to", "International Organization for Migration")
    report, _ = one("001", "install an air defense system")
    assert (report.kind, report.speaker_text, report.cue) == (DIRECT, "the report", "say")
    broadcaster, speaker = one("001", "latest military equipment")
    assert (broadcaster.speaker_text, speaker) == ("It", "Tele Sahel")


def test_told_a_named_audience_the_reported_words_start_after_it(nlp):
    body = "Helen Achterberg told the Financial Times the merger would close in June."
    article, (quote,) = _quotes(nlp, body)
    assert (quote.quote_text, quote.cue) == ("the merger would close in June", "tell")
    assert _speaker(article, quote) == "Helen Achterberg"


def test_a_doc_made_already_gives_the_same_quotes(nlp):
    article = from_pipeline(nlp, '"The vote is final," Senator Amy Cole said. She said the count took two days.')
    assert extract_quotes(article, make_doc(article)) == extract_quotes(article)
    assert len(extract_quotes(article)) == 2


def test_a_quote_split_by_its_attribution_inside_one_sentence(nlp):
    body = '"We tried," said Oskar Berg, the Farmers\' Union chairman, "but the bank would not listen."'
    article, quotes = _quotes(nlp, body)
    assert [q.quote_text for q in quotes] == ["We tried,", "but the bank would not listen."]
    assert [(_speaker(article, q), q.cue) for q in quotes] == [("Oskar Berg", "say")] * 2


def test_a_quote_that_ends_its_sentence_takes_no_speaker_from_the_next(nlp):
    body = 'The governor said: "The dam will hold." Engineer Paula Nunes said the cracks were widening.'
    article, (first, second) = _quotes(nlp, body)
    assert (first.speaker_text, first.speaker_mention) == ("The governor", None)
    assert (second.kind, second.quote_text, _speaker(article, second)) == (
        REPORTED,
        "the cracks were widening",
        "Paula Nunes",
    )


def test_a_cue_further_on_in_the_sentence_does_not_attribute_a_quoted_term(nlp):
    body = 'The "green corridor" never opened, aid workers said.'
    _, (quote,) = _quotes(nlp, body)  # the scare quote is no quote; the sentence is reported speech
    assert (quote.kind, quote.quote_text, quote.speaker_text) == (
        REPORTED,
        'The "green corridor" never opened',
        "aid workers",
    )


def test_words_after_a_comma_and_a_cue_are_a_speaker_only_when_they_name_one(nlp):
    body = "The audit, written by the Lisbon Court of Auditors, said the hospital had overspent by a third."
    article, (quote,) = _quotes(nlp, body)
    assert (quote.kind, quote.quote_text) == (REPORTED, "the hospital had overspent by a third")
    assert _speaker(article, quote) == "Lisbon Court of Auditors"
