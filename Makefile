# ecom-segments: everything a fresh machine needs goes through these targets.
#   make build   builds the warehouse on the demo data (warehouse/ecom_segments.duckdb)
#   make test    lints and runs every test (dbt data and unit tests run inside pytest)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DBT := $(BIN)/dbt
export DBT_PROFILES_DIR ?= $(CURDIR)
export DBT_DUCKDB_PATH ?= $(CURDIR)/warehouse/ecom_segments.duckdb
export DBT_DUCKDB_TEMP_DIR ?= $(CURDIR)/warehouse/tmp
export DBT_SERVING_PATH ?= $(CURDIR)/warehouse/serving.duckdb

.PHONY: setup build test lint docs fixtures demo-data clean refresh publish scale-data benchmark

$(BIN)/.installed: requirements.txt requirements-dev.txt requirements-engines.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

profiles.yml: profiles.example.yml
	cp profiles.example.yml profiles.yml

setup: $(BIN)/.installed profiles.yml

build: setup
	mkdir -p warehouse
	$(DBT) build

# The scheduled job: refresh the warehouse (incremental), then publish the serving file BI
# tools read. A failed build stops make before publishing: readers keep the last version.
refresh: setup
	mkdir -p warehouse
	$(DBT) build --selector scheduled_refresh
	$(BIN)/python scripts/publish_serving.py

publish: setup
	$(BIN)/python scripts/publish_serving.py

test: setup lint
	$(BIN)/pytest

lint: setup
	mkdir -p warehouse
	$(BIN)/ruff check scripts tests
	$(BIN)/sqlfluff lint models tests/singular analyses

docs: setup
	mkdir -p warehouse
	$(DBT) build
	$(DBT) docs generate

# Regenerate the demo raw tables and the expected results the tests compare with.
demo-data: setup
	$(BIN)/python scripts/generate_demo_data.py

fixtures: setup
	$(BIN)/python -m tests.oracle --raw seeds/demo --reference seeds/reference --out tests/fixtures

# Generated data at a scale factor (SF1: 1M contacts, 100M events) and the benchmark; see
# BENCHMARKS.md. Data is cached in bench/data/sf<scale> (not committed).
SCALE ?= 0.1
SCALES ?= 0.1 1
BENCH_MEMORY_LIMIT ?= 8GB
# BENCH_FLAGS= (empty) times the full build and the floor query only, no incremental day.
BENCH_FLAGS ?= --incremental-day
scale-data: setup
	$(BIN)/python scripts/generate_scale_data.py --scale $(SCALE) --out bench/data/sf$(SCALE)

benchmark: setup
	$(BIN)/python scripts/benchmark.py --scales $(SCALES) $(BENCH_FLAGS) \
		--memory-limit $(BENCH_MEMORY_LIMIT)

clean:
	rm -rf target logs warehouse
