"""MinHash signatures and LSH band keys on the seed articles: copies are found, rewrites are not copies."""

from __future__ import annotations

import numpy as np

from orchestration.lib.parsing import parse_article
from orchestration.lib.stories.copies import (
    BANDS,
    COPY_THRESHOLD,
    NUM_PERM,
    ROWS,
    band_keys,
    from_blob,
    shares_a_bucket,
    signature,
    similarity,
    to_blob,
)
from tests.conftest import SEEDS_DIR


def seed_body(prefix: str) -> str:
    return parse_article(next(SEEDS_DIR.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")).body


def lightly_edited(body: str) -> str:
    """Another outlet's copy: a few words changed, the last paragraph dropped, a line added."""
    paragraphs = body.replace("said", "stated").replace("Russian", "Russia's").split("\n")[:-1]
    return "NIAMEY (Agencies) - " + "\n".join(paragraphs) + "\nFollow us for more news from the Sahel."


def test_signature_has_one_value_per_permutation_and_survives_storage():
    values = signature(seed_body("001"))
    assert values.shape == (NUM_PERM,) and values.dtype == np.uint32
    assert np.array_equal(from_blob(to_blob(values)), values)
    assert BANDS * ROWS <= NUM_PERM


def test_identical_bodies_have_identical_signatures_and_share_every_band():
    body = seed_body("004")
    assert similarity(signature(body), signature(body)) == 1.0
    assert band_keys(signature(body)) == band_keys(signature(body.replace("\n", "\r\n")))


def test_a_lightly_edited_copy_is_a_near_duplicate_found_through_the_bands():
    original, copy = signature(seed_body("004")), signature(lightly_edited(seed_body("004")))
    assert similarity(original, copy) >= COPY_THRESHOLD
    assert shares_a_bucket(band_keys(original), band_keys(copy))


def test_rewrites_of_one_story_are_not_copies():
    bodies = {prefix: signature(seed_body(prefix)) for prefix in ("000", "001", "002", "003", "004")}
    for a in bodies:
        for b in bodies:
            if a < b:
                assert similarity(bodies[a], bodies[b]) < 0.2, (a, b)
