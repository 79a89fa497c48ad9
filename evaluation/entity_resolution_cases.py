"""Hard cases of entity resolution (merges that must happen, merges that must not) and geocoding truth for the
countries and capitals named in the gold corpora; with the functions that score the pipeline's code on them."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from spacy.language import Language

from evaluation.corpora import NER_GOLD_FILES
from orchestration.lib.entities.geocode import country_of, geocode_entities, referent
from orchestration.lib.entities.names import fold
from orchestration.lib.entities.resolve import Alias, NameUse, resolve
from orchestration.lib.nlp.mentions import extract_mentions

# Context the two articles of a case share (or not): the co-mentioned entities the fuzzy rules ask for.
SHARED_CONTEXT = (("LOC", "Niger"), ("PERSON", "Vladimir Putin"), ("ORG", "ECOWAS"))
OTHER_CONTEXT = (("LOC", "Peru"), ("ORG", "FIFA"))


@dataclass(frozen=True)
class ResolutionCase:
    """Two names, each seen in its own article (the second one in a later run): one entity or two?"""

    entity_type: str
    first: str
    second: str
    same: bool
    why: str
    shared_context: bool = True
    # Other names of the first article's type, known before the second arrives (e.g. another "Bush").
    also_known: tuple[str, ...] = ()


RESOLUTION_CASES = [
    # Merges that must happen.
    ResolutionCase("PERSON", "Faustin-Archange Touadéra", "Faustin Archange Touadera", True, "diacritics and hyphen"),
    ResolutionCase("ORG", "al-Qaida", "al-Qaeda", True, "transliteration variant"),
    ResolutionCase("ORG", "al-Qaeda", "Al Qaeda", True, "case and hyphen"),
    ResolutionCase("ORG", "Al Qaida", "al Qaeda", True, "transliteration variant and case"),
    ResolutionCase("ORG", "Hezbollah", "Hizbollah", True, "transliteration variant"),
    ResolutionCase("ORG", "Boko Haram", "Boko-Haram", True, "hyphen"),
    ResolutionCase("PERSON", "Kim Jong-un", "Kim Jong Un", True, "hyphen"),
    ResolutionCase("PERSON", "Abdourahamane Tchiani", "Abdourahamane Tiani", True, "surname variant, shared context"),
    ResolutionCase("PERSON", "Muammar Gaddafi", "Muammar Qaddafi", True, "surname variant, shared context"),
    ResolutionCase("PERSON", "Volodymyr Zelenskyy", "Volodymyr Zelensky", True, "surname variant, shared context"),
    ResolutionCase("LOC", "São Tomé", "Sao Tome", True, "diacritics"),
    ResolutionCase("LOC", "Côte d'Ivoire", "Cote d’Ivoire", True, "diacritics and apostrophe"),
    ResolutionCase("LOC", "United States", "U.S.", True, "one country"),
    ResolutionCase("LOC", "UK", "Britain", True, "one country"),
    ResolutionCase("LOC", "Washington", "Washington, D.C.", True, "one capital"),
    ResolutionCase("NORP", "Russian", "Russians", True, "one demonym"),
    ResolutionCase("ORG", "Ministry of Defence", "Defense Ministry", True, "one ministry, one country in context"),
    ResolutionCase("ORG", "Interior Ministry", "Ministry of the Interior", True, "one ministry, one country"),
    # Merges that must not happen.
    ResolutionCase("PERSON", "George W. Bush", "George H. W. Bush", False, "different middle initials"),
    ResolutionCase("PERSON", "George W. Bush", "George Bush", False, "a middle initial missing: which Bush?"),
    ResolutionCase("PERSON", "Kim Jong-un", "Kim Yo-jong", False, "Korean names: another second part"),
    ResolutionCase("PERSON", "Kim Jong-un", "Kim Jong-il", False, "Korean names: another last part"),
    ResolutionCase("PERSON", "Mohamed Bazoum", "Mohamed Toumba", False, "only the given name is shared"),
    ResolutionCase("PERSON", "Mohamed Bazoum", "Mohamed", False, "a common given name alone"),
    ResolutionCase("PERSON", "Mohammed bin Salman", "Mohammed bin Zayed", False, "only given name and 'bin' shared"),
    ResolutionCase("PERSON", "Hillary Clinton", "Bill Clinton", False, "same surname, other given name"),
    ResolutionCase("PERSON", "Raúl Castro", "Fidel Castro", False, "same surname, other given name"),
    ResolutionCase(
        "PERSON",
        "Abdourahamane Tchiani",
        "Abdourahamane Tiani",
        False,
        "surname variant without any shared context",
        shared_context=False,
    ),
    ResolutionCase(
        "PERSON", "George W. Bush", "Bush", False, "surname of two known people", also_known=("Laura Bush",)
    ),
    ResolutionCase("PERSON", "Andrew Jackson", "Jackson", False, "a bare surname in another article: anyone"),
    ResolutionCase("NORP", "Nigerien", "Nigerian", False, "demonyms of two countries"),
    ResolutionCase("LOC", "Niger", "Nigeria", False, "two countries"),
    ResolutionCase("LOC", "Sudan", "South Sudan", False, "two countries"),
    ResolutionCase("LOC", "Paris", "Paris, Texas", False, "two cities"),
    ResolutionCase("LOC", "England", "United Kingdom", False, "a nation and its state"),
    ResolutionCase("LOC", "DRC", "Congo", False, "either Congo"),
    ResolutionCase("LOC", "Colombia", "Columbia", False, "a country and several US cities"),
    ResolutionCase("NORP", "English", "Welsh", False, "demonyms of one country, two peoples"),
    ResolutionCase("ORG", "Islamic State", "Islamic Jihad", False, "different second word"),
    ResolutionCase(
        "ORG", "Ministry of Defence", "Defense Ministry", False, "ministries of two countries", shared_context=False
    ),
    ResolutionCase("ORG", "Ministry of Defence", "Ministry of Justice", False, "two ministries of one country"),
]


@dataclass(frozen=True)
class CaseOutcome:
    case: ResolutionCase
    merged: bool
    rule: str
    evidence: str

    @property
    def correct(self) -> bool:
        return self.merged == self.case.same


def run_case(case: ResolutionCase) -> CaseOutcome:
    """Resolve the first article (run 1), then the second with the first's aliases as known (run 2)."""
    first_context = SHARED_CONTEXT
    second_context = SHARED_CONTEXT if case.shared_context else OTHER_CONTEXT
    first = [NameUse("a1", case.entity_type, case.first)] + [
        NameUse("a1", case.entity_type, name) for name in case.also_known
    ]
    first += [NameUse("a1", kind, name) for kind, name in first_context]
    second = [NameUse("a2", case.entity_type, case.second)] + [
        NameUse("a2", kind, name) for kind, name in second_context
    ]
    known = resolve([], first, referent=referent, country=country_of)
    added = resolve(known, first + second, referent=referent, country=country_of)
    aliases: dict[tuple[str, str], Alias] = {(a.entity_type, a.alias_key): a for a in [*known, *added]}
    one = aliases[(case.entity_type, fold(case.first))]
    two = aliases[(case.entity_type, fold(case.second))]
    rule = "exact_fold" if one is two else two.rule
    return CaseOutcome(case, one.entity_id == two.entity_id, rule, two.evidence)


