"""Quotes: the words an article quotes (direct quotations) or reports (reported speech), who said them and the cue.

No model runs here: the rules read the tokenizer's tokens (text.make_doc), punctuation, the mentions the NER stage
stored, and three word lists under data/ (speech cues, speaker words, title words), so the stage costs a small part
of the NER stage's time. textacy's `direct_quotations` was not used: it reads a dependency parse, and running the
parser (the NER stage runs only `senter` and `ner`) would cost about as much as the whole NER stage: tok2vec, tagger
and parser alone took 96 % of the NER stage's time on 120 Wikinews bodies (53 against 55 ms per article), where the
budget for claims and quotes together is 15 %. These rules take about 6 % (`python -m evaluation.quotes_eval --speed`),
most of it the tokenizer's Doc, which claims can share (`extract_quotes(article, doc)`).

What counts as a quote, and how it is cut:
- Direct: the words between quotation marks (straight, curly, single, « »), without the marks. A quote that opens
  and closes across several sentences is one quote; one left open at the end of a paragraph ends there (news style
  reopens the quote on the next paragraph). Attribution is a speech cue next to the marks: after them
  ('"...," X said.', '"...," said X.', '"...," he told Reuters.': the speaker right after the closing mark, and not
  after a quote that ended its sentence) or before them ('X said: "..."', 'X said the plan was "..."', the cue at
  most six tokens before the opening mark). A partial quote inside a sentence with a cue is a direct quote of the
  quoted words only; one of three words or more without a cue is a direct quote without a speaker.
- A split quote ('"A," she said. "B."' or '"A," said X, "b."') is two quotes: the second, having no cue of its own,
  takes the speaker and cue of the quote just before it (within two sentences). So does a quote that continues the
  previous paragraph's. Any other whole-sentence quote without a cue gets the nearest PERSON mention before it as
  speaker and no cue; speaker_text is then that mention's text (None when there is none).
- Not quotes: a quoted term of one or two words without a cue (scare quotes), a quoted phrase after a title word
  ("the film ...", "a report titled ..."), a title-cased phrase without a cue, anything in a headline line.
  Apostrophes ("the Greens' leader", "don't") are no quotation marks.
- Reported: "X said (that) ...", "X told reporters ...", "according to X, ...", and the words before
  ", X said." / ", according to X." at the end of a sentence: the reported words run to the end of the sentence (or
  from its start to the comma), without the final punctuation. Verbs other than say and tell report speech only with
  "that" ("X warned that ...", not "X denied the report").
- The speaker: the phrase as written ("he", "the minister", "a spokesperson for the ministry"); its mention is the
  PERSON, ORG or GPE mention inside that phrase, or, for a pronoun or a definite role word ("the minister", "the
  company", data/speaker_words.tsv), the nearest PERSON or ORG mention before it in this or the two sentences before,
  outside quotes. An indefinite phrase ("a Russian coach") names nobody already mentioned: no mention.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from orchestration.lib.claims.text import ArticleText, make_doc
from orchestration.lib.versions import files_version

DATA_DIR = Path(__file__).parent / "data"
CUES_FILE = DATA_DIR / "speech_cues.tsv"
SPEAKER_WORDS_FILE = DATA_DIR / "speaker_words.tsv"
TITLE_WORDS_FILE = DATA_DIR / "title_words.txt"


RULE_FILES = (Path(__file__), CUES_FILE, SPEAKER_WORDS_FILE, TITLE_WORDS_FILE)


def quotes_version(files: Sequence[Path] = RULE_FILES) -> str:
    """A hash of this module and its word lists: any change re-extracts the quotes of every article."""
    return files_version(files)


QUOTES_VERSION = quotes_version()

DIRECT, REPORTED = "direct", "reported"
SPEAKER_LABELS = ("PERSON", "ORG", "GPE")  # a country speaks through its government: "Niger said it ..."
# Opening marks and the marks that may close them (texts mix straight and curly quotes).
DOUBLE_CLOSERS = {"“": '”"', "«": "»", "„": "“”", '"': '"”'}
SINGLE_OPENERS, SINGLE_CLOSERS = "‘'", "’'"
QUOTE_CHARS = set("“”«»„\"‘’'")
SENTENCE_END = {".", "!", "?"}
# Where a speaker phrase stops when read backwards from its cue.
CLAUSE_BOUNDARY = frozenset(
    ", ; : ( ) — – - and but although though while as because since when so after before if whereas which that where"
    " yet or who whom".split()
)
# Words between a speaker and the cue that are neither ("X has repeatedly said", "X was quoted as saying").
AUXILIARIES = frozenset(
    "has have had was were is are also then later earlier again would will did does do not never once quoted as been"
    " first further separately previously reportedly recently initially".split()
)
PASSIVE = frozenset("was were is are be been being".split())
INDEFINITE = frozenset("a an one some another several two three many other".split())
DEFINITE = frozenset("the its his her their this that our".split())
PREPOSITIONS = frozenset(
    "in on at during after before to for with by from of late early last this via through over about into".split()
)
MAX_SPEAKER_TOKENS = 10
MAX_CUE_DISTANCE = 6  # tokens between a cue and the quote it introduces ('said in a statement on Friday: "...'')
MAX_AFTER = 12  # tokens after a closing mark within which the cue stands ('"...," one of the officers was quoted as
# saying'); the speaker before it is still at most MAX_SPEAKER_TOKENS
MAX_TRAILING = 8  # tokens after a trailing cue for ", X said (on Tuesday)." to be an attribution
CONTEXT_SENTENCES = 2  # a pronoun or role word looks this many sentences back for its mention


@dataclass(frozen=True)
class Quote:
    """One quotation or piece of reported speech: body[char_start:char_end] == quote_text (no quotation marks)."""

    sentence_index: int
    char_start: int
    char_end: int
    quote_text: str
    speaker_text: str | None
    speaker_mention: int | None
    kind: str
    cue: str | None


@dataclass(frozen=True)
class _Cue:
    lemma: str
    bare: bool  # reports speech without "that"
    start: int  # token indices: [start, end)
    end: int


@dataclass(frozen=True)
class _Attribution:
    cue: _Cue
    speaker: tuple[int, int]  # token range; empty when the speaker is not written


@cache
def speech_cues() -> dict[str, tuple[str, bool]]:
    """Word form -> (lemma, whether it reports speech without "that")."""
    cues = {}
    for line in _data_lines(CUES_FILE):
        lemma, clause, forms = line.split("\t")
        for form in forms.split():
            cues[form] = (lemma, clause == "bare")
    return cues


@cache
def speaker_words() -> dict[str, str]:
    """Pronoun or role word -> the label of the mention it stands for."""
    return dict(line.split("\t") for line in _data_lines(SPEAKER_WORDS_FILE))


@cache
def title_words() -> frozenset[str]:
    return frozenset(word for line in _data_lines(TITLE_WORDS_FILE) for word in line.split())


def _data_lines(path: Path) -> list[str]:
    lines = (line.rstrip("\n") for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line.strip() and not line.startswith("#")]


def quoted_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of the words inside each pair of quotation marks, marks excluded. Marks inside an open quote are
    its text (nested quotes); a double quote left open at the end of a paragraph ends there; a single mark that
    cannot open or close a quote is an apostrophe."""
    spans = []
    open_at, closers, single = None, "", False
    for i, char in enumerate(body):
        if open_at is None:
            if char in DOUBLE_CLOSERS:
                open_at, closers, single = i, DOUBLE_CLOSERS[char], False
            elif char in SINGLE_OPENERS and _single_opens(body, i):
                open_at, closers, single = i, SINGLE_CLOSERS, True
        elif char == "\n":
            if not single:
                spans.append((open_at + 1, i))
            open_at = None
        elif char in closers and (not single or _single_closes(body, i)):
            spans.append((open_at + 1, i))
            open_at = None
    if open_at is not None and not single:
        spans.append((open_at + 1, len(body)))
    trimmed = []
    for start, end in spans:
        text = body[start:end]
        start, end = start + len(text) - len(text.lstrip()), end - len(text) + len(text.rstrip())
        if end > start:
            trimmed.append((start, end))
    return trimmed


