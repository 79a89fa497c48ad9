"""Render the accuracy results as one Markdown document."""

from __future__ import annotations

from collections.abc import Sequence

from evaluation.entity_eval import BARE, CORE_TYPES, PIPELINE, EntityResult
from evaluation.entity_resolution_cases import CaseOutcome, GeocodeOutcome
from evaluation.metadata_eval import (
    BARE_RELATIVE_BASE,
    METADATA_SYSTEMS,
    NEWSMON,
    SEED_FIELDS,
    WIKINEWS_FIELDS,
    SeedCheck,
    WikinewsResult,
)
from evaluation.scoring import ALL, FieldTally
from evaluation.splits import DEV, TEST
from orchestration.lib.nlp.spans import RULES

ERROR_KINDS = {
    "type": "right span, wrong type",
    "boundary": "overlap, same type",
    "boundary+type": "overlap, other type",
    "none": "no overlap",
}


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """A Markdown table; numbers right-aligned."""
    align = ["---:" if rows and isinstance(rows[0][i], int | float) else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return lines


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value).replace("|", "\\|")


def tally_cell(tally: FieldTally) -> str:
    """right / stated, then the wrong, missed and invented values when there are any."""
    counts = {"wrong": tally.wrong, "missed": tally.missed, "invented": tally.invented}
    extra = ", ".join(f"{n} {what}" for what, n in counts.items() if n)
    return f"{tally.correct} / {tally.stated}" + (f" ({extra})" if extra else "")


def _short(value: object, width: int = 45) -> str:
    if value is None:
        return "—"
    text = str(value)
    return f"`{text if len(text) <= width else text[: width - 1] + '…'}`"


def header_section(command: str, model: str, parser_version: str, today: str, corpora: str) -> list[str]:
    """Title and provenance: how, when and with which model and parser the figures were made."""
    return [
        "# Extraction accuracy",
        "",
        f"Produced by `{command}` on {today} · NER model `{model}` · "
        f"PARSER_VERSION `{parser_version}` · corpora `{corpora}`.",
        "",
        "Every gold corpus is split into a frozen **dev** and **test** part by a hash of its document ids "
        "(`evaluation/data/splits.csv`, `evaluation/splits.py`); entity scores are reported for both, with the bare "
        "model beside the pipeline. Rules, word lists and thresholds are to be chosen on dev only. The entity rules "
        "of this version were written before the split, with the whole corpora in view, so their test figures are "
        "not yet held-out figures: the project's held-out measure is material it never sees.",
        "",
    ]


def headline_section(wikinews: WikinewsResult, seeds: list[SeedCheck], entities: list[EntityResult]) -> list[str]:
    """The few numbers worth remembering."""
    title, dated = wikinews.tallies["title"], wikinews.tallies["published date"]
    inventions = sum(tally.invented for tally in wikinews.tallies.values())
    bare = [tallies for (system, _), tallies in wikinews.by_split.items() if system != NEWSMON]
    bare_dates = [tallies["published date"] for tallies in bare]
    bare_inventions = sum(tally.invented for tallies in bare for tally in tallies.values())
    corpora = list(dict.fromkeys(result.corpus for result in entities))
    rows = [
        [system] + [next(r.scores[ALL].f1 for r in entities if (r.system, r.corpus) == (system, c)) for c in corpora]
        for system in dict.fromkeys(result.system for result in entities)
    ]
    return [
        "## Headline",
        "",
        f"- Wikinews metadata: title right in {title.correct} of {title.files} files ({title.missed} missed, "
        f"{title.wrong} wrong); date right in {dated.correct} of {dated.stated} files with a dateline "
        f"({dated.missed} missed, {dated.wrong} wrong); {inventions} invented values over all fields (bare "
        f"baseline: date right in {sum(t.correct for t in bare_dates)} of {sum(t.stated for t in bare_dates)}, "
        f"{bare_inventions} invented values).",
        f"- Seed files: {sum(c.ok for c in seeds)} of {len(seeds)} checked fields right.",
        "- Entities, micro-F1 on exact PERSON / ORG / LOC spans:",
        "",
        *table(["system", *corpora], rows),
        "",
    ]


