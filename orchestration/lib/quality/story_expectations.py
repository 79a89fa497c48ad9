"""Great Expectations properties of the story assignments: every current article is in exactly one story, by a known
rule, with a score in [0, 1]; a story is named by its first article; copies are at least as similar as the copy
threshold."""

from __future__ import annotations

import great_expectations.expectations as gxe

from orchestration.lib.quality.expectations import Property
from orchestration.lib.stories.clusters import RULES, STORIES_VERSION
from orchestration.lib.stories.copies import COPY_THRESHOLD

STORY_ASSIGNMENTS = [
    Property(
        "every_article_has_a_story",
        "Every current article has been placed in a story.",
        lambda c: gxe.ExpectColumnValuesToNotBeNull(column="story_id"),
    ),
    Property(
        "one_story_per_article",
        "No article is placed twice.",
        lambda c: gxe.ExpectColumnValuesToBeBetween(column="assignment_count", min_value=1, max_value=1),
    ),
    Property(
        "story_rule_is_known",
        f"Every placement says which rule decided it ({', '.join(RULES)}).",
        lambda c: gxe.ExpectColumnValuesToBeInSet(column="rule", value_set=list(RULES)),
    ),
    Property(
        "story_score_is_between_0_and_1",
        "Similarity scores are in [0, 1].",
        lambda c: gxe.ExpectColumnValuesToBeBetween(column="score", min_value=0, max_value=1),
    ),
    Property(
        "story_is_named_by_its_first_article",
        "A story id is the id of an article placed in that very story (the one that started it).",
        lambda c: gxe.ExpectColumnValuesToBeInSet(column="founder_is_in_story", value_set=[True]),
    ),
    Property(
        "stories_version_is_current",
        "Every placement was made by the current rules (a rules change re-assigns everything).",
        lambda c: gxe.ExpectColumnValuesToBeInSet(column="stories_version", value_set=[STORIES_VERSION]),
    ),
    Property(
        "copies_are_near_duplicates",
        f"Recorded copies have an estimated Jaccard similarity between {COPY_THRESHOLD} and 1.",
        lambda c: gxe.ExpectColumnValuesToBeBetween(
            column="min_copy_similarity", min_value=COPY_THRESHOLD, max_value=1
        ),
    ),
]
