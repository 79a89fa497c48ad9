"""The search query language: text in, a tree out, or a `QueryError` that names the position of the mistake.

    wagner niger                  both words (AND is implied between terms)
    wagner OR "africa corps"      either; a quoted phrase matches its words in a row
    junta AND NOT (mali OR chad)  NOT (or a leading -) excludes; parentheses group
    sanction*                     a prefix: sanction, sanctions, sanctioned
    wagner NEAR/5 niger           both within 5 words of each other, in either order
    source:reuters.com entity:"Abdourahamane Tiani" type:PERSON since:2024-01-01 until:2024-01-31
    date:2024-01-01..2024-01-31

Operators are upper-case (a lower-case "and" or "or" is a word); NEAR binds tighter than NOT, NOT tighter than AND,
AND tighter than OR. Words are matched as the index stores them: accents stripped, lower-cased, split at anything
that is not a letter or a digit (`tokens`), so "Élysée" finds "elysee" and "al-Qaeda" is the phrase "al qaeda".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

# The same rule as the index (dbt_project/macros/search_words.sql): strip accents, lower-case, split at every run of
# characters that are neither letters nor digits. A unit test holds the two to the same tokens.
_SEPARATORS = re.compile(r"[\W_]+")
FILTER_FIELDS = ("source", "entity", "type", "date", "since", "until")
MAX_NEAR = 100


class QueryError(ValueError):
    """A query that cannot be parsed; `position` is the 0-based character offset of the mistake."""

    def __init__(self, message: str, position: int, query: str) -> None:
        self.position, self.query = position, query
        super().__init__(f"{message} at position {position + 1}: {query[:position]}>>>{query[position:]}")


def tokens(text: str) -> list[str]:
    """Split text into index terms, as the index does."""
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")
    return [token for token in _SEPARATORS.split(stripped.lower()) if token]


# The tree. Terms, phrases, NEAR groups and OR groups of them have word positions: they can be operands of NEAR.
@dataclass(frozen=True)
class Term:
    text: str
    prefix: bool = False  # matches every term starting with `text`


@dataclass(frozen=True)
class Phrase:
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Near:
    left: Node
    right: Node
    distance: int  # at most this many words between the two


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    part: Node
    position: int = field(default=0, compare=False)  # where the NOT stands in the query text, for errors


@dataclass(frozen=True)
class Filter:
    field: str  # source | entity | type | since | until (a date: filter becomes since and until)
    value: str


Node = Term | Phrase | Near | And | Or | Not | Filter


def is_positional(node: Node) -> bool:
    """Whether the node has word positions, so it can be an operand of NEAR: (russia* OR kremlin) NEAR/3 troops."""
    if isinstance(node, Or):
        return all(is_positional(part) for part in node.parts)
    return isinstance(node, Term | Phrase | Near)


@dataclass(frozen=True)
class _Token:
    kind: str  # WORD, PHRASE, LPAREN, RPAREN, AND, OR, NOT, NEAR, FILTER, END
    text: str
    position: int
    value: str = ""  # a filter's value, a NEAR's distance
    quoted: bool = False  # a filter's value was in quotes


_LEXEME = re.compile(
    r"""(?P<space>\s+)
    |(?P<lparen>\()|(?P<rparen>\))
    |(?P<phrase>"[^"]*"?)
    |(?P<near>NEAR/\S*)
    |(?P<filter>(?P<field>[A-Za-z]+):(?P<fvalue>"[^"]*"?|[^\s()"]*))
    |(?P<minus>-(?=[^\s-]))
    |(?P<word>[^\s()"]+)""",
    re.VERBOSE,
)


def _lex(query: str) -> list[_Token]:
    out: list[_Token] = []
    for match in _LEXEME.finditer(query):
        kind, text, at = match.lastgroup, match.group(), match.start()
        if kind == "space":
            continue
        if kind in ("lparen", "rparen", "minus"):
            out.append(_Token({"lparen": "LPAREN", "rparen": "RPAREN", "minus": "NOT"}[kind], text, at))
        elif kind == "phrase":
            if len(text) < 2 or not text.endswith('"'):
                raise QueryError("unclosed quote", at, query)
            out.append(_Token("PHRASE", text, at, text[1:-1]))
        elif kind == "near":
            distance = text[len("NEAR/") :]
            if not distance.isdigit() or not 0 <= int(distance) <= MAX_NEAR:
                raise QueryError(f"NEAR needs a distance from 0 to {MAX_NEAR}, as in NEAR/5", at, query)
            out.append(_Token("NEAR", text, at, distance))
        elif kind == "filter":
            field = match.group("field").lower()
            if field not in FILTER_FIELDS:
                out.append(_Token("WORD", text, at))  # "u.s.:" or "10:30" are words, not filters
                continue
            value = match.group("fvalue")
            quoted = value.startswith('"')
            if quoted and (len(value) < 2 or not value.endswith('"')):
                raise QueryError("unclosed quote", match.start("fvalue"), query)
            value = value[1:-1] if quoted else value
            if not value.strip():
                raise QueryError(f"{field}: needs a value", match.start("fvalue"), query)
            out.append(_Token("FILTER", field, at, value, quoted))
        elif text in ("AND", "OR", "NOT"):
            out.append(_Token(text, text, at))
        else:
            out.append(_Token("WORD", text, at))
    out.append(_Token("END", "", len(query)))
    return out


class _Parser:
    def __init__(self, query: str) -> None:
        self.query, self.tokens, self.at = query, _lex(query), 0

    def peek(self) -> _Token:
        return self.tokens[self.at]

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def fail(self, message: str, token: _Token | None = None) -> QueryError:
        return QueryError(message, (token or self.peek()).position, self.query)

    def parse(self) -> Node:
        if self.peek().kind == "END":
            raise self.fail("empty query")
        node = self.or_expr()
        if self.peek().kind != "END":
            raise self.fail(f"unexpected {self.peek().text!r}")
        return node

    def or_expr(self) -> Node:
        parts = [self.and_expr()]
        while self.peek().kind == "OR":
            self.take()
            parts.append(self.and_expr())
        flat = [p for part in parts for p in (part.parts if isinstance(part, Or) else (part,))]
        return flat[0] if len(flat) == 1 else Or(tuple(flat))

    def and_expr(self) -> Node:
        parts = [self.unary()]
        while self.peek().kind not in ("OR", "RPAREN", "END"):
            if self.peek().kind == "AND":
                self.take()
            parts.append(self.unary())
        flat = [p for part in parts for p in (part.parts if isinstance(part, And) else (part,))]
        return flat[0] if len(flat) == 1 else And(tuple(flat))

    def unary(self) -> Node:
        if self.peek().kind == "NOT":
            operator = self.take()
            part = self.unary()
            return part.part if isinstance(part, Not) else Not(part, operator.position)  # NOT NOT x is x
        return self.near()

    def near(self) -> Node:
        start = self.peek()
        node = self.primary()
        while self.peek().kind == "NEAR":
            operator = self.take()
            right_token = self.peek()
            right = self.primary()
            for operand, token in ((node, start), (right, right_token)):
                if not is_positional(operand):
                    raise self.fail("NEAR joins words, prefixes, phrases and OR groups of them only", token)
            node = Near(node, right, int(operator.value))
        return node

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "LPAREN":
            if self.peek().kind == "RPAREN":
                raise self.fail("empty parentheses")
            node = self.or_expr()
            if self.peek().kind != "RPAREN":
                raise self.fail("missing closing parenthesis")
            self.take()
            return node
        if token.kind == "WORD":
            return self.word(token)
        if token.kind == "PHRASE":
            terms = tuple(term for chunk in token.value.split() for term in self.word_terms(chunk, token))
            if not terms:
                raise self.fail("a phrase needs at least one word", token)
            return terms[0] if len(terms) == 1 else Phrase(terms)
        if token.kind == "FILTER":
            return self.filter(token)
        if token.kind == "END":
            raise self.fail(f"the query ends where a term is expected after {self.tokens[self.at - 2].text!r}", token)
        raise self.fail(f"unexpected {token.text!r} where a term is expected", token)

    def word(self, token: _Token) -> Node:
        terms = self.word_terms(token.text, token)
        if not terms:
            raise self.fail(f"{token.text!r} has no letters or digits to search for", token)
        return terms[0] if len(terms) == 1 else Phrase(terms)  # "al-Qaeda" is the phrase "al qaeda"

    def word_terms(self, text: str, token: _Token) -> tuple[Term, ...]:
        """The terms of one word as typed; a trailing * makes its last term a prefix."""
        prefix = text.endswith("*")
        if "*" in text.rstrip("*"):
            raise self.fail("* is allowed only at the end of a word", token)
        words = tokens(text)
        if prefix and words and len(words[-1]) < 2:
            raise self.fail("a prefix needs at least two letters before the *", token)
        return tuple(Term(word, prefix and i == len(words) - 1) for i, word in enumerate(words))

    def filter(self, token: _Token) -> Node:
        field, value = token.text, token.value.strip()
        if field in ("since", "until"):
            return Filter(field, self.date(value, token).isoformat())
        if field == "date":
            low, sep, high = value.partition("..")
            parts = [Filter("since", self.date(low, token).isoformat())] if low else []
            if sep and high:
                parts.append(Filter("until", self.date(high, token).isoformat()))
            elif not sep:  # one day
                parts.append(Filter("until", parts[0].value))
            if not parts:
                raise self.fail("date: needs a day or a range such as 2024-01-01..2024-01-31", token)
            return parts[0] if len(parts) == 1 else And(tuple(parts))
        if field == "type":
            return Filter(field, value.upper())
        return Filter(field, value)

    def date(self, text: str, token: _Token) -> date:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise self.fail(f"{text!r} is not a date (YYYY-MM-DD)", token) from None


def parse(query: str) -> Node:
    """Parse a query; a mistake raises QueryError naming its position (never an SQL error later)."""
    node = _Parser(query).parse()
    _check_negations(node, query)
    return node


def _check_negations(node: Node, query: str) -> None:
    """A NOT narrows what the terms beside it match: `wagner NOT mali`. Alone, or as one side of an OR, it would
    match nearly every article; that is refused, naming where the NOT stands."""
    if isinstance(node, Not):
        raise QueryError("NOT needs a term beside it to narrow, as in: wagner NOT mali", node.position, query)
    if isinstance(node, Or):
        for part in node.parts:
            _check_negations(part, query)
    if isinstance(node, And):
        if all(isinstance(part, Not) for part in node.parts):
            raise QueryError(
                "NOT needs a term beside it to narrow, as in: wagner NOT mali", node.parts[0].position, query
            )
        for part in node.parts:
            _check_negations(part.part if isinstance(part, Not) else part, query)


def positive_terms(node: Node) -> list[Term]:
    """The terms that count toward the ranking and the highlighting: every term not under a NOT."""
    return query_terms(node, negated=False)


def query_terms(node: Node, *, negated: bool = True) -> list[Term]:
    """Every term of the query (the postings a query reads), or only those not under a NOT (negated=False)."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Phrase):
        return list(node.terms)
    if isinstance(node, Near):
        return query_terms(node.left, negated=negated) + query_terms(node.right, negated=negated)
    if isinstance(node, And | Or):
        return [term for part in node.parts for term in query_terms(part, negated=negated)]
    if isinstance(node, Not) and negated:
        return query_terms(node.part, negated=negated)
    return []