def _single_opens(body: str, i: int) -> bool:
    before = body[i - 1] if i else " "
    after = body[i + 1] if i + 1 < len(body) else " "
    return (before.isspace() or before in '([—–-"“') and (after.isalnum() or after in "‘…")


def _single_closes(body: str, i: int) -> bool:
    before = body[i - 1]
    after = body[i + 1] if i + 1 < len(body) else " "
    return not before.isspace() and not after.isalnum()


def headline_end(body: str) -> int:
    """Where the body's headline line ends (0 when there is none): a first line, followed by more, that does not end
    like a sentence. Quotes in a headline are the headline's, not a speaker's words."""
    first, newline, rest = body.partition("\n")
    line = first.strip().rstrip("".join(QUOTE_CHARS))
    if not newline or not rest.strip() or not line or line[-1] in SENTENCE_END or len(line.split()) > 25:
        return 0
    return len(first)


class _Article:
    """The Doc and the lookups the rules share for one article."""

    def __init__(self, article: ArticleText, doc: Doc | None = None):
        self.article = article
        self.body = article.body
        self.doc: Doc = make_doc(article) if doc is None else doc
        self.token_starts = [token.idx for token in self.doc]
        self.quotes = quoted_spans(article.body)
        self.marks = {mark for start, end in self.quotes for mark in (self._mark(start, -1), self._mark(end, 0))}
        self.headline_end = headline_end(article.body)
        self.used_cues: set[int] = set()

    def token_at(self, char: int) -> int:
        return max(bisect_right(self.token_starts, char) - 1, 0)

    def _mark(self, char: int, step: int) -> int:
        """The position of the quotation mark before `char` (step -1) or at or after it (step 0)."""
        mark = char + step
        while 0 < mark < len(self.body) - 1 and self.body[mark].isspace():
            mark += -1 if step else 1
        return mark

    def opening_mark(self, start: int) -> int:
        """The token of the mark opening the quote whose words start at `start` ("« mot »" has a space inside)."""
        mark = start - 1
        while mark > 0 and self.body[mark].isspace():
            mark -= 1
        return self.token_at(mark)

    def closing_mark(self, end: int) -> int:
        mark = end
        while mark < len(self.body) - 1 and self.body[mark].isspace():
            mark += 1
        return self.token_at(mark)

    def in_quote(self, char: int) -> bool:
        return any(start <= char < end for start, end in self.quotes)

    def is_stop(self, token: Token) -> bool:
        """A sentence end, a line break, or a quotation mark (not an apostrophe: "the Greens' leader")."""
        return (
            token.text in SENTENCE_END
            or "\n" in token.text
            or any(token.idx <= mark < token.idx + len(token) for mark in self.marks)
        )

    def sentence_index(self, char: int) -> int:
        index = self.article.sentence_of(char)
        if index is not None:
            return index
        starts = [start for start, _ in self.article.sentences]
        return max(bisect_right(starts, char) - 1, 0)

    def cue_at(self, i: int) -> _Cue | None:
        """The speech cue starting at token i, if it is one: not a passive "were said to", not "the said"."""
        doc = self.doc
        token = doc[i]
        found = speech_cues().get(token.lower_)
        if found is None or self.in_quote(token.idx):
            return None
        lemma, bare = found
        previous = doc[i - 1].lower_ if i > 0 else ""
        following = doc[i + 1].lower_ if i + 1 < len(doc) else ""
        if lemma == "according to":
            return _Cue(lemma, bare, i, i + 2) if following == "to" else None
        if (previous in PASSIVE and following == "to") or previous in {"the", "that", "it"} and following == ",":
            return None
        if previous == "the" or (token.is_title and i > 0 and not doc[i - 1].is_punct and not doc[i].is_sent_start):
            return None  # "the said agreement"; "Told" inside a title-cased name
        return _Cue(lemma, bare, i, i + 1)

    def speaker_before(self, cue: _Cue, floor: int) -> tuple[int, int]:
        """The speaker phrase before a cue: back over auxiliaries, then to a clause boundary (not below `floor`)."""
        doc = self.doc
        end = cue.start
        while end > floor and (doc[end - 1].lower_ in AUXILIARIES or _adverb(doc[end - 1])):
            end -= 1
        if end > floor + 1 and doc[end - 1].text == ",":
            end -= 1  # "X, the mayor of Y, said" / "The minister, X, later said": the phrase between the commas
        start = self._phrase_start(end, floor)
        if start - 2 >= floor and doc[start - 1].lower_ in {"who", "which"} and doc[start - 2].text == ",":
            end = start - 2  # "X, who led the study, said": X
            start = self._phrase_start(end, floor)
        while start < end and (
            doc[start].lower_ in PREPOSITIONS or doc[start].ent_type_ in ("DATE", "TIME") or doc[start].is_space
        ):
            start += 1  # "On Tuesday the minister said": the date is no part of the speaker
        if end - start > MAX_SPEAKER_TOKENS:
            return end, end
        return start, end

    def _phrase_start(self, end: int, floor: int) -> int:
        start = end
        while (
            start > floor
            and self.doc[start - 1].lower_ not in CLAUSE_BOUNDARY
            and not self.is_stop(self.doc[start - 1])
        ):
            start -= 1
        return start

    def speaker_after(self, cue: _Cue, ceiling: int) -> tuple[int, int]:
        """The speaker phrase after a cue (", said X." / "according to X"): to a comma or the end of the clause."""
        doc = self.doc
        start = cue.end
        while start < ceiling and doc[start].is_space:
            start += 1
        named = start + (start < ceiling and doc[start].lower_ in DEFINITE)
        if named < ceiling and doc[named].ent_type_ in SPEAKER_LABELS and doc[named].ent_iob_ == "B":
            end = named + 1  # "according to the Red Cross's figures": the name is the speaker
            while end < ceiling and doc[end].ent_iob_ == "I":
                end += 1
            return start, end
        end = start
        while end < ceiling and doc[end].text not in {",", ";", ":"} and not self.is_stop(doc[end]):
            end += 1
        if end - start > MAX_SPEAKER_TOKENS or (start < end and doc[start].lower_ in PREPOSITIONS):
            return start, start
        return start, end

    def looks_like_speaker(self, span: tuple[int, int]) -> bool:
        """Whether words after a cue name a speaker (", said the minister.") rather than report ("..., warned that")."""
        start, end = span
        if end <= start or end - start > MAX_SPEAKER_TOKENS:
            return False
        words = self.doc[start:end]
        named = words[int(len(words) > 1 and words[0].lower_ in DEFINITE)]
        return (
            named.ent_type_ in SPEAKER_LABELS  # "said Jane Doe", "said the Red Cross"
            or words[-1].lower_ in speaker_words()  # "said the company's chief executive"
            or (len(words) <= 3 and words[0].lower_ in DEFINITE | INDEFINITE)  # "said one witness"
        )

    def text_of(self, span: tuple[int, int]) -> str | None:
        start, end = span
        if end <= start:
            return None
        return self.body[self.doc[start].idx : self.doc[end - 1].idx + len(self.doc[end - 1])]

    def speaker_mention(self, span: tuple[int, int]) -> int | None:
        """The mention a speaker phrase names, directly or through a pronoun or role word (module docstring)."""
        start, end = span
        if end <= start:
            return None
        ents = [ent for ent in self.doc.ents if ent.start < end and ent.end > start and ent.label_ in SPEAKER_LABELS]
        words = [token.lower_ for token in self.doc[start:end]]
        known = speaker_words()
        before = self.doc[start].idx
        # the first of each label; a place speaks when it is the whole speaker ("Chad said"), not in "U.S. officials"
        named = {ent.label_: int(ent.kb_id_) for ent in reversed(ents) if ent.label_ != "GPE" or _whole(ent, span)}
        if "PERSON" in named:
            return named["PERSON"]
        role = next((word for word in words[1:4] if word in {"of", "for", "at"} or known.get(word) == "PERSON"), None)
        if words[0] in DEFINITE and role not in (None, "of", "for", "at"):
            return self.nearest_mention("PERSON", before)  # "the mayor of X": the mayor, not X
        for label in SPEAKER_LABELS:
            if label in named:
                return named[label]
        if len(words) == 1 and words[0] in known:
            return self.nearest_mention(known[words[0]], before)
        if words[0] in INDEFINITE:  # "a spokesperson for the ministry": the ministry, if anybody
            for i in range(len(words) - 2):
                if words[i] in {"for", "of", "at"} and words[i + 1] in DEFINITE and known.get(words[i + 2]) == "ORG":
                    return self.nearest_mention("ORG", before)
            return None
        heads = [word for word in words if word in known and word not in {"he", "she", "it"}]
        if heads and DEFINITE.intersection(words):
            return self.nearest_mention(known[heads[-1]], before)
        return None

    def nearest_mention(self, label: str, before: int) -> int | None:
        """The last mention with `label` ending before `before`, in its sentence or the CONTEXT_SENTENCES before,
        outside quotes (a name inside the quoted words is seldom who speaks them)."""
        sentence = self.sentence_index(before)
        floor = self.article.sentences[max(sentence - CONTEXT_SENTENCES, 0)][0] if self.article.sentences else 0
        candidates = [
            mention
            for mention in self.article.mentions
            if mention.label == label and floor <= mention.start and mention.end <= before
            and not self.in_quote(mention.start)
        ]  # fmt: skip
        return max(candidates, key=lambda mention: mention.start).index if candidates else None