def wikinews_section(result: WikinewsResult) -> list[str]:
    """Per-field tallies over the Wikinews files, the truth rules and some failing files."""
    rows = [
        [field, t.files, t.stated, t.filled, t.correct, t.wrong, t.missed, t.invented]
        for field, t in result.tallies.items()
    ]
    dated, off = result.tallies["published date"], result.dateline_not_on_line_3
    lines = [
        "## 1. Metadata",
        "",
        f"### Wikinews ({dated.files} files, truth from `metadata.csv`)",
        "",
        "Each file is read with `decode_bytes` and parsed with `parse_article`, as the pipeline does. Rules:",
        "",
        "- **title**: every file states its title on line 1; compared with `metadata.csv` after Unicode NFC and "
        "whitespace collapsing.",
        "- **published date**: a file *states* a date when one of its lines is, on its own, a Wikinews dateline "
        "(`Friday, January 4, 2019`); the parser's `published_at` is compared on the calendar date. A date "
        "parsed from a file without a dateline is *invented*, even if it happens to be right.",
        f"  {len(off)} file(s) carry the dateline below a review banner rather than on line 3, so "
        f"{dated.files - dated.stated} files state no date by this rule ({dated.files - dated.stated + len(off)} "
        "by line 3 alone): " + (", ".join(f"`{name}`" for name in off) or "none") + ".",
        f"- **{', '.join(f for f in WIKINEWS_FIELDS[2:])}**: Wikinews text never states them, so every value is "
        "invented.",
        "",
        "`filled` = `correct` + `wrong` + `invented`; `stated` = `correct` + `wrong` + `missed`.",
        "",
        *table(["field", "files", "stated", "filled", "correct", "wrong", "missed", "invented"], rows),
        "",
        *_wikinews_splits(result),
    ]
    failing = {field: examples for field, examples in result.examples.items() if examples}
    if failing:
        lines += ["First failing files per field:", ""]
        for field, examples in failing.items():
            lines += [f"- **{field}**: " + "; ".join(examples)]
        lines.append("")
    return lines


def _wikinews_splits(result: WikinewsResult) -> list[str]:
    """newsmon and the bare baseline on dev and test, side by side."""
    columns = [(system, part) for system in METADATA_SYSTEMS for part in (DEV, TEST)]
    rows = [[field, *(tally_cell(result.by_split[key][field]) for key in columns)] for field in WIKINEWS_FIELDS]
    header = ["field", *(f"{system} {part} ({result.split_files.get(part, 0)} files)" for system, part in columns)]
    return [
        "The same on the dev and the test part (`splits.csv`), beside a **bare baseline** made in the same command "
        "from libraries and no project rule: the first non-empty line as the title, the first date "
        "`dateparser.search.search_dates` finds in the text as the date (relative dates read from "
        f"{BARE_RELATIVE_BASE.date().isoformat()}), the first `http(s)://` URL as the url and its registrable "
        "domain (tldextract) as source_domain, no author, source name or original source. A cell is right / "
        "stated, with the wrong, missed and invented values.",
        "",
        *table(header, rows),
        "",
    ]


def _seed_cell(check: SeedCheck) -> str:
    if check.ok:
        return f"✓ {_short(check.parsed)}"
    return f"✗ expected {_short(check.expected)}, got {_short(check.parsed)}"


def seeds_section(checks: list[SeedCheck]) -> list[str]:
    """One row per seed file: each field's parsed value, ticked when it is what the file states."""
    rows = []
    for name in dict.fromkeys(check.file for check in checks):
        by_field = {check.field: check for check in checks if check.file == name}
        rows.append([f"`{name}`", *(_seed_cell(by_field[field]) for field in SEED_FIELDS)])
    return [
        f"### Seed files (`evaluation/data/seeds`, as shipped in `raw/`): "
        f"{sum(c.ok for c in checks)} of {len(checks)} fields right",
        "",
        "Expected values: what each file states (task brief and `tests/unit/test_parsing_seeds.py`); "
        "— means the file states nothing, so the parser must return None. `published_at` is compared exactly.",
        "",
        *table(["file", *SEED_FIELDS], rows),
        "",
    ]


def _before_after(results: list[EntityResult]) -> list[str]:
    corpora = list(dict.fromkeys(result.corpus for result in results))
    by_key = {(result.corpus, result.system): result for result in results}
    rows = []
    for corpus in corpora:
        before, after = by_key[(corpus, BARE)].scores, by_key[(corpus, PIPELINE)].scores
        for label in (ALL, *CORE_TYPES):
            change = after[label].f1 - before[label].f1
            rows.append([corpus, label, before[label].f1, after[label].f1, f"{change:+.3f}"])
    return table(["corpus", "type", "F1 before (bare spaCy)", "F1 after (newsmon pipeline)", "change"], rows)


def _ablation(results: list[EntityResult]) -> list[str]:
    ablated = [result for result in results if result.without_rule is not None]
    if not ablated:
        return []
    header = ["rule", "what it does"]
    for result in ablated:
        header += [f"{result.corpus} F1 without it", "rule's share"]
    rows = []
    for rule, function in RULES.items():
        summary = (function.__doc__ or "").strip().splitlines()[0]
        row: list[object] = [f"`{rule}`", summary]
        for result in ablated:
            without = result.without_rule[rule]
            row += [without, f"{result.scores[ALL].f1 - without:+.3f}"]
        rows.append(row)
    no_rules: list[object] = ["(none of them)", "the model's own spans"]
    for result in ablated:
        without = result.without_rule[""]
        no_rules += [without, f"{result.scores[ALL].f1 - without:+.3f}"]
    rows.append(no_rules)
    return [
        "### Rule ablation",
        "",
        "Micro-F1 of the pipeline with one rule of `orchestration/lib/nlp/spans.py` left out (the others run in "
        "their usual order), and the rule's share: the pipeline's F1 minus that. A rule stays only if its share is "
        "not negative on both corpora taken together.",
        "",
        *table(header, rows),
        "",
    ]


