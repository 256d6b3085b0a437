"""One warehouse, one input: the incremental tables remember the input that built them.

A copy of the session's demo warehouse (built from the demo seeds) is built again with
``raw_data_path`` pointing at a folder of the same CSV files: the run must stop before any
model runs, with one line that names both inputs and says what to do, and leave every
table as it was. With ``--full-refresh`` the same build goes through, and the incremental
tables then remember the new input.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.dbt_harness import DEMO_RAW_DIR, Warehouse, failure_report, run_dbt

# Relations whose contents must not change when a run is refused.
UNCHANGED = [
    "staging.base_tracker__events",
    "staging.base_shop__orders",
    "intermediate.int_sessions_built",
    "marts.fct_contacts",
    "segments.segment_memberships",
    "history.segment_membership_changes",
    "ops.dbt_invocations",
    "ops.warehouse_input",
]


def fingerprints(warehouse: Warehouse) -> dict[str, tuple[Any, ...]]:
    """Row count and an order-independent checksum of every row, per relation."""
    return {
        name: warehouse.query(
            f"select count(*), coalesce(sum(hash(*columns(*))), 0) from {name}"
        )[0]
        for name in UNCHANGED
    }


def recorded_inputs(warehouse: Warehouse) -> dict[str, str]:
    rows = warehouse.query("select model_unique_id, input_identity from ops.warehouse_input")
    return {str(model): str(identity) for model, identity in rows}


@pytest.mark.slow
def test_another_input_stops_until_full_refresh(
    demo_warehouse: Warehouse, tmp_path: Path
) -> None:
    workdir = tmp_path / "build"
    workdir.mkdir()
    shutil.copy2(demo_warehouse.path, workdir / "warehouse.duckdb")
    warehouse = Warehouse(path=workdir / "warehouse.duckdb", workdir=workdir)
    raw_dir = tmp_path / "raw"
    raw_dir.mkdir()
    for source in DEMO_RAW_DIR.glob("*.csv"):
        shutil.copy(source, raw_dir / source.name)
    inputs = recorded_inputs(warehouse)
    assert "model.ecom_segments.base_tracker__events" in inputs
    assert set(inputs.values()) == {"seeds"}, inputs
    before = fingerprints(warehouse)

    refused = run_dbt(workdir, ["build"], {"raw_data_path": str(raw_dir)})
    assert not refused.success
    message = str(refused.exception)
    line = next(text for text in message.splitlines() if "incremental tables" in text)
    for expected in (
        "built from seeds", f"this run reads raw_data_path={raw_dir}", "base_tracker__events",
        "--full-refresh", "reset_history", "DBT_DUCKDB_PATH",
    ):
        assert expected in line, f"{expected!r} not in the message: {message}"
    # Nothing ran: no node result at all, and every table is as it was.
    assert not (refused.result or []), [str(r.node.unique_id) for r in refused.result]
    assert fingerprints(warehouse) == before

    rebuilt = run_dbt(
        workdir, ["build", "--full-refresh", "--exclude", "test_type:unit"],
        {"raw_data_path": str(raw_dir)},
    )
    assert rebuilt.success, failure_report(rebuilt)
    assert set(recorded_inputs(warehouse).values()) == {f"raw_data_path={raw_dir}"}
    assert warehouse.memberships() == demo_warehouse.memberships()