def _whole(ent: Span, span: tuple[int, int]) -> bool:
    start = span[0] + (ent.doc[span[0]].lower_ in DEFINITE)
    return ent.start <= start and ent.end >= span[1]


def _adverb(token: Token) -> bool:
    return token.lower_.endswith("ly") and token.is_lower and len(token) > 4


def extract_quotes(article: ArticleText, doc: Doc | None = None) -> list[Quote]:
    """Every direct quotation and piece of reported speech of an article, in order (rules: module docstring). `doc`:
    the article's `make_doc`, when the caller has made it already (the claims rules read the same one)."""
    state = _Article(article, doc)
    direct = _direct_quotes(state)
    reported = [
        quote
        for quote in _reported_speech(state, direct)
        if not any(quote.char_start < other.char_end and other.char_start < quote.char_end for other in direct)
    ]
    return sorted(direct + reported, key=lambda quote: quote.char_start)


def _direct_quotes(state: _Article) -> list[Quote]:
    quotes: list[Quote] = []
    for start, end in state.quotes:
        if start < state.headline_end or _after_title_word(state, start):
            continue
        text = state.body[start:end]
        sentence = state.sentence_index(start)
        attribution = _attribution_after(state, end) or _attribution_before(state, start)
        if attribution is not None:
            state.used_cues.update(range(attribution.cue.start, attribution.cue.end))
            quotes.append(
                Quote(
                    sentence_index=sentence,
                    char_start=start,
                    char_end=end,
                    quote_text=text,
                    speaker_text=state.text_of(attribution.speaker),
                    speaker_mention=state.speaker_mention(attribution.speaker),
                    kind=DIRECT,
                    cue=attribution.cue.lemma,
                )
            )
            continue
        shape = _shape(state, start, text)
        if shape is None:
            continue  # a scare quote, a term, a title
        previous = quotes[-1] if quotes else None
        if shape == FRAGMENT:
            between = state.body[previous.char_end : start] if previous is not None else "."
            if previous is not None and previous.cue is not None and not re.search(r"[.!?]", between):
                # '"A," said X, "b."': the second half of a quote split by its attribution
                quote = Quote(sentence, start, end, text, previous.speaker_text, previous.speaker_mention, DIRECT, None)
                quotes.append(replace(quote, cue=previous.cue))
            else:  # 'blamed the delays on "unforeseen technical issues"': words quoted, speaker unsaid
                quotes.append(Quote(sentence, start, end, text, None, None, DIRECT, None))
            continue
        if previous is not None and previous.cue is not None and sentence - previous.sentence_index <= 2:
            speaker_text, mention, cue = previous.speaker_text, previous.speaker_mention, previous.cue
        else:
            mention = state.nearest_mention("PERSON", start)
            speaker_text = next((m.text for m in state.article.mentions if m.index == mention), None)
            cue = None
        quotes.append(Quote(sentence, start, end, text, speaker_text, mention, DIRECT, cue))
    return quotes


