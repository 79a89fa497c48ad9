"""Figures: the numbers an article states that count or measure something ("approximately 1,000 American troops",
"$100 million", "up to 30 cm of snow"), each with its value, unit, what it counts, the entities it is about, how
exact the article says it is (the hedge) and the time it holds for.

The value mentions the NER stage stored (CARDINAL, MONEY, PERCENT, QUANTITY) are the candidates; rules over the
tokenizer's tokens (text.make_doc: no model runs) drop those that count nothing (years, ages, clock times, phone and
house numbers, "one of the") and read the rest. The word lists are files under data/, hashed into CLAIMS_VERSION.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from orchestration.lib.claims.text import ArticleText, make_doc
from orchestration.lib.nlp.values import CURRENCIES, CURRENCY_WORDS, SCALES, VALUE_TYPES, normalise
from orchestration.lib.versions import files_version

DATA_DIR = Path(__file__).parent / "data"
FIGURE_FILES = tuple(
    DATA_DIR / name for name in ("figure_hedges.tsv", "figure_units.tsv", "counted_nouns.tsv", "counted_stopwords.txt")
)
FIGURE_LABELS = ("CARDINAL", "MONEY", "PERCENT", "QUANTITY")
HEDGES = ("exact", "approximately", "at least", "at most", "up to", "more than", "fewer than")
# "approximately" allows this much either side (chosen on the dev part of evaluation/data/claims: news rounds "some
# 650" to the nearest 50 or so, and outlets reporting one count within a tenth of each other do not disagree).
APPROXIMATE_TOLERANCE = 0.1


def _version(files: tuple[Path, ...]) -> str:
    return files_version(files, Path(__file__).read_bytes())


# This file and its word lists: any change to them re-reads the figures of every article.
CLAIMS_VERSION = _version(FIGURE_FILES)


@dataclass(frozen=True)
class Figure:
    """One figure an article states; `body[char_start:char_end] == figure_text`. See the module's docstring."""

    sentence_index: int
    char_start: int
    char_end: int
    figure_text: str
    value: float
    unit: str | None
    counted: str | None
    counted_key: str | None
    about_mentions: tuple[int, ...]
    hedge: str
    value_low: float | None
    value_high: float | None
    as_of_text: str | None
    as_of_date: date | None


def _lines(name: str) -> list[list[str]]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def _words() -> tuple[dict[tuple[str, ...], str], dict[str, str], dict[str, str], frozenset[str]]:
    hedges = {tuple(phrase.split()): hedge for phrase, hedge in _lines("figure_hedges.tsv")}
    units = {word: unit for word, unit in _lines("figure_units.tsv")}
    nouns = {plural: key for plural, key in _lines("counted_nouns.tsv")}
    stopwords = frozenset(line[0] for line in _lines("counted_stopwords.txt"))
    return hedges, units, nouns, stopwords


