# ecom-segments: everything a fresh machine needs goes through these targets.
#   make build   builds the warehouse on the demo data (warehouse/ecom_segments.duckdb)
#   make test    lints and runs every test (dbt data and unit tests run inside pytest)
#   make dashboard  the segment dashboard on http://127.0.0.1:8501 (reads the serving file)
#
# Recipes run from this folder and export no DBT_* variables: make and a plain `dbt` typed
# here render the same profile (profiles.yml's defaults are relative to this folder), so
# switching between them keeps dbt's partial parsing. Set DBT_DUCKDB_PATH and friends in
# the environment to move the warehouse; both then see the same values.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DBT := $(BIN)/dbt
# Three install stamps: the runtime (dbt-duckdb; enough for build, refresh, publish, sql),
# the dashboard (requirements-dashboard.txt: Streamlit, Altair) and everything
# (requirements-dev.txt: the runtime, the dashboard, the other engines' adapters, pytest,
# playwright, ruff, sqlfluff, dbt-score) for test and lint.
RUNTIME_STAMP := $(BIN)/.installed-runtime
DASHBOARD_STAMP := $(BIN)/.installed-dashboard
DEV_STAMP := $(BIN)/.installed
CHROMIUM ?= /usr/bin/chromium
DASHBOARD_PORT ?= 8501

.PHONY: runtime setup build test lint docs fixtures demo-data clean refresh publish sql \
	scale-data benchmark vars clv-vars dashboard chromium

$(RUNTIME_STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(DASHBOARD_STAMP): $(RUNTIME_STAMP) requirements-dashboard.txt
	$(BIN)/pip install --quiet -r requirements-dashboard.txt
	touch $@

$(DEV_STAMP): $(RUNTIME_STAMP) requirements-dev.txt requirements-engines.txt \
		requirements-dashboard.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

profiles.yml: profiles.example.yml
	cp profiles.example.yml profiles.yml

runtime: $(RUNTIME_STAMP) profiles.yml

# Everything: the runtime, the other engines' adapters and the dev tools.
setup: $(DEV_STAMP) profiles.yml

build: runtime
	mkdir -p warehouse
	$(DBT) build

# The scheduled job: refresh the warehouse (incremental), then publish the serving file BI
# tools read. A failed build stops make before publishing, and publish_serving.py itself
# refuses unless target/run_results.json is this warehouse's last build and it passed:
# readers keep the last good version.
refresh: runtime
	mkdir -p warehouse
	$(DBT) build --selector scheduled_refresh
	$(BIN)/python scripts/publish_serving.py

publish: runtime
	$(BIN)/python scripts/publish_serving.py

# make sql Q="select ..." [SERVING=1]: a read-only query on the warehouse (or the serving
# file), printed as a table. Q reaches the script through the environment, unquoted by make.
sql: runtime
	@test -n "$$Q" || { echo 'usage: make sql Q="select ..." [SERVING=1]' >&2; exit 2; }
	@$(BIN)/python scripts/sql.py $(if $(SERVING),--serving) "$$Q"

# The segment dashboard on 127.0.0.1 (DASHBOARD_PORT, default 8501), headless, reading the
# serving file ($$DBT_SERVING_PATH, else warehouse/serving.duckdb): make build, make publish,
# then make dashboard. Settings in .streamlit/config.toml (no usage statistics, no reloads).
dashboard: $(DASHBOARD_STAMP)
	$(BIN)/streamlit run dashboard/app.py --server.headless true \
		--server.address 127.0.0.1 --server.port $(DASHBOARD_PORT) \
		--browser.gatherUsageStats false

# The browser tests drive Debian's chromium. Installed with apt when it is missing (CI runs
# as root on Debian); elsewhere install it yourself, or set CHROMIUM to where it is.
chromium:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing chromium (apt-get) for the browser tests"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q --no-install-recommends chromium; \
	else \
		echo "chromium not found at $(CHROMIUM): install it (apt-get install chromium) for" \
			"the browser tests, or set CHROMIUM" >&2; \
	fi

# make clv-vars: the warehouse's CLV fits as the --vars PostgreSQL and Spark score from.
clv-vars: runtime
	@$(BIN)/python scripts/clv_vars.py

test: setup lint chromium
	$(BIN)/pytest

# dbt-score (configured in pyproject.toml: project >= 9.0, every item >= 8.5) scores the
# manifest of a `dbt parse`, which needs no warehouse. It parses into its own folder so the
# build's manifest.json is left alone; that folder keeps its partial-parse file between runs.
# It prints only the items under the item threshold (--show failing-rules lists every warning).
SCORE_TARGET = $${DBT_TARGET_PATH:-target}/dbt-score

lint: setup
	mkdir -p warehouse
	$(BIN)/ruff check scripts tests dashboard
	$(BIN)/sqlfluff lint models tests/singular analyses
	$(DBT) parse --quiet --target-path $(SCORE_TARGET)
	$(BIN)/dbt-score lint --show failing-items --manifest $(SCORE_TARGET)/manifest.json

# dbt docs generate writes its own run_results.json over the build's; the build's is put
# back, so make publish (and dbt retry) still see the build.
docs: runtime
	mkdir -p warehouse
	$(DBT) build
	cp $${DBT_TARGET_PATH:-target}/run_results.json $${DBT_TARGET_PATH:-target}/.run_results.build.json
	$(DBT) docs generate; status=$$?; \
		mv $${DBT_TARGET_PATH:-target}/.run_results.build.json $${DBT_TARGET_PATH:-target}/run_results.json; \
		exit $$status

# After adding or changing a var's line in dbt_project.yml: regenerate its checks
# (macros/vars/var_specs.sql) and the README's vars table.
vars: runtime
	$(BIN)/python scripts/var_specs.py

# Regenerate the demo raw tables and the expected results the tests compare with.
demo-data: setup
	$(BIN)/python scripts/generate_demo_data.py

fixtures: setup
	$(BIN)/python -m tests.oracle --raw seeds/demo --reference seeds/reference --out tests/fixtures

# Generated data at a scale factor (SF1: 1M contacts, 100M events) and the benchmark; see
# BENCHMARKS.md. Data is cached in bench/data/sf<scale> (not committed).
# LAYOUT=folder (default): events, orders and order_items arrive as daily load files
# <table>/YYYY-MM-DD.parquet (with late and re-sent rows), the other tables as one file;
# data in bench/data/sf<scale>. LAYOUT=file: one <table>.parquet per table, data in
# bench/data/sf<scale>-file.
SCALE ?= 0.1
SCALES ?= 0.1 1
LAYOUT ?= folder
BENCH_MEMORY_LIMIT ?= 8GB
# BENCH_FLAGS= (empty) times the full build and the floor query only, no incremental day.
BENCH_FLAGS ?= --incremental-day
scale-data: setup
	$(BIN)/python scripts/generate_scale_data.py --scale $(SCALE) --layout $(LAYOUT) \
		--out bench/data/sf$(SCALE)$(if $(filter-out folder,$(LAYOUT)),-$(LAYOUT))

benchmark: setup
	$(BIN)/python scripts/benchmark.py --scales $(SCALES) --layout $(LAYOUT) $(BENCH_FLAGS) \
		--memory-limit $(BENCH_MEMORY_LIMIT)

clean:
	rm -rf target logs warehouse