def _after_title_word(state: _Article, start: int) -> bool:
    """A quoted phrase right after "the film", "titled", "dubbed"... is a name, not somebody's words."""
    i = state.opening_mark(start)  # the opening mark
    previous = [token.lower_ for token in state.doc[max(i - 2, 0) : i]]
    return bool(title_words().intersection(previous))


SENTENCE, FRAGMENT = "sentence", "fragment"


def _shape(state: _Article, start: int, text: str) -> str | None:
    """What a quote without a cue is: a SENTENCE of its own (or after a colon), a FRAGMENT of three words or more
    quoted inside a sentence, or None: a term of one or two words (scare quotes) or a title-cased phrase (a title)."""
    words = text.split()
    if len(words) <= 2:
        return None
    long_words = [word for word in words if len(word) > 3 and word[0].isalpha()]
    if all(word[0].isupper() for word in long_words) and not re.search(r"[.,;:!?]", text):
        return None
    opening = state.opening_mark(start)
    previous = state.doc[opening - 1] if opening > 0 else None
    plain = re.sub(r"<[^>]*>", "", text).lstrip()  # markup is text, but "<b>We" still starts a sentence
    if (previous is None or state.is_stop(previous) or previous.text == ":") and plain[:1].isupper():
        return SENTENCE
    return FRAGMENT