# Words right before a number that make it a label, not a count: "No. 5", "page 12", "flight 370".
_LABEL_WORDS = frozenset(
    "no. no number # page room flight route article section resolution chapter highway platform gate bus line "
    "version level grade category class size pp p. aged age item phase stage round act".split()
)
_STREET_WORDS = frozenset("street st. road rd avenue ave. lane boulevard drive way square".split())
_CLOCK_WORDS = frozenset("a.m. p.m. am pm gmt utc hours hrs o'clock".split())
_AGE_AFTER = frozenset({"-year", "year", "years", "-year-old", "year-old"})
_AGE_BEFORE = frozenset({"aged", "age", "turned", "turns", "turning"})
# "one" alone is a pronoun in "one of the", "no one", "the one who".
_PRONOUN_ONE_BEFORE = frozenset({"the", "no", "each", "any", "every", "this", "that", "which"})
# A comma followed by one of these starts another clause: a date there qualifies that clause, not the figure.
_CLAUSE_WORDS = frozenset("though although but while whereas which who when after before as because".split())
_CLAUSE_PUNCT = frozenset({";", "—", "–", "(", ")", ":"})
_AUXILIARIES = frozenset("is are was were has have had will would could can may might".split())
_TIME_PREPOSITIONS = frozenset("in since by until till on during at from through before after as of for over".split())
_PLACE_PREPOSITIONS = frozenset({"in", "at", "to", "from", "across", "inside", "near", "into", "for", "throughout"})
_HAVE_VERBS = frozenset(
    "has had have keeps kept maintains maintained deployed deploys sent sends stations stationed employs employed "
    "counts counted hosts hosted".split()
)
_RANGE = re.compile(r"^(?:between\s+)?(.+?)\s*(?:\band\b|\bto\b|-|–)\s*(.+)$", re.IGNORECASE)
_PHONE = re.compile(r"\d{2,}[-\s.]\d{2,}[-\s.]\d{2,}|^\+\d|^\d{3}-\d{4}$")
_DURATION = re.compile(r"\b(?:years|months|weeks|days|decades?|hours)\b", re.IGNORECASE)
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")


def extract_figures(article: ArticleText, doc: Doc | None = None) -> list[Figure]:
    """Every figure the article states, in order of position (`doc`: make_doc(article), when the caller has it)."""
    doc = make_doc(article) if doc is None else doc
    figures = []
    for span in _candidates(doc):
        figure = _figure(article, doc, span)
        if figure is not None:
            figures.append(figure)
    return figures


def _candidates(doc: Doc) -> list[Span]:
    """The number mentions, and the counts the model missed or took for a date ("between 40 and 60" labelled DATE, a
    bare "70" left out) when a counted plural follows them."""
    spans = [span for span in _ents(doc) if span.label_ in FIGURE_LABELS]
    for span in _ents(doc):
        if span.label_ == "DATE" and _only_numbers(span) and _plural_follows(doc, span.end):
            spans.append(Span(doc, span.start, span.end, label="CARDINAL"))
    i = 0
    while i < len(doc):
        j = i
        while j < len(doc) and not doc[j].ent_type_ and (doc[j].like_num or j > i and doc[j].lower_ in SCALES):
            j += 1
        if j > i and doc[i].like_num and _plural_follows(doc, j):
            spans.append(Span(doc, i, j, label="CARDINAL"))
        i = max(j, i + 1)
    return sorted(spans, key=lambda span: span.start)


def _ents(doc: Doc) -> tuple[Span, ...]:
    """doc.ents, made once per doc (the property builds new spans on every read)."""
    if "ents" not in doc.user_data:
        doc.user_data["ents"] = tuple(doc.ents)
    return doc.user_data["ents"]


def _sentence(doc: Doc, i: int) -> tuple[int, int]:
    """(start, end) token indexes of the sentence of token i; spaCy's token.sent walks the doc on every call."""
    bounds = doc.user_data.get("sentence_bounds")
    if bounds is None:
        bounds = []
        for sentence in doc.sents:
            bounds += [(sentence.start, sentence.end)] * len(sentence)
        doc.user_data["sentence_bounds"] = bounds
    return bounds[i]


def _only_numbers(span: Span) -> bool:
    """A "date" made of numbers alone, no year: "between 40 and 60"."""
    words = [t for t in span if t.lower_ not in ("between", "and", "to", "-", "some", "about")]
    return bool(words) and all(t.like_num and not _YEAR.match(t.text) for t in words)


