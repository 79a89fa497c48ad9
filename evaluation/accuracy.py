"""`make accuracy`: score metadata parsing and entity extraction against the gold corpora, print Markdown."""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from evaluation import report
from evaluation.claims_eval import claims_section, evaluate_claims
from evaluation.corpora import DEFAULT_CORPORA, REPO_ROOT, SEED_DIR
from evaluation.entity_eval import evaluate_entities
from evaluation.entity_resolution_cases import evaluate_geocoding, evaluate_resolution
from evaluation.html_eval import html_section
from evaluation.metadata_eval import evaluate_seeds, evaluate_wikinews
from evaluation.model_eval import evaluate_models, models_section
from evaluation.quotes_eval import evaluate_quotes, quotes_section
from evaluation.sentence_eval import evaluate_sentences, sentences_section
from evaluation.stories_eval import run_story_evaluation, stories_section
from orchestration.lib.nlp.mentions import load_pipeline, ner_version
from orchestration.lib.parsing import PARSER_VERSION


def _display_path(path: Path) -> str:
    # A path relative to the repository reads the same in every checkout.
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def build_report(corpora: Path, command: str) -> str:
    """Run every evaluation and return the whole report as Markdown."""
    wikinews = evaluate_wikinews(corpora)
    seeds = evaluate_seeds(SEED_DIR)
    nlp = load_pipeline()
    entities = evaluate_entities(nlp, corpora)
    stories = run_story_evaluation(corpora, nlp)
    return report.render(
        [
            report.header_section(
                command, ner_version(nlp), PARSER_VERSION, date.today().isoformat(), _display_path(corpora)
            ),
            report.headline_section(wikinews, seeds, entities),
            report.wikinews_section(wikinews),
            report.seeds_section(seeds),
            html_section(corpora),
            report.entities_section(entities),
            sentences_section(evaluate_sentences(corpora)),
            models_section(evaluate_models(corpora)),
            report.resolution_section(evaluate_resolution(), evaluate_geocoding(corpora, nlp)),
            stories_section(stories),
            claims_section(evaluate_claims(nlp, corpora)),
            quotes_section(evaluate_quotes(nlp, corpora)),
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Print the report; with --write also save it."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="folder of the gold corpora")
    parser.add_argument("--write", type=Path, metavar="PATH", help="also write the report to this file")
    args = parser.parse_args(args_list)
    if not args.corpora.is_dir():
        parser.error(f"corpora folder not found: {args.corpora}")

    started = time.perf_counter()
    text = build_report(args.corpora, shlex.join(["python", "-m", "evaluation.accuracy", *args_list]))
    print(text, end="")
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    print(f"accuracy: done in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
