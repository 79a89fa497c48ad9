"""The search query language: each operator parses to its tree; a mistake is a QueryError naming its position."""

from __future__ import annotations

import re

import duckdb
import pytest

from orchestration.lib.search.query import (
    And,
    Filter,
    Near,
    Not,
    Or,
    Phrase,
    QueryError,
    Term,
    parse,
    positive_terms,
    tokens,
)
from orchestration.lib.settings import PROJECT_ROOT


def test_words_are_anded_and_folded():
    assert parse("Sahel JUNTA") == And((Term("sahel"), Term("junta")))
    assert parse("Sahel AND junta") == parse("sahel junta")
    assert parse("Élysée") == Term("elysee")


def test_or_binds_looser_than_and():
    assert parse("a b OR c") == Or((And((Term("a"), Term("b"))), Term("c")))
    assert parse("a (b OR c)") == And((Term("a"), Or((Term("b"), Term("c")))))


def test_lower_case_operators_are_words():
    assert parse("rock and roll") == And((Term("rock"), Term("and"), Term("roll")))


def test_not_and_minus_exclude():
    assert parse("coup NOT mali") == And((Term("coup"), Not(Term("mali"))))
    assert parse("coup -mali") == parse("coup NOT mali")
    assert parse("coup NOT NOT mali") == And((Term("coup"), Term("mali")))


def test_phrases_prefixes_and_hyphenated_words():
    assert parse('"military  Instructors"') == Phrase((Term("military"), Term("instructors")))
    assert parse("sanction*") == Term("sanction", prefix=True)
    assert parse("al-Qaeda") == Phrase((Term("al"), Term("qaeda")))
    assert parse('"one"') == Term("one")


def test_near_takes_a_distance_and_positional_operands():
    assert parse("wagner NEAR/5 niger") == Near(Term("wagner"), Term("niger"), 5)
    assert parse('"air defense" NEAR/2 russia*') == Near(
        Phrase((Term("air"), Term("defense"))), Term("russia", prefix=True), 2
    )


def test_near_takes_or_groups_of_positional_operands():
    assert parse("(russia* OR kremlin) NEAR/3 troops") == Near(
        Or((Term("russia", prefix=True), Term("kremlin"))), Term("troops"), 3
    )


def test_filters():
    assert parse("source:example.org troops") == And((Filter("source", "example.org"), Term("troops")))
    assert parse('entity:"Jane Q. Doe"') == Filter("entity", "Jane Q. Doe")
    assert parse("type:person") == Filter("type", "PERSON")
    assert parse("date:2024-03-01..2024-03-31") == And((Filter("since", "2024-03-01"), Filter("until", "2024-03-31")))
    assert parse("date:2024-03-05") == And((Filter("since", "2024-03-05"), Filter("until", "2024-03-05")))
    assert parse("since:2024-01-02") == Filter("since", "2024-01-02")
    # a colon in a word that is not a filter name stays a word
    assert parse("10:30") == Phrase((Term("10"), Term("30")))


@pytest.mark.parametrize(
    ("query", "position", "message"),
    [
        ("", 0, "empty query"),
        ("troops AND", 10, "ends where a term is expected"),
        ("(troops OR aid", 14, "missing closing parenthesis"),
        ("troops)", 6, "unexpected ')'"),
        ('"open phrase', 0, "unclosed quote"),
        ("NOT troops", 0, "NOT needs a term"),
        ("aid OR NOT troops", 7, "NOT needs a term"),
        ("a NEAR/x b", 2, "NEAR needs a distance"),
        ("a NEAR/5 (b OR source:x.org)", 9, "NEAR joins words"),
        ("since:2024-02-30", 0, "not a date"),
        ("source: troops", 7, "source: needs a value"),
        ("x*y", 0, "only at the end"),
        ("a*", 0, "at least two letters"),
        ("()", 1, "empty parentheses"),
        ("+++", 0, "no letters or digits"),
    ],
)
def test_mistakes_name_their_position(query: str, position: int, message: str):
    with pytest.raises(QueryError) as raised:
        parse(query)
    assert raised.value.position == position
    assert message in str(raised.value)
    assert f"position {position + 1}" in str(raised.value)


def test_positive_terms_leave_out_negated_ones():
    assert positive_terms(parse('a "b c" NOT d (e OR fi*)')) == [
        Term("a"),
        Term("b"),
        Term("c"),
        Term("e"),
        Term("fi", prefix=True),
    ]


SAMPLES = [
    "Ça, l'Élysée: al-Qaeda's 1,000 troops—Niger's Tchiani!",
    "Łódź, İstanbul, São Paulo and Zürich; naïve façade, coöperate",
    "e-mail_address x2 3.5% $100m «quoted» “curly” don’t",
    "Ærø Ñandú ΑΘΗΝΑ Москва 東京 ١٢٣",
    "  leading and trailing  \n\tspace  ",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_query_words_split_as_the_index_does(text: str):
    """The dbt model's SQL (fct_search_postings.sql) and tokens() must give the same terms."""
    macro = (PROJECT_ROOT / "dbt_project" / "macros" / "search_words.sql").read_text(encoding="utf-8")
    pattern = re.search(r"lower\(strip_accents\(.*\)\), '([^']+)'\)", macro).group(1)
    sql = f"select regexp_split_to_array(lower(strip_accents(?)), '{pattern}')"
    in_sql = [t for t in duckdb.sql(sql.replace("?", "$text"), params={"text": text}).fetchone()[0] if t]
    assert tokens(text) == in_sql