def _figure(article: ArticleText, doc: Doc, span: Span) -> Figure | None:
    hedges, units, _, _ = _words()
    start, end = span.start, span.end
    hedge, hedge_len = _hedge_at(doc, start, end, hedges, inside=True)
    number_start = start + hedge_len
    if hedge_len == 0:
        hedge, before = _hedge_at(doc, start, end, hedges, inside=False)
        start -= before
    if number_start > 0 and doc[number_start - 1].lower_ in CURRENCIES and start == number_start:
        start -= 1  # "€" or "US$" the model left outside the mention
    if _not_a_count(doc, span, number_start):
        return None
    label = span.label_
    if end < len(doc) and doc[end].lower_ in SCALES and doc[end - 1].whitespace_ == "" and doc[end].is_alpha:
        end += 1  # "£45m": the model left the scale letter outside
    if end < len(doc) and doc[end].lower_ in CURRENCY_WORDS and label in ("CARDINAL", "MONEY"):
        end += 1  # "90 million euros", "801 billion birr"
        label = "MONEY"
    number_text = doc[number_start:end].text
    if start < number_start and doc[number_start - 1].lower_ in CURRENCIES:
        number_text = doc[number_start - 1 : end].text
    low_high = _range(number_text, label)
    value, unit = normalise(number_text, label) if low_high is None else (low_high[0], normalise(number_text, label)[1])
    if value is None:
        return None
    if unit is None and label == "MONEY" and "$" in number_text:
        unit = "USD"
    if label == "QUANTITY" and unit is not None:
        unit = units.get(unit, unit)
    elif label == "CARDINAL" and end < len(doc) and doc[end].lower_ in units and not doc[end].is_title:
        unit = units[doc[end].lower_]  # "30 centimetres": a measure the model labelled a plain number
        end += 1
    if label == "CARDINAL" and _YEAR.match(number_text.strip()) and unit is None and not _plural_follows(doc, end):
        return None  # "in 2017", "since 1990"
    counted_span = _counted(doc, end, value, measure=unit is not None)
    counted_text = counted_span.text if counted_span is not None else None
    if counted_text is None and label == "CARDINAL" and number_text.lower() in ("one", "1"):
        return None
    if low_high is not None:
        value_low, value_high = low_high
    else:
        value_low, value_high = hedged_range(value, hedge)
    char_start, char_end = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
    as_of = _as_of(doc, start, end)
    as_of_text = article.body[_with_preposition(doc, as_of.start) : as_of.end_char] if as_of is not None else None
    sentence_index = article.sentence_of(char_start)
    return Figure(
        sentence_index=sentence_index if sentence_index is not None else -1,
        char_start=char_start,
        char_end=char_end,
        figure_text=article.body[char_start:char_end],
        value=value,
        unit=unit,
        counted=counted_text,
        counted_key=counted_key(counted_span[-1].text) if counted_span is not None else None,
        about_mentions=_about(doc, start, counted_span.end if counted_span is not None else end),
        hedge=hedge,
        value_low=value_low,
        value_high=value_high,
        as_of_text=as_of_text,
        as_of_date=resolve_as_of(as_of_text, article.published) if as_of_text else None,
    )


def _hedge_at(doc: Doc, start: int, end: int, hedges: dict, *, inside: bool) -> tuple[str, int]:
    """The hedge at the start of the mention (inside) or right before it, and how many tokens it takes."""
    for length in (4, 3, 2, 1):
        if inside:
            words = tuple(t.lower_ for t in doc[start : min(start + length, end - 1)])
        else:
            words = tuple(t.lower_ for t in doc[max(start - length, 0) : start])
        if len(words) == length and words in hedges:
            return hedges[words], length
    return "exact", 0


def hedged_range(value: float, hedge: str) -> tuple[float | None, float | None]:
    """The values a hedged figure allows: (low, high), None for an open end."""
    if hedge == "approximately":
        return value * (1 - APPROXIMATE_TOLERANCE), value * (1 + APPROXIMATE_TOLERANCE)
    if hedge in ("at least", "more than"):
        return value, None
    if hedge in ("at most", "up to", "fewer than"):
        return None, value
    return value, value


