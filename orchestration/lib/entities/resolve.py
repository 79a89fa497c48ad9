"""Incremental entity resolution: every new alias key joins an existing entity by an explainable rule, or founds one.

An *alias key* is a folded name (`names.fold`): names that fold alike are one alias ("Touadéra" = "Touadera").
The alias table maps each (entity_type, alias_key) to an entity once and for all; resolution only ever adds rows,
so an entity keeps its id whatever arrives later. A new key is compared with the keys already known (and those
decided earlier in the same batch, most mentioned first) by these rules, in order:

- ``same_name_other_type`` (every named type): the very same folded name already belongs to one entity under another
  type ("Western" tagged as a group in one article, as a place in another): one name is one entity, whose type the
  labels vote over its articles (`labels.py`);
- ``same_place`` (places and demonyms): both names name the same known thing without any context: one GeoNames
  place ("U.S." / "United States" / "America", "Washington" / "Washington, D.C.") or one demonym ("Russian" /
  "Russians"); see `geocode.referent`;
- ``transliteration_variant`` (organisations, places, groups, events, ...): as many words, each equal or with the
  same consonants ("qaida" / "qaeda"), and a rapidfuzz ratio of at least 80 overall; a one-word name also needs a
  co-mentioned entity in common; never between two names known to name different things (two places of the
  gazetteer such as "Niger" / "Nigeria" or "Columbia" / "Colombia", two demonyms such as "Nigerian" / "Nigerien");
- ``organisation_variant`` (organisations): the same body named two ways, as "Ministry of Defence" / "Defense
  Ministry" / "Russian Defense Ministry" (`names.organisation_form`: British and American spellings, "HEAD of X" =
  "X HEAD" for ministries, departments and the like, "affairs" dropped, a leading country or demonym taken as the
  country), **and** both are one country's: the country the name states, else the place or demonym written right
  before it ("Russia's Ministry of Defence"), else the countries its article names, given by more than half of its
  articles (`_Resolver.context_country`): never across countries, never without one;
- ``fuzzy_surname_same_given_name`` (people): the same given name and middle parts, a near-identical surname
  (Jaro-Winkler at least 0.88, both at least 4 letters), and at least one co-mentioned entity in common
  ("Abdourahamane Tchiani" / "Abdourahamane Tiani");
- ``new``: anything else founds an entity whose id is md5("TYPE:key"). When a rule matches several entities the
  name is ambiguous and founds its own entity too (the evidence says so).

Different middle parts or initials ("George W. Bush" / "George H. W. Bush"), short final parts ("Kim Jong-un" /
"Kim Jong-il"), another second part ("Kim Yo-jong") or a shared given name alone ("Mohamed Bazoum" / "Mohamed
Toumba") never merge. Nor does a bare surname with a full name seen in other articles ("Jackson" / "Andrew
Jackson"): within one article the NER stage already resolves it when the article names the person in full; across
articles it may be anyone of that name.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from orchestration.lib.entities.names import (
    entity_id_for,
    fold,
    organisation_form,
    person_tokens,
    skeleton_key,
    surname_variant,
    transliteration_variant,
)

# Bump when the rules change; rows keep the version that decided them (decisions are never redone).
RESOLVER_VERSION = "2"

NEW = "new"
SAME_PLACE = "same_place"
TRANSLITERATION = "transliteration_variant"
FUZZY_SURNAME = "fuzzy_surname_same_given_name"
SAME_NAME = "same_name_other_type"
ORGANISATION = "organisation_variant"
RULES = (NEW, SAME_PLACE, TRANSLITERATION, FUZZY_SURNAME, SAME_NAME, ORGANISATION)

# Named things; values (dates, numbers, amounts: orchestration.lib.nlp.values) never merge with anything.
NAMED_TYPES = frozenset({"PERSON", "ORG", "LOC", "NORP", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"})

# Name-like types whose spellings vary by transliteration; numbers, dates and amounts never merge by similarity.
TRANSLITERATED_TYPES = frozenset({"ORG", "LOC", "NORP", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"})
# Types whose names can name a known thing (a GeoNames place, a demonym's country).
REFERENT_TYPES = frozenset({"LOC", "NORP"})
# What counts as shared context: co-mentioned people, organisations, places, groups and events.
CONTEXT_TYPES = frozenset({"PERSON", "ORG", "LOC", "NORP", "EVENT"})
MIN_SHARED_CONTEXT = 1


@dataclass(frozen=True)
class Alias:
    """One row of landing.entity_aliases: which entity an alias key belongs to, and why."""

    entity_type: str
    alias_key: str
    entity_id: str
    canonical_name: str
    rule: str = NEW
    evidence: str = ""


@dataclass(frozen=True)
class NameUse:
    """A name as the NER stage resolved it, used in one article (body)."""

    article: str
    entity_type: str
    canonical_name: str
    alias_key: str | None = None  # as stored when the name was folded before; else folded now
    # (entity_type, name) of a place or demonym written right before an organisation's name in the same sentence
    # ("Russia's Ministry of Defence"): whose body it is.
    owner: tuple[str, str] | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.entity_type, self.alias_key or fold(self.canonical_name)


Key = tuple[str, str]  # (entity_type, alias_key)
# What a name is known to name outside the articles (a GeoNames place, a demonym's country), or None.
Referent = Callable[[str, str], str | None]
# The ISO country a place or demonym names without any context (`geocode.country_of`), or None.
Country = Callable[[str, str], str | None]
# An organisation's articles point to a country when it is named in more than this share of them.
MIN_COUNTRY_SHARE = 0.5


def _no_referent(entity_type: str, alias_key: str) -> str | None:
    return None


class _Resolver:
    """The alias table being extended, with the indexes the rules look candidates up in."""

    def __init__(self, known: Iterable[Alias], mentions: Mentions, referent: Referent, country: Country = _no_referent):
        self.mentions = mentions
        self.referent = referent
        self.country = country
        self.by_alias_key: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self.by_organisation: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._countries: dict[Key, str | None] = {}
        self._organisations: dict[Key, tuple[str, str | None] | None] = {}
        self.entity_of: dict[Key, str] = {}
        self.keys_of: dict[str, list[Key]] = defaultdict(list)
        self.name_of: dict[str, str] = {}
        self.by_skeleton: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.by_person_prefix: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self.by_referent: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._referents: dict[Key, str | None] = {}
        for alias in sorted(known, key=lambda a: (a.entity_type, a.alias_key)):
            self.add(alias)

    def add(self, alias: Alias) -> None:
        key = (alias.entity_type, alias.alias_key)
        self.entity_of[key] = alias.entity_id
        self.keys_of[alias.entity_id].append(key)
        self.name_of.setdefault(alias.entity_id, alias.canonical_name)
        self.by_skeleton[(alias.entity_type, skeleton_key(alias.alias_key))].add(alias.entity_id)
        if alias.entity_type in NAMED_TYPES:
            self.by_alias_key[alias.alias_key].add((alias.entity_type, alias.entity_id))
        organisation = self.organisation_of(key)
        if organisation is not None:
            self.by_organisation[(alias.entity_type, organisation[0])].add(alias.entity_id)
        known_as = self.referent_of(key)
        if known_as is not None:
            self.by_referent[(alias.entity_type, known_as)].add(alias.entity_id)
        if alias.entity_type == "PERSON":
            tokens = person_tokens(alias.alias_key)
            if len(tokens) >= 2:
                self.by_person_prefix[tuple(tokens[:-1])].add(alias.entity_id)

    def referent_of(self, key: Key) -> str | None:
        if key[0] not in REFERENT_TYPES:
            return None
        if key not in self._referents:
            self._referents[key] = self.referent(*key)
        return self._referents[key]

    def _context(self, keys: Iterable[Key], exclude: set[str]) -> dict[str, str]:
        """Co-mentioned entities (id or unresolved key -> a readable name) of the given alias keys."""
        refs: dict[str, str] = {}
        for key in keys:
            for other in self.mentions.cooccurring(key):
                ref = self.entity_of.get(other, f"{other[0]}:{other[1]}")
                if ref not in exclude:
                    refs.setdefault(ref, self.name_of.get(ref, other[1]))
        return refs

    def shared_context(self, key: Key, entity_id: str) -> list[str]:
        exclude = {entity_id, f"{key[0]}:{key[1]}"}
        mine = self._context([key], exclude)
        theirs = self._context(self.keys_of[entity_id], exclude)
        return sorted(mine[ref] for ref in mine.keys() & theirs.keys())

    def country_of(self, key: Key) -> str | None:
        if key not in self._countries:
            self._countries[key] = self.country(*key) if key[0] in REFERENT_TYPES else None
        return self._countries[key]

    def organisation_of(self, key: Key) -> tuple[str, str | None] | None:
        """(organisation form, the country its name states) of an organisation's key, or None when the name is not
        a government-style body's. A leading country or demonym is the country, not part of the form: "russian
        defense ministry" and "niger s defence ministry" are the "defense ministry" of RU and of NE."""
        if key[0] != "ORG":
            return None
        if key not in self._organisations:
            form = organisation_form(key[1])
            found = None
            if form is not None:
                tokens, country = form.split(), None
                for size in (2, 1):
                    lead = " ".join(tokens[:size])
                    code = self.country_of(("NORP", lead)) or self.country_of(("LOC", lead))
                    if len(tokens) > size + 1 and code is not None:
                        country, tokens = code, tokens[size:]
                        if tokens[0] == "s" and len(tokens) > 2:  # a possessive: "niger s ..."
                            tokens = tokens[1:]
                        break
                found = (" ".join(tokens), country)
            self._organisations[key] = found
        return self._organisations[key]

    def context_country(self, keys: Iterable[Key]) -> tuple[str | None, str]:
        """The country most of these organisation keys' articles give them, when more than MIN_COUNTRY_SHARE of the
        articles give it; with a description of the count. In an article, the country is the one the name states
        ("Russian Defense Ministry"), else the one written right before it ("Russia's Ministry of Defence"), else
        every country its places and demonyms name."""
        stated: dict[str, set[str]] = defaultdict(set)
        articles: set[str] = set()
        for key in keys:
            organisation = self.organisation_of(key)
            in_name = organisation[1] if organisation else None
            for article in self.mentions.articles_of.get(key, ()):
                articles.add(article)
                owners = {self.country_of(owner) for owner in self.mentions.owners.get((article, key), ())}
                stated[article] |= {in_name} if in_name else owners - {None}
        named: Counter[str] = Counter()
        for article in articles:
            codes = stated.get(article) or {
                code for other in self.mentions.context_of.get(article, ()) if (code := self.country_of(other))
            }
            named.update(codes)
        if not named:
            return None, "no country named"
        code, count = min(named.items(), key=lambda item: (-item[1], item[0]))
        described = f"{code} in {count} of {len(articles)} articles"
        return (code if count > MIN_COUNTRY_SHARE * len(articles) else None), described

    def decide(self, key: Key, canonical_name: str) -> Alias:
        entity_type, alias_key = key
        matches: dict[str, tuple[str, str]] = {}
        if entity_type in NAMED_TYPES:
            others = sorted((t, e) for t, e in self.by_alias_key.get(alias_key, ()) if t != entity_type)
            matches = {e: (SAME_NAME, f"'{alias_key}' is already {t}") for t, e in others}
        known_as = self.referent_of(key)
        if not matches and known_as is not None:
            found = sorted(self.by_referent.get((entity_type, known_as), ()))
            matches = {entity_id: (SAME_PLACE, f"both name {known_as}") for entity_id in found}
        if not matches and entity_type in TRANSLITERATED_TYPES:
            matches = self._transliterations(key)
        if not matches and self.organisation_of(key) is not None:
            matches = self._organisation_variants(key)
        if not matches and entity_type == "PERSON" and len(person_tokens(alias_key)) >= 2:
            matches = self._surname_variants(key)
        if len(matches) == 1:
            entity_id, (rule, evidence) = next(iter(matches.items()))
            return Alias(entity_type, alias_key, entity_id, canonical_name, rule, evidence)
        evidence = ""
        if matches:
            rules = sorted({rule for rule, _ in matches.values()})
            names = sorted(self.name_of[e] for e in matches)
            evidence = f"ambiguous: {', '.join(rules)} matched {len(matches)} entities ({'; '.join(names)})"
        return Alias(entity_type, alias_key, entity_id_for(entity_type, alias_key), canonical_name, NEW, evidence)

    def _transliterations(self, key: Key) -> dict[str, tuple[str, str]]:
        entity_type, alias_key = key
        found: dict[str, tuple[str, str]] = {}
        for entity_id in sorted(self.by_skeleton.get((entity_type, skeleton_key(alias_key)), ())):
            for _, other_key in self.keys_of[entity_id]:
                ratio = transliteration_variant(alias_key, other_key)
                if ratio is None:
                    continue
                mine, theirs = self.referent_of(key), self.referent_of((entity_type, other_key))
                if mine is not None and theirs is not None and mine != theirs:
                    continue  # two known, different things ("Niger" / "Nigeria", "Nigerian" / "Nigerien") stay apart
                evidence = f"'{alias_key}' ~ '{other_key}' (same consonants, ratio {ratio:.0f})"
                if len(alias_key.split()) == 1:
                    # One word is little evidence ("martin" / "martian"): it must share context too.
                    shared = self.shared_context(key, entity_id)
                    if len(shared) < MIN_SHARED_CONTEXT:
                        continue
                    evidence += f"; shared context: {', '.join(shared[:5])}"
                found[entity_id] = (TRANSLITERATION, evidence)
                break
        return found

    def _organisation_variants(self, key: Key) -> dict[str, tuple[str, str]]:
        entity_type, alias_key = key
        form = self.organisation_of(key)[0]
        candidates = sorted(self.by_organisation.get((entity_type, form), ()))
        if not candidates:
            return {}
        mine, mine_described = self.context_country([key])
        found: dict[str, tuple[str, str]] = {}
        for entity_id in candidates:
            theirs, theirs_described = self.context_country(self.keys_of[entity_id])
            if mine is None or mine != theirs:
                continue  # never across countries, nor without one
            found[entity_id] = (
                ORGANISATION,
                f"'{alias_key}' ~ '{self.keys_of[entity_id][0][1]}' (both '{form}'); country: {mine} "
                f"({mine_described}; {theirs_described})",
            )
        return found

    def _surname_variants(self, key: Key) -> dict[str, tuple[str, str]]:
        alias_key = key[1]
        tokens = person_tokens(alias_key)
        found: dict[str, tuple[str, str]] = {}
        for entity_id in sorted(self.by_person_prefix.get(tuple(tokens[:-1]), ())):
            for _, other_key in self.keys_of[entity_id]:
                variant = surname_variant(alias_key, other_key)
                if variant is None:
                    continue
                shared = self.shared_context(key, entity_id)
                if len(shared) < MIN_SHARED_CONTEXT:
                    continue
                given, surnames, similarity = variant
                found[entity_id] = (
                    FUZZY_SURNAME,
                    f"given name '{given}'; surname {surnames} (Jaro-Winkler {similarity:.3f}); "
                    f"shared context: {', '.join(shared[:5])}",
                )
                break
        return found


