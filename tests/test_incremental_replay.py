"""Scheduled refreshes: seven daily loads built incrementally equal one full refresh.

Each day the raw folder holds the cumulative export up to that day (raw data only grows).
Some rows arrive late: a share of June events and orders shows up two days after they
happened, after the sessions around them were already built. After the last day, facts,
sessions, staging and every segment's membership must equal a --full-refresh build over
the same files, row for row.
"""

from __future__ import annotations

import csv
import zlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

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


def _write_load(raw_dir: Path, day: date) -> None:
    raw_dir.mkdir(parents=True, exist_ok=True)
    for source in sorted(DEMO_RAW_DIR.glob("*.csv")):
        table = source.stem
        with source.open(newline="") as handle:
            reader = csv.DictReader(handle)
            rows = [row for line, row in enumerate(reader) if _arrival(table, row, line) <= day]
            fields = reader.fieldnames or []
        with (raw_dir / source.name).open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def _table_rows(warehouse: Warehouse, table: str, excluded: list[str]) -> list[tuple[Any, ...]]:
    exclude = f" exclude ({', '.join(excluded)})" if excluded else ""
    return warehouse.query(f"select *{exclude} from {table} order by all")


@pytest.mark.slow
def test_seven_incremental_daily_loads_equal_a_full_refresh(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    workdir = Path(tmp_path_factory.mktemp("replay"))
    raw_dir = workdir / "raw"
    incremental_dir = workdir / "incremental"
    assert run_dbt(incremental_dir, ["seed"]).success
    for day in DAYS[:-1]:
        _write_load(raw_dir, day)
        result = run_dbt(incremental_dir, ["run"],
                         {"raw_data_path": str(raw_dir), "as_of": day.isoformat()})
        assert result.success, f"scheduled run for {day} failed:\n{failure_report(result)}"
    _write_load(raw_dir, DAYS[-1])
    final_vars = {"raw_data_path": str(raw_dir), "as_of": DAYS[-1].isoformat()}
    incremental = build_warehouse(incremental_dir, final_vars)

    full_dir = workdir / "full"
    full_dir.mkdir()
    assert run_dbt(full_dir, ["seed"]).success
    full_result = run_dbt(full_dir, ["run", "--full-refresh"], final_vars)
    assert full_result.success, failure_report(full_result)
    full = Warehouse(path=full_dir / "warehouse.duckdb", workdir=full_dir)

    # The runs really were incremental: late rows were staged by later runs, and sessions
    # were rebuilt for the devices they touched.
    seqs = incremental.query(
        "select count(distinct ingest_seq), max(ingest_seq) from staging.base_tracker__events"
    )[0]
    assert seqs[0] >= len(DAYS) - 1 and seqs[1] >= len(DAYS), seqs
    # Run k (ingest_seq k) stages day k's load; late rows happened on an earlier day.
    late_staged = incremental.query(
        "select count(*) from staging.base_tracker__events where ingest_seq > 1"
        " and cast(occurred_at as date) < date '2026-06-24' + (ingest_seq - 1)"
    )[0][0]
    assert late_staged > 0, "no late-arriving event was staged by a later run"
    assert incremental.query(
        "select max(processed_ingest_seq) from intermediate.int_sessions_built"
    )[0][0] >= len(DAYS)

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