def _range(text: str, label: str) -> tuple[float, float] | None:
    """(low, high) of "between 200 and 300", "200-300", "$2 to $3 million"; None when the text is one number."""
    match = _RANGE.match(text.strip())
    if match is None or not re.search(r"\d|\w", match.group(1)):
        return None
    low, _ = normalise(match.group(1), label)
    high, _ = normalise(match.group(2), label)
    if low is None or high is None:
        return None
    if low < high / 100 and low * 1000 <= high:  # "2 to 3 million": the scale is written once, after the second
        for scale in (1e3, 1e6, 1e9, 1e12):
            if low * scale <= high < low * scale * 100:
                low *= scale
                break
    return (low, high) if low < high else None


def _not_a_count(doc: Doc, span: Span, number_start: int) -> bool:
    """Years, ages, clock times, phone, house and label numbers, and "one" as a pronoun count nothing."""
    text = span.text
    before = doc[number_start - 1].lower_ if number_start > 0 else ""
    after = doc[span.end] if span.end < len(doc) else None
    if _PHONE.search(text) or re.search(r"\d:\d\d", text):
        return True
    if span.end + 1 < len(doc) and doc[span.end].text in "-." and re.match(r"\d{3,}", doc[span.end + 1].text):
        return True  # "555-0192": a number that goes on past the mention is a phone number or a code
    if before in _LABEL_WORDS or before in _AGE_BEFORE:
        return True
    if after is not None and (after.lower_ in _CLOCK_WORDS or after.lower_ in _AGE_AFTER):
        return True
    if after is not None and after.text.startswith("-year"):
        return True
    if after is not None and after.is_title and (after.ent_type_ in ("GPE", "FAC", "LOC") or _street(doc, span.end)):
        following = doc[span.end + 1] if span.end + 1 < len(doc) else None
        # "12 Palm Street" is an address; "300 U.S. soldiers" counts soldiers of a place.
        if not (after.ent_type_ and following is not None and _is_plural(following)):
            return True
    if before == "," and after is not None and after.text == "," and _name_before(doc, number_start - 1):
        return True  # "Ms Adeyemi, 41, said"
    if span.text.lower() == "one" and (
        before in _PRONOUN_ONE_BEFORE or (after is not None and after.lower_ in ("of", "another"))
    ):
        return True
    return False


def _street(doc: Doc, i: int) -> bool:
    return any(t.lower_ in _STREET_WORDS for t in doc[i : i + 3])


def _name_before(doc: Doc, comma: int) -> bool:
    return comma > 0 and (doc[comma - 1].ent_type_ == "PERSON" or doc[comma - 1].is_title)


def _plural_follows(doc: Doc, i: int) -> bool:
    counted = _counted(doc, i, 2.0, measure=False)
    return counted is not None


def _is_plural(token: Token) -> bool:
    _, _, nouns, _ = _words()
    lower = token.lower_
    if lower in nouns:
        return True
    return len(lower) > 3 and lower.endswith("s") and not lower.endswith(("ss", "us", "is", "'s")) and token.is_alpha


def _noun_phrase(doc: Doc, i: int, limit: int = 5) -> list[Token]:
    """The tokens after i that may belong to a noun phrase: words (or names), until a function word or punctuation."""
    _, _, _, stopwords = _words()
    tokens = []
    sentence_end = _sentence(doc, i)[1] if i < len(doc) else i
    for token in doc[i : min(i + limit, sentence_end)]:
        # A name is a word of the phrase even when it is spelled like a stop word ("2,500 US troops").
        if token.is_punct or token.like_num or (token.lower_ in stopwords and not token.ent_type_):
            break
        if not (token.is_alpha or token.ent_type_ or _possessive(token) or "-" in token.text or token.text[-1] == "."):
            break
        tokens.append(token)
    return tokens


