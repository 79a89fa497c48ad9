"""The model comparison of the accuracy report: other models go through build_pipeline, a missing one is named."""

from __future__ import annotations

from pathlib import Path

import spacy

from evaluation.corpora import DEFAULT_CORPORA
from evaluation.model_eval import BARE, PIPELINE, Candidate, ModelResult, evaluate_models, models_section
from orchestration.lib.nlp.mentions import MODEL_NAME, build_pipeline, extract_mentions, load_pipeline, model_meta

TEXT = "Maria Okafor, the mayor of Lagos, met officials of the Harbour Trust in Accra on Tuesday."


def _mentions(nlp: spacy.language.Language) -> list[tuple]:
    frame = extract_mentions(nlp, [("b1", TEXT)])
    return frame.select("char_start", "char_end", "entity_type").rows()


def test_a_model_directory_builds_the_same_pipeline_as_the_installed_package():
    meta = model_meta(MODEL_NAME)
    directory = Path(spacy.util.get_package_path(MODEL_NAME)) / f"{MODEL_NAME}-{meta['version']}"
    from_path = build_pipeline(directory)
    assert model_meta(directory)["name"] == meta["name"]
    assert from_path.pipe_names == load_pipeline().pipe_names
    assert _mentions(from_path) == _mentions(load_pipeline())
    assert _mentions(from_path)  # the sentence has names: an empty list would prove nothing


def test_a_candidate_whose_package_is_missing_is_listed_as_not_installed_and_not_scored():
    missing = Candidate("xx_no_model 0.0", "xx-no-model", "xx_no_model_package", lambda: "xx_no_model_package", "-")
    [result] = evaluate_models(DEFAULT_CORPORA, [missing])
    assert not result.installed and result.f1 is None
    section = "\n".join(models_section([result], machine_text="test machine"))
    assert "| xx_no_model 0.0 | `xx-no-model` | not installed" in section
    assert "bodies / hour" not in section  # no speed table without a scored model


def test_the_section_gives_f1_per_system_corpus_and_split_and_bodies_per_hour():
    f1 = {
        (system, corpus, part): value
        for system, value in ((PIPELINE, 0.8), (BARE, 0.6))
        for corpus in ("gum_news", "uner_pud_news")
        for part in ("dev", "test")
    }
    candidate = Candidate("xx_model 1.0", "xx-model", "xx_model", lambda: "xx_model", "a note")
    result = ModelResult(candidate, True, f1, 2.0, 100, 50_000, 36.0)
    assert result.bodies_per_hour == 10_000
    section = "\n".join(models_section([result], machine_text="test machine"))
    assert "| xx_model 1.0 (rules) | 0.800 | 0.800 | 0.800 | 0.800 |" in section
    assert "| xx_model 1.0 (bare) | 0.600 | 0.600 | 0.600 | 0.600 |" in section
    assert "| xx_model 1.0 | 10,000 | 36.0 | 2.0 |" in section
    assert "test machine" in section