def entities_section(results: list[EntityResult]) -> list[str]:
    """Per corpus: before/after the rules per type, scores per system and type, error kinds, rule ablation."""
    lines = [
        "## 2. Entities",
        "",
        "Exact match on (document, start, end, type), micro-averaged. spaCy labels map as the pipeline maps "
        "them: PERSON→PERSON, ORG→ORG, GPE/LOC/FAC→LOC; other labels are left out on both sides. Both systems "
        "run on the gold text itself (not on a parsed body) so that offsets are comparable.",
        "",
        "- **newsmon pipeline**: `extract_mentions`, the function the pipeline runs: the model, then the newsmon "
        "entity rules (gazetteer, span clean-up, cues, document consistency; `orchestration/lib/nlp/spans.py`), "
        "and spans that cross a line break dropped.",
        "- **bare spaCy**: the same model from `load_pipeline()` with the rules switched off, `doc.ents` mapped as "
        "above, nothing dropped: the *before* of the rules.",
        "",
        "GUM labels sports teams named after countries ORG where spaCy says GPE, and its names were cut from "
        "mentions by fixed rules: read it as a strong signal, not an oracle (see the corpora README).",
        "",
        "### Before and after the rules",
        "",
        *_before_after(results),
        "",
    ]
    for corpus in dict.fromkeys(result.corpus for result in results):
        in_corpus = [result for result in results if result.corpus == corpus]
        rows = [
            [result.system, label, s.gold, s.predicted, s.tp, s.precision, s.recall, s.f1]
            for result in in_corpus
            for label, s in result.scores.items()
        ]
        error_rows = [
            [result.system, side, *(counts[kind] for kind in ERROR_KINDS)]
            for result in in_corpus
            for side, counts in (("missed gold", result.missed), ("spurious", result.spurious))
        ]
        gold = in_corpus[0].scores[ALL].gold
        lines += [
            f"### {corpus} ({in_corpus[0].docs} documents, {gold} gold entities)",
            "",
            *table(["system", "type", "gold", "predicted", "correct", "precision", "recall", "F1"], rows),
            "",
            "Errors by kind (each missed gold span / spurious prediction, by its nearest counterpart):",
            "",
            *table(["system", "error", *ERROR_KINDS.values()], error_rows),
            "",
        ]
    return lines + _ablation(results)


def resolution_section(cases: list[CaseOutcome], places: list[GeocodeOutcome]) -> list[str]:
    """Hard cases of cross-article entity resolution, then geocoding of countries and capitals per corpus."""
    case_rows = [
        [
            outcome.case.entity_type,
            f"`{outcome.case.first}`",
            f"`{outcome.case.second}`",
            "merge" if outcome.case.same else "keep apart",
            "merged" if outcome.merged else "apart",
            outcome.rule,
            "✓" if outcome.correct else "✗",
            outcome.case.why,
        ]
        for outcome in cases
    ]
    corpora = list(dict.fromkeys(outcome.corpus for outcome in places))
    place_rows = []
    for corpus in corpora:
        in_corpus = [outcome for outcome in places if outcome.corpus == corpus]
        place_rows.append(
            [
                corpus,
                len(in_corpus),
                sum(outcome.country_right for outcome in in_corpus),
                sum(outcome.correct for outcome in in_corpus),
            ]
        )
    wrong = [outcome for outcome in places if not outcome.correct]
    lines = [
        "## 3. Entity resolution and geocoding",
        "",
        f"### Hard cases: {sum(outcome.correct for outcome in cases)} of {len(cases)} right",
        "",
        *table(["type", "first article", "second article", "expected", "got", "rule", "ok", "why"], case_rows),
        "",
        "### Countries and capitals",
        "",
        *table(["corpus", "names", "country right", "country and kind right"], place_rows),
        "",
    ]
    if wrong:
        lines += ["First wrong ones:", ""]
        lines += [
            f"- {outcome.corpus} `{outcome.doc_id}` `{outcome.name}`: expected {outcome.expected}, got {outcome.got} "
            f"({outcome.rule})"
            for outcome in wrong[:10]
        ]
        lines.append("")
    return lines


def render(sections: Sequence[list[str]]) -> str:
    """Join sections into one document with a single trailing newline."""
    return "\n".join(line for section in sections for line in section).rstrip() + "\n"