def _attribution_after(state: _Article, end: int) -> _Attribution | None:
    """'"...," X said.' / '"...," said X.' / '"...," he told Reuters.': a cue within MAX_AFTER tokens after the
    closing mark, before the sentence ends."""
    doc = state.doc
    if end >= len(state.body):
        return None
    i = state.closing_mark(end) + 1
    while i < len(doc) and (doc[i].text in {",", "—", "–", "-"} or doc[i].is_space and "\n" not in doc[i].text):
        i += 1
    first = i
    if state.body[:end].rstrip().endswith(".") and first < len(doc) and doc[first].is_title:
        return None  # '"We will wait." Opposition leader X said ...': the quote ended its sentence
    stop = first
    while stop < len(doc) and not state.is_stop(doc[stop]):
        stop += 1
    for j in range(first, min(first + MAX_AFTER, stop)):
        cue = state.cue_at(j)
        if cue is None:
            continue
        if j == first or cue.lemma == "according to":
            speaker = state.speaker_after(cue, stop)
        else:
            speaker = state.speaker_before(cue, first)
        right_after = j == first or speaker[0] == first or doc[first].ent_type_ in SPEAKER_LABELS  # "X, the ..., said"
        if speaker[1] > speaker[0] and right_after:
            return _Attribution(cue, speaker)  # the speaker right after the quote, not '"..." never came, X said'
    return None