@dataclass
class Mentions:
    """Which articles mention each alias key, which context-type keys each article mentions, and how often each
    canonical name folding to a key is used (in how many articles)."""

    articles_of: dict[Key, set[str]]
    context_of: dict[str, set[Key]]
    names: dict[Key, Counter[str]]
    owners: dict[tuple[str, Key], set[Key]] = field(default_factory=dict)  # (article, organisation) -> places

    @classmethod
    def of(cls, uses: Iterable[NameUse]) -> Mentions:
        """Read once, one use at a time: `uses` can be a stream over the whole warehouse."""
        articles_of: dict[Key, set[str]] = defaultdict(set)
        context_of: dict[str, set[Key]] = defaultdict(set)
        names: dict[Key, Counter[str]] = defaultdict(Counter)
        owners: dict[tuple[str, Key], set[Key]] = defaultdict(set)
        seen: set[tuple[str, str, str]] = set()
        held: dict[Key, Key] = {}  # one tuple per key, however many articles hold it
        for use in uses:
            key = use.key
            key = held.setdefault(key, key)
            articles_of[key].add(use.article)
            if use.owner is not None:
                owners[(use.article, key)].add((use.owner[0], fold(use.owner[1])))
            if use.entity_type in CONTEXT_TYPES:
                context_of[use.article].add(key)
            if (use.article, use.entity_type, use.canonical_name) not in seen:
                seen.add((use.article, use.entity_type, use.canonical_name))
                names[key][use.canonical_name] += 1
        return cls(articles_of, context_of, names, owners)

    def cooccurring(self, key: Key) -> set[Key]:
        """Context-type keys mentioned in an article with this key (computed only for the keys a rule asks about)."""
        together: set[Key] = set()
        for article in self.articles_of.get(key, ()):
            together |= self.context_of.get(article, set())
        together.discard(key)
        return together


