"""marts.claim_conflicts: pairs of claims that count the same thing and disagree beyond their hedges, within a story
or across stories within 14 days about the same entities (orchestration/lib/claims/conflicts.py).

Python, not SQL: the pairing rules are the library's, unit-tested and used by the evaluation. Incremental by article:
the pairs with a claim of a changed article are recomputed (orchestration/lib/claims/mart.py).
"""

from orchestration.lib.claims.mart import claim_conflicts


def model(dbt, session):
    dbt.config(materialized="incremental", on_schema_change="fail", alias="claim_conflicts")
    # (dbt reads its dependencies from literal dbt.ref calls; the function names them marts.* / intermediate.*.)
    dbt.ref("fct_claims")
    dbt.ref("int_changed_records")
    return claim_conflicts(
        session,
        claims="marts.claims",
        target=str(dbt.this) if dbt.is_incremental else None,
        changed_articles="select article_id from intermediate.int_changed_records",
    )
