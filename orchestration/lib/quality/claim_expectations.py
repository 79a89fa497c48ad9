"""Great Expectations properties of the claims stage's figures and quotes: offsets that cut out their text, values that
are numbers inside the range their hedge allows, known hedges and quote kinds, speakers that are mentions, current
rules."""

from __future__ import annotations

import great_expectations.expectations as gxe

from orchestration.lib.claims.figures import HEDGES
from orchestration.lib.claims.stage import STAGE_VERSION
from orchestration.lib.quality.expectations import Property

QUOTE_KINDS = ["direct", "reported"]

CLAIMS = [
    Property(
        "claim_offsets_cut_out_their_text",
        "Every figure and quote lies inside its article body, and its offsets cut out exactly its stored text.",
        lambda c: gxe.ExpectColumnValuesToBeInSet(column="offsets_cut_out_text", value_set=[True]),
    ),
    Property(
        "claim_value_parses",
        "Every figure's value is a finite number within the low / high range its hedge allows.",
        lambda c: gxe.ExpectColumnValuesToBeInSet(column="value_is_a_number_in_its_range", value_set=[True]),
    ),
    Property(
        "claim_hedge_is_known",
        f"Every figure's hedge is one of: {', '.join(HEDGES)}.",
        lambda c: gxe.ExpectColumnValuesToBeInSet(column="hedge", value_set=list(HEDGES)),
    ),
    Property(
        "quote_kind_is_known",
        "Every quote is direct or reported.",
        lambda c: gxe.ExpectColumnValuesToBeInSet(column="quote_kind", value_set=QUOTE_KINDS),
    ),
    Property(
        "quote_speaker_is_a_mention",
        "A quote's resolved speaker is a mention of the same body.",
        lambda c: gxe.ExpectColumnValuesToBeInSet(column="speaker_is_a_mention", value_set=[True]),
    ),
    Property(
        "claims_version_is_current",
        "Every body was read by the current figure and quote rules (a rules change reads every body again).",
        lambda c: gxe.ExpectColumnValuesToBeInSet(column="claims_version", value_set=[STAGE_VERSION]),
    ),
]