def _attribution_before(state: _Article, start: int) -> _Attribution | None:
    """'X said: "..."' / 'X told the BBC on Monday: "..."' / 'X said the plan was "...': the last cue within
    MAX_CUE_DISTANCE tokens before the opening mark, in the same sentence."""
    doc = state.doc
    opening = state.opening_mark(start)
    floor = opening
    while floor > 0 and not state.is_stop(doc[floor - 1]):
        floor -= 1
    for j in range(opening - 1, max(floor, opening - 1 - MAX_CUE_DISTANCE - 1) - 1, -1):
        cue = state.cue_at(j)
        if cue is None:
            continue
        if cue.lemma == "according to":
            speaker = state.speaker_after(cue, opening)
        else:
            speaker = state.speaker_before(cue, floor)
            if speaker[1] <= speaker[0]:  # 'said the minister: "...' (not 'announcing the arrival of "...')
                after = state.speaker_after(cue, opening)
                if doc[after[1]].text in {":", ","} and state.looks_like_speaker(after):
                    speaker = after
        if speaker[1] > speaker[0] or doc[cue.start].lower_.endswith("ing"):
            return _Attribution(cue, speaker)  # '..., announcing "...': a cue, its speaker unsaid
        return None
    return None


def _reported_speech(state: _Article, direct: list[Quote]) -> list[Quote]:
    """One piece of reported speech per sentence at most: the first cue outside quotes that frames one."""
    quotes = []
    doc = state.doc
    for index, (sentence_start, sentence_end) in enumerate(state.article.sentences):
        if sentence_start < state.headline_end:
            continue
        span = doc.char_span(sentence_start, sentence_end, alignment_mode="expand")
        if span is None:
            continue
        first, last = span.start, span.end
        while last > first and (doc[last - 1].is_punct or doc[last - 1].is_space):
            last -= 1  # the reported words stop before the final full stop (and closing marks)
        for i in range(first, last):
            if i in state.used_cues:
                continue
            cue = state.cue_at(i)
            if cue is None:
                continue
            found = _reported_at(state, cue, first, last, index, direct + quotes)
            if found is not None:
                quotes.append(found)
                break
    return quotes