def _counted(doc: Doc, i: int, value: float, *, measure: bool) -> Span | None:
    """What the figure counts: the noun phrase after it up to its plural head ("American troops", "people"), or the
    phrase after "of" ("1,000 of its soldiers"; a measure's "of snow"); None when nothing is counted."""
    if i >= len(doc):
        return None
    if doc[i].lower_ == "of" or (measure and doc[i].lower_ == "in"):
        j = i + 1
        while j < len(doc) and doc[j].lower_ in ("the", "its", "their", "his", "her", "our", "a", "an", "those"):
            j += 1
        tokens = _noun_phrase(doc, j) if j < len(doc) else []
        if tokens and doc[i].lower_ != "of" and tokens[0].ent_type_ in VALUE_TYPES:
            return None
        measure = measure or doc[i].lower_ != "of"
    else:
        tokens = _noun_phrase(doc, i)
    if not tokens or tokens[0].ent_type_ in VALUE_TYPES or _possessive(tokens[0]):
        return None
    owner = [n for n, token in enumerate(tokens) if n + 1 < len(tokens) and _possessive(tokens[n + 1])]
    heads = [n for n, token in enumerate(tokens) if _is_plural(token) and n not in owner]
    if value != 1 and not measure:
        if not heads:
            return None
        last = heads[0]
        while last + 1 < len(tokens) and _is_plural(tokens[last + 1]):
            last += 1  # "police officers": a collective noun before the head
    else:
        window = 3 + 2 * len(owner)  # a measure or a single thing: a short phrase, "the city's roads"
        plural = [n for n in heads if n < window]
        nouns = [n for n, token in enumerate(tokens[:window]) if n not in owner and not _possessive(token)]
        if not plural and not nouns:
            return None
        last = plural[0] if plural else nouns[-1]
    return doc[tokens[0].i : tokens[last].i + 1]


def _possessive(token: Token) -> bool:
    return token.lower_ in ("'s", "’s")


