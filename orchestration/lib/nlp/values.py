"""Value mentions: what spaCy labels DATE, TIME, PERCENT, MONEY, QUANTITY, ORDINAL or CARDINAL is a value, not a
named thing. Such mentions leave the entity marts for marts.value_mentions, with the number they state where it can be
read: "two million" is 2000000, "1,000" is 1000, "$100 million" is 100000000 (USD), "10%" is 10 (percent),
"some 650" is 650. Number words are read by number-parser; digits, scales and units here.
"""

from __future__ import annotations

import re

import duckdb
import pyarrow as pa
from number_parser import parse as words_to_digits

VALUE_TYPES = ("DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL")
# Dates and times are kept as text: "Thursday" or "last year" needs the article's date to mean a day (a later stage).
NUMERIC_TYPES = ("PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL")

CURRENCIES = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₦": "NGN", "cfa": "XOF"}
CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "yen": "JPY",
    "rupees": "INR",
    "naira": "NGN",
    "francs": "XOF",
    "rubles": "RUB",
    "roubles": "RUB",
    "yuan": "CNY",
    "rand": "ZAR",
    "birr": "ETB",
    "cedis": "GHS",
    "kwacha": "ZMW",
}
SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "dozen": 12,
}
ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
FRACTIONS = frozenset({"half", "third", "thirds", "quarter", "quarters", "fifth", "fifths"})
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:st|nd|rd|th)?(?![\w,]*\d)")
_WORD = re.compile(r"[^\W\d_]+|[$€£¥₹₦%]")


def normalise(text: str, value_type: str) -> tuple[float | None, str | None]:
    """The number a value mention states and its unit (a currency code, "percent", or the counted unit word of a
    quantity), or (None, None) when it states none that can be read (dates and times always)."""
    if value_type not in NUMERIC_TYPES:
        return None, None
    lowered = text.lower().strip()
    if value_type == "ORDINAL" and lowered in ORDINAL_WORDS:
        return float(ORDINAL_WORDS[lowered]), None
    if FRACTIONS.intersection(_WORD.findall(lowered)):
        return None, None  # "one-third", "one and a half million": not read rather than misread
    # "two million" -> "2000000", "$100 million" -> "$100 1000000". The language named: guessing it costs the parser
    # forty times the reading (the claims stage reads every figure), and reads Spanish "once" (11) in English text.
    digits = words_to_digits(lowered, language="en")
    number = _NUMBER.search(digits)
    words = _WORD.findall(digits)
    if number is None:
        if "dozen" not in words:
            return None, None
        value = 12.0  # "a dozen"
    else:
        value = float(number.group(1).replace(",", "") + (number.group(2) or ""))
        value *= _scale(digits[number.end() :])
    return value, _unit(lowered, words, value_type)


def _scale(after: str) -> float:
    """The scale word or figure right after the number: "100 million", "1.5bn", "$100 1000000" (number-parser's)."""
    match = re.match(r"\s*([a-z]+|\d+)\b", after)
    if match is None:
        return 1.0
    token = match.group(1)
    if token.isdigit():
        return float(token) if token in ("1000", "1000000", "1000000000", "1000000000000") else 1.0
    return SCALES.get(token, 1.0)


def _unit(lowered: str, words: list[str], value_type: str) -> str | None:
    if value_type == "PERCENT" or "%" in lowered or "percent" in words or "per" in words and "cent" in words:
        return "percent"
    for symbol, code in CURRENCIES.items():
        if lowered.startswith(symbol) or f" {symbol}" in lowered:
            return code
    for word in words:
        if word in CURRENCY_WORDS:
            return CURRENCY_WORDS[word]
    if value_type == "QUANTITY":
        units = [w for w in words if w not in SCALES and w not in ("about", "some", "nearly", "around", "more", "than")]
        return units[-1] if units else None
    return None


# Rows read and normalised at a time: a full build holds the mentions as Arrow columns (about 80 bytes a row) and only
# one batch as Python objects, so the dbt process does not grow by a Python tuple per value mention of the warehouse.
BATCH_ROWS = 50_000
SCHEMA = pa.schema(
    [
        ("mention_id", pa.string()),
        ("article_id", pa.string()),
        ("value_type", pa.string()),
        ("mention_text", pa.string()),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("sentence_index", pa.int32()),
        ("value", pa.float64()),
        ("unit", pa.string()),
    ]
)


def value_mentions(con: duckdb.DuckDBPyConnection, *, target: str | None, changed_articles: str) -> pa.Table:
    """The value mentions of the current articles (those of `changed_articles` when `target`, the existing table, is
    given: its rows of those articles are deleted first), each with its number and unit where it states one."""
    where = ""
    if target is not None:
        con.execute(f"delete from {target} where article_id in ({changed_articles})")
        where = f"and articles.article_id in ({changed_articles})"
    reader = con.execute(
        f"""
        select articles.article_id || ':' || mentions.mention_index as mention_id, articles.article_id,
            mentions.entity_type as value_type, mentions.mention_text, mentions.char_start::integer as char_start,
            mentions.char_end::integer as char_end, mentions.sentence_index::integer as sentence_index
        from staging.stg_mentions as mentions
        inner join intermediate.int_articles as articles on articles.body_sha256 = mentions.body_sha256
        where mentions.entity_type in (select unnest(?)) {where}
        """,
        [list(VALUE_TYPES)],
    ).to_arrow_reader(BATCH_ROWS)
    return pa.Table.from_batches([_with_values(batch) for batch in reader], schema=SCHEMA)


def _with_values(batch: pa.RecordBatch) -> pa.RecordBatch:
    texts, kinds = batch.column("mention_text").to_pylist(), batch.column("value_type").to_pylist()
    values = [normalise(text, value_type) for text, value_type in zip(texts, kinds, strict=True)]
    columns = [batch.column(name).cast(SCHEMA.field(name).type) for name in SCHEMA.names[:7]]
    columns += [
        pa.array([value for value, _ in values], pa.float64()),
        pa.array([unit for _, unit in values], pa.string()),
    ]
    return pa.RecordBatch.from_arrays(columns, schema=SCHEMA)