def _reported_at(
    state: _Article, cue: _Cue, first: int, last: int, sentence: int, earlier: list[Quote]
) -> Quote | None:
    doc = state.doc
    if cue.lemma == "according to":
        speaker = state.speaker_after(cue, last)
        if speaker[1] <= speaker[0]:
            return None
        if cue.start > first and doc[cue.start - 1].text == ",":  # "..., according to X."
            words = (first, cue.start - 1)
        elif speaker[1] < last and doc[speaker[1]].text == ",":  # "According to X, ..."
            words = (speaker[1] + 1, last)
        else:
            return None
        return _reported(state, words, speaker, cue, sentence)
    if cue.start > first and doc[cue.start - 1].text == ",":
        after = state.speaker_after(cue, last)
        if after[1] == last and state.looks_like_speaker(after):  # "..., said the minister."
            return _reported(state, (first, cue.start - 1), after, cue, sentence)
        if doc[cue.start].lower_.endswith("ing"):
            # '"...," she said, adding that ...': the speaker of the quote before, in this sentence
            previous = earlier[-1] if earlier and earlier[-1].sentence_index == sentence else None
            words = _words_after(state, cue, last)
            if previous is None or words is None:
                return None
            return _reported(state, words, None, cue, sentence, (previous.speaker_text, previous.speaker_mention))
    speaker = state.speaker_before(cue, first)
    if speaker[1] <= speaker[0]:
        return None
    trailing = last - cue.end
    comma_before = speaker[0] - 1 > first and doc[speaker[0] - 1].text == ","
    # "..., X said (on Tuesday | in a statement | to reporters)." : nothing but a circumstance after the cue
    circumstance = trailing == 0 or (
        trailing <= MAX_TRAILING
        and (doc[cue.end].lower_ in PREPOSITIONS or doc[cue.end].ent_type_ in ("DATE", "TIME"))
        and not any(doc[k].lower_ == "that" for k in range(cue.end, last))
    )
    if cue.lemma == "tell" and trailing <= 3:
        circumstance = True  # ", she told reporters." / ", he told the BBC."
    if comma_before and circumstance:
        return _reported(state, (first, speaker[0] - 1), speaker, cue, sentence)
    words = _words_after(state, cue, last)
    if words is None:
        return None
    return _reported(state, words, speaker, cue, sentence)


def _words_after(state: _Article, cue: _Cue, last: int) -> tuple[int, int] | None:
    """The reported words after a cue: after "that" when it follows closely, else (say, tell) right after the cue,
    past the audience of "told" and a time phrase ("said on Tuesday")."""
    doc = state.doc
    for k in range(cue.end, min(cue.end + MAX_TRAILING, last)):
        if doc[k].lower_ == "that":
            return k + 1, last
        if doc[k].text in {",", ";", ":"} or state.is_stop(doc[k]):
            break
    if not cue.bare:
        return None
    i = cue.end
    if cue.lemma == "tell" and i < last:  # the audience: "told reporters", "told the BBC", "told him"
        if doc[i].lower_ in DEFINITE and i + 1 < last:
            i += 1
        i += 1
        while i < last and doc[i].ent_iob_ == "I":  # the rest of a named audience ("the BBC World Service")
            i += 1
    while i < last and (doc[i].ent_type_ in ("DATE", "TIME") or doc[i].lower_ in {"on", "late", "early"}):
        i += 1
    if i < last and doc[i].text == ",":
        i += 1
    if i >= last or doc[i].lower_ in PREPOSITIONS or doc[i].is_punct:
        return None
    return i, last


def _reported(
    state: _Article,
    words: tuple[int, int],
    speaker: tuple[int, int] | None,
    cue: _Cue,
    sentence: int,
    inherited: tuple[str | None, int | None] | None = None,
) -> Quote | None:
    start, end = words
    if end - start < 3:
        return None
    doc = state.doc
    char_start, char_end = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
    if speaker is not None:
        speaker_text, mention = state.text_of(speaker), state.speaker_mention(speaker)
    else:
        speaker_text, mention = inherited or (None, None)
    state.used_cues.update(range(cue.start, cue.end))
    return Quote(
        sentence_index=sentence,
        char_start=char_start,
        char_end=char_end,
        quote_text=state.body[char_start:char_end],
        speaker_text=speaker_text,
        speaker_mention=mention,
        kind=REPORTED,
        cue=cue.lemma,
    )