def counted_key(head: str) -> str:
    """The key that matches one counted thing across outlets: its head noun, lowercased and singular ("troops" ->
    "troop", "people" -> "person"); irregular plurals from data/counted_nouns.tsv, the rest by English's rules."""
    _, _, nouns, _ = _words()
    word = head.lower()
    if word in nouns:
        return nouns[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _clause(doc: Doc, i: int) -> tuple[int, int]:
    """The token range of the clause around token i: its sentence cut at semicolons, dashes, brackets and a comma
    before "though", "which", "but"... ."""
    start, end = _sentence(doc, i)
    sentence = doc[start:end]
    for token in doc[sentence.start : i]:
        if _clause_break(doc, token.i):
            start = token.i + 1
    for token in doc[i : sentence.end]:
        if _clause_break(doc, token.i):
            end = token.i
            break
    return start, end


def _clause_break(doc: Doc, i: int) -> bool:
    token = doc[i]
    if token.text in _CLAUSE_PUNCT:
        return True
    return token.text == "," and i + 1 < len(doc) and doc[i + 1].lower_ in _CLAUSE_WORDS


def _as_of(doc: Doc, start: int, end: int) -> Span | None:
    """The DATE or TIME mention that qualifies the figure: in its stretch of the sentence between commas (a date
    past a comma tells when something else happened or was said: ", officials said on Tuesday"), the first after it
    ("650 troops in December"), else the nearest before it ("last year, 40"), never past another figure; else a date
    that opens the sentence on its own ("In December, ...")."""
    sentence = doc[slice(*_sentence(doc, start))]
    cuts = [sentence.start - 1] + [t.i for t in sentence if _segment_break(doc, t.i)] + [sentence.end]
    low = max(c for c in cuts if c < start) + 1
    high = min(c for c in cuts if c >= end)
    dates = [
        e for e in _ents(doc) if e.label_ in ("DATE", "TIME") and sentence.start <= e.start and e.end <= sentence.end
    ]
    figures = [e.start for e in _ents(doc) if e.label_ in FIGURE_LABELS and not start <= e.start < end]
    after = [e for e in dates if end <= e.start and e.end <= high and not any(end <= f < e.start for f in figures)]
    if after:
        return after[0]
    before = [e for e in dates if low <= e.start and e.end <= start and not any(e.end <= f < start for f in figures)]
    if before:
        return before[-1]
    opening = min(c for c in cuts if c >= sentence.start)
    for ent in dates:
        if doc[ent.end : opening] and ent.end == opening and ent.start - sentence.start <= 2 and opening < start:
            return ent
    return None


def _segment_break(doc: Doc, i: int) -> bool:
    """A comma, a clause break, or "and" before a new verb ("and was re-elected")."""
    token = doc[i]
    if token.text == "," or _clause_break(doc, i):
        return True
    return token.lower_ in ("and", "but") and i + 1 < len(doc) and doc[i + 1].lower_ in _AUXILIARIES


def _with_preposition(doc: Doc, i: int) -> int:
    """Character start of a date mention with the preposition before it: "in December", "as of Monday"."""
    if i >= 2 and doc[i - 2].lower_ == "as" and doc[i - 1].lower_ == "of":
        return doc[i - 2].idx
    if i >= 1 and doc[i - 1].lower_ in _TIME_PREPOSITIONS:
        return doc[i - 1].idx
    return doc[i].idx


def _about(doc: Doc, start: int, end: int) -> tuple[int, ...]:
    """Mention indexes of the named entities the figure is about: names in what it counts ("US troops"), the place
    after it ("troops [deployed] in Niger"), the one that has them ("The United States has some 1,000 troops",
    "Niger's 200 soldiers")."""
    clause_start, clause_end = _clause(doc, start)
    about = []
    named = [e for e in _ents(doc) if e.label_ not in VALUE_TYPES and clause_start <= e.start and e.end <= clause_end]
    for ent in named:
        if start <= ent.start and ent.end <= end:
            about.append(ent)
    # a place after what is counted, past at most two words ("deployed", "working", "based")
    i = end
    while i < min(end + 2, clause_end) and doc[i].is_alpha and doc[i].lower_ not in _PLACE_PREPOSITIONS:
        i += 1
    if i < clause_end and doc[i].lower_ in _PLACE_PREPOSITIONS:
        j = i + 1 + (i + 1 < len(doc) and doc[i + 1].lower_ == "the")
        about += [e for e in named if e.start == j]
    # the owner before the figure: "X's 200", "X (military) (still) has some 1,000"
    for ent in named:
        gap = doc[ent.end : start]
        if len(gap) == 1 and gap[0].lower_ in ("'s", "’s"):
            about.append(ent)
        elif 1 <= len(gap) <= 4 and gap[-1].lower_ in _HAVE_VERBS and not any(t.is_punct for t in gap):
            about.append(ent)
    return tuple(sorted({int(e.kb_id_) for e in about if e.kb_id_}))


def resolve_as_of(text: str, published: date | None) -> date | None:
    """The day a time qualifier names, on the article's clock: the first day of a month or year it names ("in
    December" is the last December up to the publication day, "last year" its 1 January); None for a duration ("for
    three years"), for what dateparser cannot read, and for a relative phrase when the publication day is unknown."""
    words = text.split()
    while words and words[0].lower() in _TIME_PREPOSITIONS:
        words = words[1:]
    phrase = " ".join(words)
    if not phrase or (_DURATION.search(phrase) and "ago" not in phrase.lower()):
        return None
    if published is None and not re.search(r"\b(1[89]|20)\d\d\b", phrase):
        return None
    return _resolve(phrase, published)


@cache
def _resolve(phrase: str, published: date | None) -> date | None:
    base = datetime(published.year, published.month, published.day) if published else datetime(2000, 1, 1)
    data = _date_parser(base).get_date_data(phrase)
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "year":
        return date(day.year, 1, 1)
    if data.period == "month":
        return date(day.year, day.month, 1)
    return day


@cache
def _date_parser(base: datetime):
    from dateparser.date import DateDataParser  # slow to import: only when a qualifier needs a date

    return DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"},
    )
