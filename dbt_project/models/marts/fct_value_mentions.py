"""marts.value_mentions: dates, times, numbers, money, percentages, quantities and ordinals mentioned in the articles,
with offsets and the number each states (orchestration.lib.nlp.values). They are not entities.

Python, not SQL: number words are read by number-parser. Incremental by article, like marts.entity_mentions.
"""

from orchestration.lib.nlp.values import value_mentions


def model(dbt, session):
    dbt.config(materialized="incremental", on_schema_change="fail", alias="value_mentions")
    # (dbt reads its dependencies from literal dbt.ref calls; the function names them staging.* / intermediate.*.)
    dbt.ref("stg_mentions")
    dbt.ref("int_articles")
    dbt.ref("int_changed_records")
    return value_mentions(
        session,
        target=str(dbt.this) if dbt.is_incremental else None,
        changed_articles="select article_id from intermediate.int_changed_records",
    )
