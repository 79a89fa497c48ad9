"""Spikes and the alerts file end to end: real `newsmon` runs on articles written here, read back as a user would.

One sequence, three pipeline runs:
  1. five days with one article naming Ouagadougou once, then a day with four articles naming it five times each: a
     jump, but the warehouse holds articles on only 5 of the 28 days before, too few for a baseline: no spike, no
     alert, and the run does not fail;
  2. articles on seven earlier days about something else (Ouagadougou's own mentions do not change): now 12 days are
     covered, the jump is a spike of marts.entity_spikes after an incremental build, and the alerts file holds it once;
  3. `newsmon forget --file` one of the other articles: rebuilt and published, the spike stays, and the alerts file
     still holds it once.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.settings import DBT_PROJECT_DIR, WORKING_DB_ENV, Settings, resolve_settings
from orchestration.run import RunOutcome, run_pipeline

SPIKE_DAY = date(2025, 3, 20)
COMMODITIES = ["millet", "sorghum", "rice", "cotton", "onions"]
SPIKE_BODIES = [
    "Gunfire was heard in Ouagadougou before dawn. Residents of Ouagadougou stayed indoors. Schools in Ouagadougou "
    "were closed, flights to Ouagadougou were cancelled, and the streets of Ouagadougou were empty by noon.",
    "Soldiers took positions near the state broadcaster in Ouagadougou. Shops in Ouagadougou pulled down their "
    "shutters. Phone lines out of Ouagadougou were cut for hours, and travellers heading to Ouagadougou turned back. "
    "Ouagadougou waited for news.",
    "A curfew was announced for Ouagadougou. Hospitals in Ouagadougou called in extra staff. Taxi drivers said the "
    "roads into Ouagadougou were blocked, and diplomats in Ouagadougou advised their citizens to shelter. Few people "
    "slept in Ouagadougou.",
    "Ouagadougou was calm again after the shooting, officials said. Banks in Ouagadougou stayed shut, queues formed at "
    "fuel stations across Ouagadougou, and buses left Ouagadougou full. Ouagadougou counted the damage.",
]
OTHER_TOPICS = ["pumpkins", "apples", "honey", "cheese", "walnuts", "plums", "pears"]


def article(title: str, day: date, outlet: str, body: str) -> str:
    return (
        f"Title: {title}\nDate: {day:%Y-%m-%d} 09:00\nURL: https://{outlet}/{day:%Y%m%d}/{title.split()[0]}\n\n{body}\n"
    )


def quiet_days() -> dict[str, str]:
    """Days 6 to 5 before the spike: one article each naming Ouagadougou once."""
    files = {}
    for back, commodity in zip(range(5, 0, -1), COMMODITIES, strict=True):
        day = SPIKE_DAY - timedelta(days=back)
        body = (
            f"Traders in Ouagadougou said the price of {commodity} had barely moved. Stalls selling {commodity} "
            f"opened as usual and the wholesalers expected steady demand for {commodity}."
        )
        files[f"quiet/{day}.txt"] = article(f"{commodity.title()} prices steady", day, "lefaso.example", body)
    for number, body in enumerate(SPIKE_BODIES):
        title, outlet = f"Report{number} on the capital", f"outlet{number}.example"
        files[f"spike/{number}.txt"] = article(title, SPIKE_DAY, outlet, body)
    return files


def other_days() -> dict[str, str]:
    """Days 12 to 6 before the spike: an article each about something else."""
    files = {}
    for back, topic in zip(range(12, 5, -1), OTHER_TOPICS, strict=True):
        day = SPIKE_DAY - timedelta(days=back)
        body = (
            f"The autumn fair drew large crowds, organisers said. Growers brought {topic} by the cartload, and the "
            f"judges praised the {topic} from the hill farms."
        )
        files[f"other/{day}.txt"] = article(f"{topic.title()} at the fair", day, "farmnews.example", body)
    return files


def write(raw: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_text(text, encoding="utf-8")


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def alert_lines(settings: Settings, kind: str = "entity_spike") -> list[dict]:
    """The file's alerts of one kind (the shipped watchlist may add watchlist alerts of its own)."""
    if not settings.alerts_file.exists():
        return []
    alerts = [json.loads(line) for line in settings.alerts_file.read_text(encoding="utf-8").splitlines()]
    return [alert for alert in alerts if alert["kind"] == kind]