def evaluate_resolution() -> list[CaseOutcome]:
    """Every hard case, in order."""
    return [run_case(case) for case in RESOLUTION_CASES]


# Geocoding truth: what each country or capital name of the corpora means (ISO code; `country` or `city`). ISO
# territories (Hong Kong, Puerto Rico, ...) count as countries, as GeoNames has them. Names that are neither, or
# whose kind is itself ambiguous ("Antarctica", "District of Columbia", "Victoria"), are left out.
COUNTRIES = {
    **dict.fromkeys(
        ["America", "U.S.", "US", "USA", "United States", "United States of America", "United-States"], "US"
    ),
    **dict.fromkeys(["Britain", "Great Britain", "UK", "United Kingdom"], "GB"),
    **dict.fromkeys(["China", "People’s Republic of China"], "CN"),
    **dict.fromkeys(["Netherlands", "the Netherlands"], "NL"),
    **dict.fromkeys(["Czech Republic", "Czechia"], "CZ"),
    **dict.fromkeys(["DRC", "Democratic Republic of the Congo"], "CD"),
    **dict.fromkeys(["Ireland", "Republic of Ireland"], "IE"),
    **dict.fromkeys(["UAE", "United Arab Emirates"], "AE"),
    **dict.fromkeys(["Vatican", "Vatican City", "Holy See"], "VA"),
    "Afghanistan": "AF",
    "Albania": "AL",
    "Algeria": "DZ",
    "American Samoa": "AS",
    "Argentina": "AR",
    "Armenia": "AM",
    "Australia": "AU",
    "Austria": "AT",
    "Azerbaijan": "AZ",
    "Bahamas": "BS",
    "Bahrain": "BH",
    "Bangladesh": "BD",
    "Belarus": "BY",
    "Belgium": "BE",
    "Benin": "BJ",
    "Bermuda": "BM",
    "Bolivia": "BO",
    "Brazil": "BR",
    "Bulgaria": "BG",
    "Burundi": "BI",
    "Canada": "CA",
    "Chad": "TD",
    "Chile": "CL",
    "Colombia": "CO",
    "Cuba": "CU",
    "Cyprus": "CY",
    "Denmark": "DK",
    "Egypt": "EG",
    "Eritrea": "ER",
    "Ethiopia": "ET",
    "Fiji": "FJ",
    "Finland": "FI",
    "France": "FR",
    "Germany": "DE",
    "Ghana": "GH",
    "Greece": "GR",
    "Guam": "GU",
    "Guyana": "GY",
    "Hong Kong": "HK",
    "Hungary": "HU",
    "India": "IN",
    "Indonesia": "ID",
    "Iran": "IR",
    "Iraq": "IQ",
    "Israel": "IL",
    "Italy": "IT",
    "Japan": "JP",
    "Jordan": "JO",
    "Kazakhstan": "KZ",
    "Kenya": "KE",
    "Kosovo": "XK",
    "Kyrgyzstan": "KG",
    "Libya": "LY",
    "Luxembourg": "LU",
    "Malawi": "MW",
    "Malaysia": "MY",
    "Maldives": "MV",
    "Martinique": "MQ",
    "Mexico": "MX",
    "Morocco": "MA",
    "Myanmar": "MM",
    "Namibia": "NA",
    "New Zealand": "NZ",
    "Niger": "NE",
    "Nigeria": "NG",
    "North Korea": "KP",
    "Northern Mariana Islands": "MP",
    "Norway": "NO",
    "Oman": "OM",
    "Pakistan": "PK",
    "Paraguay": "PY",
    "Philippines": "PH",
    "Poland": "PL",
    "Portugal": "PT",
    "Puerto Rico": "PR",
    "Qatar": "QA",
    "Russia": "RU",
    "Samoa": "WS",
    "Saudi Arabia": "SA",
    "Serbia": "RS",
    "Singapore": "SG",
    "Slovakia": "SK",
    "Somalia": "SO",
    "South Africa": "ZA",
    "South Korea": "KR",
    "South Sudan": "SS",
    "Spain": "ES",
    "Sri Lanka": "LK",
    "Sudan": "SD",
    "Sweden": "SE",
    "Switzerland": "CH",
    "Syria": "SY",
    "Taiwan": "TW",
    "Tanzania": "TZ",
    "Thailand": "TH",
    "Tonga": "TO",
    "Tunisia": "TN",
    "Turkey": "TR",
    "Ukraine": "UA",
    "Uruguay": "UY",
    "Venezuela": "VE",
    "Vietnam": "VN",
    "Yemen": "YE",
    "Zambia": "ZM",
    "Zimbabwe": "ZW",
}
CAPITALS = {
    **dict.fromkeys(["Washington", "Washington D.C.", "Washington DC", "Washington, D.C.", "Washington, DC"], "US"),
    "Abu Dhabi": "AE",
    "Amman": "JO",
    "Athens": "GR",
    "Baghdad": "IQ",
    "Baku": "AZ",
    "Bangkok": "TH",
    "Beijing": "CN",
    "Belgrade": "RS",
    "Berlin": "DE",
    "Bishkek": "KG",
    "Brussels": "BE",
    "Cairo": "EG",
    "Canberra": "AU",
    "Dhaka": "BD",
    "Doha": "QA",
    "Havana": "CU",
    "Helsinki": "FI",
    "Jakarta": "ID",
    "Jerusalem": "IL",
    "Juba": "SS",
    "Kabul": "AF",
    "London": "GB",
    "Madrid": "ES",
    "Mexico City": "MX",
    "Minsk": "BY",
    "Moscow": "RU",
    "Muscat": "OM",
    "New Delhi": "IN",
    "Niamey": "NE",
    "Nukuʻalofa": "TO",
    "Oslo": "NO",
    "Ottawa": "CA",
    "Paris": "FR",
    "Pretoria": "ZA",
    "Pyongyang": "KP",
    "Riyadh": "SA",
    "Rome": "IT",
    "San Juan": "PR",
    "Sanaa": "YE",
    "Santiago": "CL",
    "Seoul": "KR",
    "Stockholm": "SE",
    "Taipei": "TW",
    "Tbilisi": "GE",
    "Tehran": "IR",
    "Tunis": "TN",
    "Vienna": "AT",
    "Warsaw": "PL",
    "Wellington": "NZ",
}
# Read in its document, a name sometimes means something else (each checked by hand): these are US states.
_STATE = ("US", "admin region")
_WN = {
    "cruz": "wn_20190106_Senator_Ted_Cruz_proposes_amendment_to_U_S__Constitution_sett_92d64461.txt",
    "pelosi": "wn_20190925_US_Speaker_Pelosi_announces_Trump_impeachment_investigation.txt",
    "dark_web": "wn_20191017_Hundreds_arrested_for__dark_web__child_porn_by_international__768b3926.txt",
    "orourke": "wn_20191104_O_Rourke_ends_US_presidential_bid.txt",
    "clemency": "wn_20200221_US_President_Trump_grants_eleven_people_clemency.txt",
    "bloomberg": "wn_20200306_Bloomberg__Warren_end_US_presidential_campaigns_following_Sup_ed3adbe1.txt",
    "biden": "wn_20200311_Joe_Biden_wins_2020_US_Democratic_presidential_primaries_in_M_b0285531.txt",
    "trail_may": "wn_20200619_On_the_campaign_trail_in_the_USA__May_2020.txt",
    "trail_october": "wn_20201102_On_the_campaign_trail_in_the_USA__October_2020.txt",
    "rally": "wn_20201215_Conservative_groups_hold_rally_in_Washington_D_C__claiming_U__3d109f3e.txt",
}
OVERRIDES = {
    ("GUM_news_nasa", "Washington"): _STATE,  # "Seattle, Washington", "Governor of Washington"
    **{(_WN[doc], "Georgia"): _STATE for doc in ("cruz", "pelosi", "dark_web", "orourke", "clemency")},
    **{(_WN[doc], "Georgia"): _STATE for doc in ("trail_may", "trail_october", "rally")},
    **{(_WN[doc], "Washington"): _STATE for doc in ("dark_web", "bloomberg", "biden")},  # lists of states
}
GEOCODED = ("LOC", "NORP")


