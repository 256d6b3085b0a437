"""Data tests scoped to the batch (meta.batch_column, macros/batch_scoped_tests.sql).

The demo events arrive as two daily Parquet loads. After a full build every staged row is
one batch, so a scoped test checks the whole table; after a refresh that stages the second
load, it checks that load's rows and leaves the rows an earlier run checked alone. Each case
plants one bad value and runs the scoped accepted_values test on base_tracker__events.device_type.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.dbt_harness import DEMO_RAW_DIR, Warehouse, build_warehouse, failure_report, run_dbt

SPLIT_DAY = "2026-06-29"
SCOPED_TESTS = "base_tracker__events,test_name:accepted_values"


def _write_raw(raw_dir: Path, later_load_dir: Path) -> None:
    raw_dir.mkdir(parents=True)
    later_load_dir.mkdir(parents=True)
    with duckdb.connect() as con:
        for source in sorted(DEMO_RAW_DIR.glob("*.csv")):
            if source.stem != "events":
                shutil.copy(source, raw_dir / source.name)
                continue
            (raw_dir / "events").mkdir()
            read = f"read_csv('{source}', all_varchar = true, header = true)"
            day = "coalesce(try_cast(occurred_at as date), date '2000-01-01')"
            con.execute(
                f"copy (select * from {read} where {day} < '{SPLIT_DAY}')"
                f" to '{raw_dir / 'events' / '2026-06-28.parquet'}' (format parquet)"
            )
            con.execute(
                f"copy (select * from {read} where {day} >= '{SPLIT_DAY}')"
                f" to '{later_load_dir / (SPLIT_DAY + '.parquet')}' (format parquet)"
            )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    workdir = Path(tmp_path_factory.mktemp("batch_scoped"))
    raw_dir, later = workdir / "raw", workdir / "later"
    _write_raw(raw_dir, later)
    warehouse = build_warehouse(workdir / "build", {"raw_data_path": str(raw_dir)})
    return {"warehouse": warehouse, "raw_dir": raw_dir, "later": later}


def _set_device_type(warehouse: Warehouse, value: str, batch: str) -> tuple[str, str]:
    """Sets device_type of the first row of the first or the latest batch; returns the row's
    key and its old value."""
    pick = "min" if batch == "first" else "max"
    with duckdb.connect(str(warehouse.path)) as con:
        raw_load, raw_row, old = con.execute(
            "select raw_load, raw_row, device_type from staging.base_tracker__events"
            f" where ingest_seq = (select {pick}(ingest_seq) from staging.base_tracker__events)"
            " order by raw_load, raw_row limit 1"
        ).fetchone()
        con.execute(
            "update staging.base_tracker__events set device_type = ?"
            " where raw_load = ? and raw_row = ?",
            [value, raw_load, raw_row],
        )
    return f"{raw_load}#{raw_row}", old


def _device_type_test_passes(warehouse: Warehouse) -> bool:
    result = run_dbt(warehouse.workdir, ["test", "-s", SCOPED_TESTS], warehouse.vars)
    statuses = {getattr(r.node, "column_name", None): r.status for r in result.result or []}
    assert "device_type" in statuses, f"the device_type test did not run: {statuses}"
    return statuses["device_type"] == "pass"


def test_scoped_tests_check_every_row_after_a_full_build(built: dict[str, Any]) -> None:
    warehouse: Warehouse = built["warehouse"]
    assert _device_type_test_passes(warehouse)
    planted, old = _set_device_type(warehouse, "bogus", "first")
    assert not _device_type_test_passes(warehouse), f"bad row {planted} passed after a full build"
    _set_device_type(warehouse, old, "first")


def test_a_refresh_checks_its_batch_only(built: dict[str, Any]) -> None:
    warehouse: Warehouse = built["warehouse"]
    shutil.copy(built["later"] / f"{SPLIT_DAY}.parquet", built["raw_dir"] / "events")
    _set_device_type(warehouse, "bogus", "first")
    result = run_dbt(warehouse.workdir, ["run", "-s", "base_tracker__events"], warehouse.vars)
    assert result.success, failure_report(result)
    seqs = warehouse.query("select count(distinct ingest_seq) from staging.base_tracker__events")
    assert seqs == [(2,)], seqs
    # The first batch's bad row was checked by the run that staged it: not again.
    assert _device_type_test_passes(warehouse)
    planted, _ = _set_device_type(warehouse, "bogus", "latest")
    assert not _device_type_test_passes(warehouse), f"bad row {planted} of the batch passed"
