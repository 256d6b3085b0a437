"""Folder loads: a staged load file that changes or vanishes stops the refresh, naming it.

The demo events and orders are split into two daily load files each (Parquet), the other
tables stay one-file snapshots. After a build stages both loads, a refresh must stop at run
start (before any model) with one line naming the file when a staged file was rewritten or
removed; putting the original back (same size and modification time) lets it through, and
a table given both as a file and as a folder stops with a line naming it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.dbt_harness import DEMO_RAW_DIR, Warehouse, build_warehouse, failure_report, run_dbt

SPLIT_DAY = "2026-06-29"
LOAD_TABLES = {"events": "occurred_at", "orders": "ordered_at"}


def _write_raw(raw_dir: Path) -> None:
    raw_dir.mkdir(parents=True)
    with duckdb.connect() as con:
        for source in sorted(DEMO_RAW_DIR.glob("*.csv")):
            table = source.stem
            read = f"read_csv('{source}', all_varchar = true, header = true)"
            if table not in LOAD_TABLES:
                shutil.copy(source, raw_dir / source.name)
                continue
            (raw_dir / table).mkdir()
            day = f"coalesce(try_cast({LOAD_TABLES[table]} as date), date '2000-01-01')"
            for name, condition in [("2026-06-28", f"{day} < '{SPLIT_DAY}'"),
                                    (SPLIT_DAY, f"{day} >= '{SPLIT_DAY}'")]:
                con.execute(f"copy (select * from {read} where {condition})"
                            f" to '{raw_dir / table / name}.parquet' (format parquet)")


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    workdir = Path(tmp_path_factory.mktemp("staged_loads"))
    raw_dir = workdir / "raw"
    _write_raw(raw_dir)
    warehouse = build_warehouse(workdir / "build", {"raw_data_path": str(raw_dir)})
    return {"warehouse": warehouse, "raw_dir": raw_dir}


def _refresh(staged: dict[str, Any]) -> Any:
    warehouse: Warehouse = staged["warehouse"]
    return run_dbt(warehouse.workdir, ["run", "-s", "base_shop__orders", "base_tracker__events"],
                   warehouse.vars)


def _problem_lines(result: Any) -> list[str]:
    return [line.strip() for line in str(result.exception).splitlines()
            if line.strip().startswith("raw table ")]


def test_the_ledger_lists_every_staged_load_file(staged: dict[str, Any]) -> None:
    rows = staged["warehouse"].query(
        "select raw_table, raw_load, file_size from ops.staged_loads order by all")
    expected = sorted(
        (table, f"{table}/{day}.parquet",
         (staged["raw_dir"] / table / f"{day}.parquet").stat().st_size)
        for table in LOAD_TABLES for day in ("2026-06-28", SPLIT_DAY))
    assert rows == expected


def test_a_changed_load_file_stops_the_refresh(staged: dict[str, Any]) -> None:
    path = staged["raw_dir"] / "orders" / f"{SPLIT_DAY}.parquet"
    original = path.read_bytes()
    stat = path.stat()
    try:
        with duckdb.connect() as con:  # rewritten with one row fewer
            con.execute(f"copy (select * from read_parquet('{path}') limit 1 offset 1)"
                        f" to '{path}.new' (format parquet)")
        os.replace(f"{path}.new", path)
        result = _refresh(staged)
        assert not result.success, "a refresh over a changed load file went through"
        lines = _problem_lines(result)
        assert len(lines) == 1, lines
        assert lines[0].startswith(
            f"raw table orders: staged load file orders/{SPLIT_DAY}.parquet changed (size"
        ), lines[0]
        assert "--full-refresh" in lines[0]
    finally:
        path.write_bytes(original)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    # The original back, with its modification time: the refresh goes through.
    result = _refresh(staged)
    assert result.success, failure_report(result)


def test_a_vanished_load_file_stops_the_refresh(staged: dict[str, Any]) -> None:
    path = staged["raw_dir"] / "events" / "2026-06-28.parquet"
    hidden = path.with_name("hidden.bak")
    path.rename(hidden)
    try:
        result = _refresh(staged)
        assert not result.success, "a refresh without a staged load file went through"
        assert _problem_lines(result) == [
            "raw table events: staged load file events/2026-06-28.parquet vanished since it"
            " was staged; load files are immutable: put the original back (with its"
            " modification time), or run `dbt build --full-refresh` to restage every load"
        ]
    finally:
        hidden.rename(path)


def test_a_table_both_file_and_folder_stops_the_build(staged: dict[str, Any]) -> None:
    extra = staged["raw_dir"] / "events.csv"
    shutil.copy(DEMO_RAW_DIR / "events.csv", extra)
    try:
        result = _refresh(staged)
        assert not result.success
        assert "raw table events is both a file and a folder of loads" in str(result.exception)
    finally:
        extra.unlink()


def test_a_table_from_an_older_version_stops_the_refresh(staged: dict[str, Any]) -> None:
    # A warehouse built before order lines kept their orders watermark: the column is missing.
    warehouse: Warehouse = staged["warehouse"]
    with duckdb.connect(str(warehouse.path)) as con:
        con.execute("alter table staging.base_shop__order_items drop column orders_ingest_seq")
    result = run_dbt(warehouse.workdir, ["run", "-s", "base_shop__order_items"], warehouse.vars)
    assert not result.success, "a refresh of a table without its watermark column went through"
    report = failure_report(result)
    assert "base_shop__order_items\" has no column orders_ingest_seq" in report, report
    assert "dbt build --full-refresh" in report, report
    result = run_dbt(
        warehouse.workdir, ["run", "-s", "base_shop__order_items", "--full-refresh"], warehouse.vars
    )
    assert result.success, failure_report(result)