def expected_place(doc_id: str, name: str) -> tuple[str, str] | None:
    """(country_code, place_type) the name means in the document, or None when it is not a country or capital."""
    if (doc_id, name) in OVERRIDES:
        return OVERRIDES[(doc_id, name)]
    if name in COUNTRIES:
        return COUNTRIES[name], "country"
    if name in CAPITALS:
        return CAPITALS[name], "city"
    return None


@dataclass(frozen=True)
class GeocodeOutcome:
    corpus: str
    doc_id: str
    name: str
    expected: tuple[str, str]
    got: tuple[str | None, str | None]
    rule: str

    @property
    def country_right(self) -> bool:
        return self.got[0] == self.expected[0]

    @property
    def correct(self) -> bool:
        return self.got == self.expected


def _score(corpus: str, names: Iterable[tuple[str, str, str]]) -> list[GeocodeOutcome]:
    """Geocode (doc_id, entity_type, name) rows with `geocode_entities`, one entity per name and document, the
    document's other places and demonyms as context; keep the countries and capitals of the truth tables."""
    entities: dict[str, tuple[str, list[str]]] = {}
    articles: dict[str, set[str]] = defaultdict(set)
    for doc_id, kind, name in names:
        entity_id = f"{doc_id}|{kind}|{name}"
        entities[entity_id] = (kind, [name])
        articles[doc_id].add(entity_id)
    targets = sorted(e for e in entities if e.split("|")[1] == "LOC" and expected_place(*e.split("|")[::2]))
    places = geocode_entities(targets, entities, articles)
    outcomes = []
    for entity_id in targets:
        doc_id, _, name = entity_id.split("|", 2)
        place = places[entity_id]
        got = (place.country_code, place.place_type)
        outcomes.append(GeocodeOutcome(corpus, doc_id, name, expected_place(doc_id, name), got, place.rule))
    return outcomes


def evaluate_geocoding(corpora: Path, nlp: Language | None = None) -> list[GeocodeOutcome]:
    """Countries and capitals of the gold LOC spans of GUM and UNER news and, given the spaCy pipeline, of the LOC
    mentions `extract_mentions` finds in the Wikinews articles (as the pipeline would store them)."""
    outcomes = []
    for relative in NER_GOLD_FILES.values():
        rows = []
        with open(corpora / relative, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    rows += [(record["doc_id"], "LOC", e["text"]) for e in record["entities"] if e["label"] == "LOC"]
        outcomes += _score(relative.split("/")[0], rows)
    if nlp is not None:
        docs = [(path.name, path.read_text(encoding="utf-8")) for path in sorted((corpora / "wikinews").glob("*.txt"))]
        mentions = extract_mentions(nlp, docs).filter(pl.col("entity_type").is_in(GEOCODED))
        outcomes += _score("wikinews", mentions.select("body_sha256", "entity_type", "canonical_name").iter_rows())
    return outcomes