def resolve(
    known: Iterable[Alias],
    uses: Iterable[NameUse] | Mentions,
    referent: Referent = _no_referent,
    country: Country = _no_referent,
) -> list[Alias]:
    """Alias rows for every (entity_type, folded name) of `uses` that `known` does not hold yet.

    `uses` are the current mentions' names per article (known and new names alike: they are the context), or their
    `Mentions` already counted.
    `referent(entity_type, alias_key)` says what a name is known to name (see `geocode.referent`), so that two
    names of different known things never merge as spelling variants, and `country(entity_type, alias_key)` the
    country a place or demonym names, which tells whose ministry an organisation is. Existing rows are never
    changed: an entity keeps its id when new articles arrive. New keys are decided most mentioned first, so the
    commonest spelling founds an entity and rarer variants join it.
    """
    known = list(known)
    mentions = uses if isinstance(uses, Mentions) else Mentions.of(uses)
    resolver = _Resolver(known, mentions, referent, country)
    articles = {key: len(found) for key, found in mentions.articles_of.items()}
    pending = sorted((k for k in articles if k not in resolver.entity_of), key=lambda k: (-articles[k], k))
    decided = []
    for key in pending:
        # The name most articles use for the key; ties go to the alphabetically first.
        canonical = min(mentions.names[key].items(), key=lambda item: (-item[1], item[0]))[0]
        alias = resolver.decide(key, canonical)
        resolver.add(alias)
        decided.append(alias)
    return decided


def keys_to_read(known: Iterable[Alias], pending: Iterable[Key], country: Country = _no_referent) -> set[Key]:
    """The alias keys whose articles `resolve` may read to decide the pending keys: the keys themselves (how often
    each is used, and with what) and every key of a known entity a context rule could match one of them to (that
    entity's context). `resolve` over the uses of only the articles that mention one of these keys decides exactly
    what it decides over every use: the other articles change no count it reads. `country` as given to `resolve`
    (it tells an organisation's form)."""
    resolver = _Resolver(known, Mentions({}, {}, {}), _no_referent, country)
    wanted = set(pending)
    for entity_type, alias_key in list(wanted):
        candidates = set(resolver.by_skeleton.get((entity_type, skeleton_key(alias_key)), ()))
        tokens = person_tokens(alias_key)
        if entity_type == "PERSON" and len(tokens) >= 2:
            candidates |= resolver.by_person_prefix.get(tuple(tokens[:-1]), set())
        organisation = resolver.organisation_of((entity_type, alias_key))
        if organisation is not None:
            candidates |= resolver.by_organisation.get((entity_type, organisation[0]), set())
        for entity_id in candidates:
            wanted.update(resolver.keys_of[entity_id])
    return wanted
