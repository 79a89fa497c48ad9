"""The claims stage on a real DuckDB: files scanned, parsed and annotated as a run does it, then the figures and quotes
read from the stored sentences and mentions, stored per body, read again only under new rules, and guarded by the
Great Expectations suite (which names the property a damaged row breaks)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from orchestration.lib.claims.stage import STAGE_VERSION, extract_claims
from orchestration.lib.entities.step import resolve_entities
from orchestration.lib.nlp.mentions import extract_annotations, load_pipeline, ner_version
from orchestration.lib.quality import suites
from orchestration.lib.quality.expectations import CheckContext
from orchestration.lib.quality.suites import SUITES_BY_ASSET, validate_suite
from orchestration.lib.warehouse.claims import article_texts, pending_claim_bodies, store_claims
from orchestration.lib.warehouse.connection import connect
from orchestration.lib.warehouse.landing import pending_bodies, store_mentions
from tests.ingest import ingest_and_parse

NOW = datetime(2026, 3, 9, 12, 0)

FILES = {
    "storm.txt": "Title: Storm hits the coast\nDate: March 8, 2026\n\n"
    "Heavy rain flooded the port town of Calvera on Sunday. About 3,000 people left their homes, and officials "
    "counted at least 12 damaged bridges.\n\n"
    '"We have never seen water this high," said Marta Ruiz, the town\'s mayor.\n',
    "market.txt": "Title: Markets calm\nDate: March 8, 2026\n\n"
    "Traders in Lisbon shrugged off the news as shares closed higher on Friday.\n",
}


@pytest.fixture
def warehouse(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, text in FILES.items():
        (raw / name).write_text(text, encoding="utf-8")
    with connect(tmp_path / "work.duckdb") as con:
        ingest_and_parse(con, raw, NOW)
        bodies = pending_bodies(con, ner_version())
        mentions, sentences = extract_annotations(load_pipeline(), bodies)
        store_mentions(con, [sha for sha, _ in bodies], mentions, ner_version(), NOW, sentences)
        yield con


def run_stage(con) -> tuple[int, int]:
    pending = pending_claim_bodies(con, STAGE_VERSION)
    claims, quotes = extract_claims(article_texts(con, pending))
    store_claims(con, pending, claims, quotes, STAGE_VERSION, NOW)
    return claims.height, quotes.height


def test_the_stage_reads_each_body_once_with_its_sentences_mentions_and_day(warehouse):
    con = warehouse
    pending = pending_claim_bodies(con, STAGE_VERSION)
    assert len(pending) == 2
    texts = dict(article_texts(con, pending))
    storm = next(text for text in texts.values() if "Calvera" in text.body)
    assert storm.published.isoformat() == "2026-03-08"
    assert len(storm.sentences) >= 3 and any(m.text == "Marta Ruiz" for m in storm.mentions)
    figures, quotes = run_stage(con)
    assert figures >= 2 and quotes >= 1
    # Every body is marked read, also the one with nothing to say, and nothing is read twice.
    assert con.execute("select count(*), sum(claim_count) from landing.claim_bodies").fetchone() == (2, figures)
    assert pending_claim_bodies(con, STAGE_VERSION) == []
    assert run_stage(con) == (0, 0)
    # New rules read every body again, replacing (not adding to) what the old ones found.
    assert len(pending_claim_bodies(con, "other-rules")) == 2
    claims, said = extract_claims(article_texts(con, pending))
    store_claims(con, pending, claims, said, "other-rules", NOW)
    assert con.execute("select count(*) from landing.claims").fetchone() == (figures,)


def test_the_stored_figures_and_quotes_cut_out_their_text(warehouse):
    con = warehouse
    run_stage(con)
    rows = con.execute(
        """
        select c.figure_text, c.value, c.counted, c.hedge, substr(a.body, c.char_start + 1, c.char_end - c.char_start)
        from landing.claims c join landing.articles a using (body_sha256)
        """
    ).fetchall()
    assert all(text == cut for text, *_, cut in rows)
    assert ("people", "approximately", 3000.0) in {(counted, hedge, value) for _, value, counted, hedge, _ in rows}
    speaker, quote = con.execute(
        "select q.speaker_text, q.quote_text from landing.quotes q where q.kind = 'direct'"
    ).fetchone()
    assert quote == "We have never seen water this high," or quote.startswith("We have never seen water this high")
    assert speaker == "Marta Ruiz"


def test_the_checks_pass_and_name_a_damaged_offset(warehouse):
    con = warehouse
    run_stage(con)
    suite = SUITES_BY_ASSET["claims"]
    context = CheckContext(now=NOW, raw_file_count=2)
    outcome = validate_suite(con, suite, context)
    assert outcome.rows >= 3 and outcome.blocking_passed, outcome.outcomes
    con.execute("update landing.claims set char_end = char_end + 1 where claim_index = 0")
    con.execute("update landing.quotes set kind = 'rumour'")
    failed = {prop.name for prop, result in validate_suite(con, suite, context).outcomes if not result.success}
    assert failed == {"claim_offsets_cut_out_their_text", "quote_kind_is_known"}


DAMAGE = {
    "ner_mentions": "update landing.mentions set char_end = char_end + 1 where mention_index = 1",
    "resolved_entities": "update landing.entity_aliases set rule = 'guess'",
}


@pytest.mark.parametrize("asset", ["ner_mentions", "resolved_entities"])
def test_mention_checks_in_parts_of_the_bodies_find_what_one_frame_finds(warehouse, monkeypatch, asset):
    # A first validation of a large warehouse reads mentions a part of the bodies at a time: every row is read once,
    # and what fails fails as in one frame, with the same counts.
    con = warehouse
    resolve_entities(con, NOW)
    suite, context = SUITES_BY_ASSET[asset], CheckContext(now=NOW, raw_file_count=2)

    def failed() -> list[tuple[str, int]]:
        outcome = validate_suite(con, suite, context, full=True)
        return [(prop.name, result.unexpected_count) for prop, result in outcome.outcomes if not result.success]

    whole = validate_suite(con, suite, context, full=True)
    monkeypatch.setattr(suites, "PART_ROWS", 3)
    assert len(suite.parts(con, None)) > 2
    parted = validate_suite(con, suite, context, full=True)
    assert parted.rows == whole.rows > 6 and parted.blocking_passed
    con.execute(DAMAGE[asset])
    in_parts = failed()
    assert len(in_parts) == 1 and in_parts[0][1] >= 2  # the damaged mentions of both bodies, summed over the parts
    monkeypatch.setattr(suites, "PART_ROWS", 10**6)
    assert len(suite.parts(con, None)) == 1
    assert failed() == in_parts
