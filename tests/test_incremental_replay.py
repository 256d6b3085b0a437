"""Scheduled refreshes: daily loads built incrementally equal one full refresh.

Three load shapes (contract, "Loads"), each replayed day by day with `dbt run`, then
compared row for row with a --full-refresh build of the same input:

* ``folder``: events as a folder of Parquet load files and orders as a folder of CSV load
  files, one per day; some rows arrive late (two days after they happened) and some rows
  of earlier loads are re-sent in a later load (exact copies: duplicates);
* ``loaded_at``: the same loads as warehouse tables whose rows carry ``_loaded_at``;
* ``snapshot``: one file per table holding everything so far (a cumulative export), which
  a refresh restages whole.

The other tables are cumulative snapshots in every shape. After the last day, facts,
sessions, staging and every segment's membership must equal the full refresh.
"""

from __future__ import annotations

import csv
import zlib
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.dbt_harness import (
    DEMO_RAW_DIR,
    Warehouse,
    build_warehouse,
    failure_report,
    run_dbt,
)

DAYS = [date(2026, 6, 24) + timedelta(days=offset) for offset in range(7)]
TIMESTAMP_COLUMN = {
    "orders": "ordered_at",
    "events": "occurred_at",
    "subscribers": "subscribed_at",
    "support_tickets": "opened_at",
    "customers": "updated_at",
}
LATE_DAYS = 2

# Tables compared row for row, with the columns that record *when* a row was processed
# (and so legitimately differ between an incremental history and one full build).
COMPARED = {
    "marts.fct_contacts": [],
    "marts.fct_orders": [],
    "marts.fct_contact_products": [],
    "intermediate.int_sessions_built": ["processed_ingest_seq"],
    "intermediate.int_device_days_aggregated": ["processed_ingest_seq"],
    "intermediate.int_device_events_aggregated": ["processed_ingest_seq"],
    "intermediate.int_device_sessions_aggregated": ["processed_ingest_seq"],
    "intermediate.int_contact_events_aggregated": [],
    "intermediate.int_contact_sessions_aggregated": [],
    "staging.base_tracker__events": ["ingest_seq"],
    "staging.base_shop__orders": ["ingest_seq"],
    "segments.segment_memberships": [],
    "segments.contact_segments": [],
    "data_quality.dq_raw_table_summary": [],
}


def _natural_date(table: str, row: dict[str, str]) -> date | None:
    column = TIMESTAMP_COLUMN.get(table)
    if column is None:
        return None
    text = (row.get(column) or "").strip()
    if table == "customers" and not text:
        text = (row.get("created_at") or "").strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None  # blank or unparseable: part of the very first load


def _arrival(table: str, row: dict[str, str], line: int) -> date:
    natural = _natural_date(table, row)
    if natural is None or natural < DAYS[0]:
        return DAYS[0]
    # Every 5th June event or order (by a stable hash of its line) arrives two days late.
    late = table in ("events", "orders") and zlib.crc32(f"{table}{line}".encode()) % 5 == 0
    return natural + timedelta(days=LATE_DAYS) if late else natural


FOLDER_TABLES = {"events": "parquet", "orders": "csv"}
RESENT_SHARE = 40  # one row in 40 of a day's load is sent again in the next day's load


