# The interface of the project: `make run` and `make test` set everything up from the lock file first.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := $(PYTHON) -m uv
RUN := $(UV) run --frozen --no-sync

# Telemetry off everywhere (dbt, Dagster via DAGSTER_HOME/dagster.yaml, Great Expectations).
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := false
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export UV_COMPILE_BYTECODE := 1

.PHONY: setup browser run test dev dashboards lint docs accuracy bench bench-large reliability clean

.venv/.synced: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(UV) sync --frozen
	@touch $@

setup: .venv/.synced  ## install the locked environment into .venv

run: setup  ## run the whole pipeline: $NEWSMON_RAW_DIR (raw/) -> $NEWSMON_WAREHOUSE (warehouse/news.duckdb)
	$(RUN) newsmon run

# The dashboards' browser test drives Debian's Chromium (Playwright's own browser download is not reachable).
browser:  ## install Debian's Chromium when missing; where that fails, the browser test is skipped and says why
	@command -v chromium >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && \
		(apt-get update -qq && apt-get install -y -qq chromium) >/dev/null 2>&1; } || \
		echo "newsmon: chromium could not be installed; the dashboard browser test will be skipped"

# Two workers, one test file each at a time: the pipeline runs of the e2e and reliability files are mostly
# single-threaded. Tests marked slow (the kill-and-rerun cycle) are left out: `make reliability` runs them larger.
test: setup browser  ## run the test suite (the slow fault-injection variants are in `make reliability`)
	$(RUN) pytest -n 2 --dist loadfile --durations=15 -m "not slow"

dev: setup  ## Dagster UI on 127.0.0.1 with the job, schedule and sensor
	$(RUN) dagster dev -m orchestration.definitions -h 127.0.0.1 -p 3000

dashboards: setup  ## Streamlit dashboards on 127.0.0.1:8501 over $NEWSMON_WAREHOUSE (read-only)
	$(RUN) streamlit run dashboards/app.py --server.address 127.0.0.1 --server.headless true \
		--browser.gatherUsageStats false

PYTHON_DIRS := orchestration tests dashboards evaluation bench reliability

lint: setup  ## ruff (lint + format) on every Python folder, sqlfluff (dbt templater, DuckDB dialect) on the SQL
	$(RUN) ruff check $(PYTHON_DIRS)
	$(RUN) ruff format --check $(PYTHON_DIRS)
	cd dbt_project && NEWSMON_WORKING_DB=$$(mktemp -d)/lint.duckdb $(RUN) sqlfluff lint models tests

# The "models" group (other English spaCy pipelines, for the model comparison) is installed here only.
accuracy: setup  ## score metadata and entity extraction against the gold in evaluation/data, rewrite ACCURACY.md
	$(UV) sync --frozen --group models
	$(RUN) python -m evaluation.accuracy --write ACCURACY.md

bench: setup  ## parse speed, pipeline vs bare spaCy, growth at 3,000 and 30,000 files, search at 100,000 articles, claims vs NER (hours)
	$(RUN) python bench/parse_speed.py
	$(RUN) python bench/pipeline_vs_spacy.py
	$(RUN) python bench/warehouse_growth.py --articles 3000
	$(RUN) python bench/warehouse_growth.py --articles 30000
	$(RUN) python bench/search.py --articles 100000 --then 1000
	$(RUN) python bench/claims.py --articles 3000

bench-large: setup  ## warehouse growth at 100,000 files: cold run, no-op, +100, +100 -100, bare spaCy (several hours)
	$(RUN) python bench/warehouse_growth.py --articles 100000

reliability: setup  ## hostile files, kill-and-rerun, concurrent readers, no network: figures into RELIABILITY.md
	$(RUN) python -m reliability.report --write RELIABILITY.md

docs: setup  ## dbt docs as one static page (column types from the working database once `make run` has built it)
	@working=$$($(RUN) python -c "from orchestration.lib.settings import resolve_settings as r; print(r().working_db)"); \
	catalog=""; [ -f "$$working" ] || { catalog=--empty-catalog; working=$$(mktemp -d)/docs.duckdb; }; \
	cd dbt_project && NEWSMON_WORKING_DB="$$working" $(RUN) dbt --quiet docs generate --static --profiles-dir . \
		--target-path target/docs $$catalog
	@echo "newsmon: dbt docs: file://$(CURDIR)/dbt_project/target/docs/static_index.html (open it in a browser)"

clean:  ## remove build artefacts (not the warehouse)
	rm -rf dbt_project/target dbt_project/logs .pytest_cache .ruff_cache