SPIKES = """
select entities.canonical_name, spikes.day, spikes.mention_count, spikes.article_count, spikes.coverage_days,
    spikes.baseline_mean, spikes.surprise, spikes.article_ids
from marts.entity_spikes as spikes join marts.entities as entities using (entity_id)
order by all
"""


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory, dagster_home: Path) -> dict[str, object]:
    root = tmp_path_factory.mktemp("alerts")
    raw = root / "raw"
    raw.mkdir()
    settings = resolve_settings(raw, root / "warehouse" / "news.duckdb")
    steps: dict[str, object] = {"settings": settings}
    write(raw, quiet_days())
    steps["first"] = run_pipeline(settings)
    steps["first_spikes"] = query(settings.warehouse, SPIKES)
    steps["first_candidates"] = query(
        settings.working_db, "select entity_id, day from intermediate.int_entity_spike_candidates"
    )
    steps["first_alerts"] = alert_lines(settings)
    steps["first_alerts_file"] = bool(alert_lines(settings))
    write(raw, other_days())
    steps["second"] = run_pipeline(settings)
    steps["second_spikes"] = query(settings.warehouse, SPIKES)
    steps["second_alerts"] = alert_lines(settings)
    spike_articles = "select article_id from marts.articles where file_path like 'spike/%'"
    steps["spike_article_ids"] = sorted(row[0] for row in query(settings.warehouse, spike_articles))
    # A build from scratch over a copy of the working database, to compare with the incremental one.
    scratch = root / "scratch.duckdb"
    shutil.copyfile(settings.working_db, scratch)
    env = {**os.environ, WORKING_DB_ENV: str(scratch), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    command = [str(Path(sys.executable).with_name("dbt")), "run", "--full-refresh", "--select", "+fct_entity_spikes"]
    command += ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
    command += ["--target-path", str(root / "target")]
    dbt = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert dbt.returncode == 0, dbt.stdout[-3000:]
    steps["scratch_spikes"] = query(scratch, SPIKES)
    steps["incremental_candidates"] = query(
        settings.working_db, "select * from intermediate.int_entity_spike_candidates order by all"
    )
    steps["scratch_candidates"] = query(scratch, "select * from intermediate.int_entity_spike_candidates order by all")
    forgotten = sorted(other_days())[0]
    paths = ["--raw-dir", str(raw), "--warehouse", str(settings.warehouse)]
    newsmon = str(Path(sys.executable).with_name("newsmon"))
    steps["forget"] = subprocess.run(
        [newsmon, "forget", "--file", forgotten, "--yes", *paths], capture_output=True, text=True, timeout=900
    )
    steps["forget_spikes"] = query(settings.warehouse, SPIKES)
    steps["forget_alerts"] = alert_lines(settings)
    return steps


def test_a_jump_without_a_covered_baseline_is_no_spike_and_no_alert(history):
    first: RunOutcome = history["first"]
    assert first.success, first.failed_steps
    assert first.failed_checks == []
    assert history["first_spikes"] == []
    assert [day for _, day in history["first_candidates"]] == [SPIKE_DAY]  # the jump is a candidate
    assert history["first_alerts"] == []
    assert not history["first_alerts_file"]  # no spike to say


def test_more_covered_days_make_the_jump_a_spike_with_its_articles(history):
    second: RunOutcome = history["second"]
    assert second.success, second.failed_steps
    [(name, day, mentions, articles, coverage, baseline, surprise, article_ids)] = history["second_spikes"]
    assert (name, day, articles, coverage) == ("Ouagadougou", SPIKE_DAY, 4, 12)
    assert mentions >= 18  # five a piece, as the model finds them
    assert baseline == pytest.approx(5 / 12)  # once a day on 5 of the 12 covered days, 0 on the others
    assert surprise == pytest.approx(mentions - 5 / 12)  # the baseline is below 1: taken as 1
    assert article_ids == history["spike_article_ids"] and len(article_ids) == 4


def test_the_incremental_build_equals_a_build_from_scratch(history):
    assert history["incremental_candidates"] and history["scratch_spikes"]
    assert history["incremental_candidates"] == history["scratch_candidates"]
    assert history["second_spikes"] == history["scratch_spikes"]


def test_the_alerts_file_holds_the_spike_once(history):
    [alert] = history["second_alerts"]
    [(name, day, mentions, articles, coverage, _, surprise, article_ids)] = history["second_spikes"]
    assert alert["kind"] == "entity_spike" and alert["name"] == name
    assert alert["entity_type"] == "LOC"  # newsmon files places (GPE) under LOC
    assert alert["day"] == day.isoformat() and alert["article_ids"] == article_ids
    assert (alert["mention_count"], alert["article_count"], alert["coverage_days"]) == (mentions, articles, coverage)
    assert alert["surprise"] == round(surprise, 2) and alert["baseline_mean"] == round(5 / 12, 3)


def test_forget_rebuilds_and_the_alert_is_not_written_again(history):
    forget = history["forget"]
    assert forget.returncode == 0, forget.stdout[-3000:] + forget.stderr[-3000:]
    assert "  alerts: 0 new of 1 spikes and " in forget.stdout
    [(_, _, _, _, coverage, *_)] = history["forget_spikes"]
    assert coverage == 11
    assert history["forget_alerts"] == history["second_alerts"]