def _loads(day: date) -> dict[str, tuple[list[str], list[dict[str, str]]]]:
    """Per raw table, its columns and the rows of `day`'s load: for the two folder tables,
    the rows arriving that day plus re-sent copies of some rows of the previous day's load;
    for the others, everything arrived so far (a snapshot)."""
    loads = {}
    for source in sorted(DEMO_RAW_DIR.glob("*.csv")):
        table = source.stem
        with source.open(newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(enumerate(reader))
            fields = list(reader.fieldnames or [])
        if table in FOLDER_TABLES:
            today = [row for line, row in rows if _arrival(table, row, line) == day]
            resent = [
                row for line, row in rows
                if _arrival(table, row, line) == day - timedelta(days=1)
                and zlib.crc32(f"resent{table}{line}".encode()) % RESENT_SHARE == 0
            ]
            loads[table] = (fields, today + resent)
        else:
            so_far = [row for line, row in rows if _arrival(table, row, line) <= day]
            loads[table] = (fields, so_far)
    return loads


def _write_csv(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _write_folder_load(raw_dir: Path, day: date) -> None:
    for table, (fields, rows) in _loads(day).items():
        if table not in FOLDER_TABLES:
            _write_csv(raw_dir / f"{table}.csv", fields, rows)
            continue
        csv_path = raw_dir / table / f"{day.isoformat()}.csv"
        _write_csv(csv_path, fields, rows)
        if FOLDER_TABLES[table] == "parquet":
            with duckdb.connect() as con:
                con.execute(
                    f"copy (select * from read_csv('{csv_path}', all_varchar = true,"
                    f" header = true)) to '{csv_path.with_suffix('.parquet')}' (format parquet)"
                )
            csv_path.unlink()


def _write_loaded_at_load(warehouse: Path, day: date) -> None:
    """Appends the day's rows to raw_in.events and raw_in.orders with `_loaded_at`; the
    other raw_in tables are replaced by the day's snapshot."""
    staging_csv = warehouse.parent / "load.csv"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema if not exists raw_in")
        for table, (fields, rows) in _loads(day).items():
            _write_csv(staging_csv, fields, rows)
            read = f"read_csv('{staging_csv}', all_varchar = true, header = true)"
            if not rows:
                read = f"(select * from {read} where false)"
            if table in FOLDER_TABLES:
                loaded_at = f"timestamp '{day.isoformat()} 02:00:00'"
                con.execute(
                    f"create table if not exists raw_in.{table} as"
                    f" select *, {loaded_at} as _loaded_at from {read} where false"
                )
                con.execute(f"insert into raw_in.{table} select *, {loaded_at} from {read}")
            else:
                con.execute(f"create or replace table raw_in.{table} as select * from {read}")


def _copy_schema(source: Path, target: Path, schema: str) -> None:
    with duckdb.connect(str(target)) as con:
        con.execute(f"attach '{source}' as source_db (read_only)")
        con.execute(f"create schema {schema}")
        tables = con.execute(
            "select table_name from duckdb_tables()"
            f" where database_name = 'source_db' and schema_name = '{schema}'").fetchall()
        for (table,) in tables:
            con.execute(
                f"create table {schema}.{table} as select * from source_db.{schema}.{table}")


def _write_snapshot_load(raw_dir: Path, day: date) -> None:
    raw_dir.mkdir(parents=True, exist_ok=True)
    for source in sorted(DEMO_RAW_DIR.glob("*.csv")):
        table = source.stem
        with source.open(newline="") as handle:
            reader = csv.DictReader(handle)
            rows = [row for line, row in enumerate(reader) if _arrival(table, row, line) <= day]
            fields = list(reader.fieldnames or [])
        _write_csv(raw_dir / source.name, fields, rows)


def _table_rows(warehouse: Warehouse, table: str, excluded: list[str]) -> list[tuple[Any, ...]]:
    exclude = f" exclude ({', '.join(excluded)})" if excluded else ""
    return warehouse.query(f"select *{exclude} from {table} order by all")


def _replay(
    workdir: Path, days: list[date], write_load: Callable[[date], None], input_vars: dict[str, Any],
) -> tuple[Warehouse, Warehouse]:
    """Runs the days incrementally, then builds the last day and a full refresh of it."""
    incremental_dir = workdir / "incremental"
    assert run_dbt(incremental_dir, ["seed"]).success
    for day in days[:-1]:
        write_load(day)
        result = run_dbt(incremental_dir, ["run"], {**input_vars, "as_of": day.isoformat()})
        assert result.success, f"scheduled run for {day} failed:\n{failure_report(result)}"
    write_load(days[-1])
    final_vars = {**input_vars, "as_of": days[-1].isoformat()}
    incremental = build_warehouse(incremental_dir, final_vars)

    full_dir = workdir / "full"
    full_dir.mkdir()
    if "raw_schema" in input_vars:  # the raw tables live in the warehouse: copy them
        _copy_schema(incremental_dir / "warehouse.duckdb", full_dir / "warehouse.duckdb",
                     input_vars["raw_schema"])
    assert run_dbt(full_dir, ["seed"]).success
    full_result = run_dbt(full_dir, ["run", "--full-refresh"], final_vars)
    assert full_result.success, failure_report(full_result)
    return incremental, Warehouse(path=full_dir / "warehouse.duckdb", workdir=full_dir)


def _assert_equal_to_full_refresh(incremental: Warehouse, full: Warehouse) -> None:
    for table, excluded in COMPARED.items():
        expected = _table_rows(full, table, excluded)
        actual = _table_rows(incremental, table, excluded)
        assert expected, f"{table} is empty"
        missing = set(expected) - set(actual)
        unexpected = set(actual) - set(expected)
        assert actual == expected, (
            f"{table}: incremental differs from full refresh "
            f"({len(missing)} rows missing, {len(unexpected)} unexpected); "
            f"e.g. missing {sorted(missing, key=str)[:3]},"
            f" unexpected {sorted(unexpected, key=str)[:3]}"
        )


def _assert_staged_by_load(incremental: Warehouse, days: list[date]) -> None:
    """Each run staged only its day's load: load k carries ingest_seq k (re-judged groups
    of older loads take the later run's number), late rows and re-sent copies among them."""
    by_seq = incremental.query(
        "select ingest_seq, count(distinct raw_load) from staging.base_tracker__events"
        " group by ingest_seq order by ingest_seq"
    )
    assert [seq for seq, _ in by_seq] == list(range(1, len(days) + 1)), by_seq
    late = incremental.query(
        "select count(*) from staging.base_tracker__events where ingest_seq > 1"
        " and cast(occurred_at as date) < date '2026-06-24' + (ingest_seq - 1)"
        " and rejected_rule is null"
    )[0][0]
    assert late > 0, "no late-arriving event was staged by a later run"
    resent = incremental.query(
        "select count(*) from staging.base_tracker__events"
        " where rejected_rule = 'event_id_duplicate' and ingest_seq > 1"
    )[0][0]
    assert resent > 0, "no re-sent copy was judged a duplicate by a later run"
    assert incremental.query(
        "select max(processed_ingest_seq) from intermediate.int_sessions_built"
    )[0][0] >= len(days)


@pytest.mark.slow
def test_daily_folder_loads_equal_a_full_refresh(tmp_path_factory: pytest.TempPathFactory) -> None:
    workdir = Path(tmp_path_factory.mktemp("replay_folder"))
    raw_dir = workdir / "raw"
    incremental, full = _replay(
        workdir, DAYS, lambda day: _write_folder_load(raw_dir, day),
        {"raw_data_path": str(raw_dir)})
    _assert_staged_by_load(incremental, DAYS)
    staged = incremental.query(
        "select raw_table, count(*) from ops.staged_loads group by raw_table order by raw_table")
    assert staged == [("events", len(DAYS)), ("orders", len(DAYS))], staged
    _assert_equal_to_full_refresh(incremental, full)


@pytest.mark.slow
def test_daily_loaded_at_rows_equal_a_full_refresh(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    workdir = Path(tmp_path_factory.mktemp("replay_loaded_at"))
    warehouse = workdir / "incremental" / "warehouse.duckdb"
    warehouse.parent.mkdir(parents=True)
    incremental, full = _replay(
        workdir, DAYS, lambda day: _write_loaded_at_load(warehouse, day), {"raw_schema": "raw_in"})
    _assert_staged_by_load(incremental, DAYS)
    _assert_equal_to_full_refresh(incremental, full)


@pytest.mark.slow
def test_daily_snapshots_equal_a_full_refresh(tmp_path_factory: pytest.TempPathFactory) -> None:
    """One-file snapshots: a refresh restages every table whole, still equal."""
    workdir = Path(tmp_path_factory.mktemp("replay_snapshot"))
    raw_dir = workdir / "raw"
    days = DAYS[-3:]
    incremental, full = _replay(
        workdir, days, lambda day: _write_snapshot_load(raw_dir, day),
        {"raw_data_path": str(raw_dir)})
    seqs = incremental.query(
        "select distinct ingest_seq from staging.base_tracker__events order by 1")
    assert seqs == [(len(days),)], f"a snapshot is restaged whole by every run: {seqs}"
    _assert_equal_to_full_refresh(incremental, full)
