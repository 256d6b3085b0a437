"""The project under other vars and other inputs, checked against the reference oracle.

Each scenario builds its own warehouse (a minute or so each on the demo data).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.dbt_harness import (
    DEMO_RAW_DIR,
    REFERENCE_DIR,
    build_warehouse,
    describe_set_difference,
    run_dbt,
)
from tests.oracle.oracle import SEGMENT_IDS, compute

RAW_TABLES = [
    "customers", "orders", "order_items", "products", "events", "subscribers",
    "support_tickets",
]

# Vars moved together in one build; each reads a disjoint set of segments, so every
# segment's change can be attributed to exactly one var.
ALTERNATIVE_VARS: dict[str, Any] = {
    "active_days": 90,
    "coupon_share": 0.5,
    "device_share": 0.6,
    "influencer_min_followers": 3000,
    "curious_days": 30,
}
SEGMENTS_READING = {
    "active_days": {"loyal_customers", "inactive_customers"},
    "coupon_share": {"coupon_customers"},
    "device_share": {"mobile_first", "desktop_first"},
    "influencer_min_followers": {"influencers"},
    "curious_days": {"curious_prospects"},
}


def _by_segment(memberships: set[tuple[str, str]]) -> dict[str, set[str]]:
    grouped: dict[str, set[str]] = {}
    for contact_id, segment_id in memberships:
        grouped.setdefault(segment_id, set()).add(contact_id)
    return grouped


@pytest.mark.slow
def test_changing_vars_moves_exactly_the_contacts_the_rules_say(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    baseline = compute(DEMO_RAW_DIR, REFERENCE_DIR)
    expected = compute(DEMO_RAW_DIR, REFERENCE_DIR, ALTERNATIVE_VARS)
    warehouse = build_warehouse(Path(tmp_path_factory.mktemp("vars")), ALTERNATIVE_VARS)
    actual = warehouse.memberships(SEGMENT_IDS)
    assert actual == expected.memberships, describe_set_difference(expected.memberships, actual)

    before, after = _by_segment(baseline.memberships), _by_segment(actual)
    moved = {
        segment_id
        for segment_id in set(before) | set(after)
        if before.get(segment_id, set()) != after.get(segment_id, set())
    }
    reading_a_changed_var = set().union(*SEGMENTS_READING.values())
    # Something moved for every var, and nothing moved in segments that read none of them.
    for var_name, segments in SEGMENTS_READING.items():
        assert moved & segments, f"changing {var_name} moved nobody in {sorted(segments)}"
    assert moved <= reading_a_changed_var, sorted(moved - reading_a_changed_var)
    # active_days: loyal customers must have ordered within the window, inactive ones not.
    loyal = after.get("loyal_customers", set())
    days_since = dict(
        warehouse.query("select contact_id, days_since_last_order from marts.fct_contacts")
    )
    assert all(days_since[contact] <= 90 for contact in loyal)
    assert all(days_since[contact] > 90 for contact in after.get("inactive_customers", set()))


def _write_raw_dir(target: Path, fmt: str, tables: list[str]) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as connection:
        for table in tables:
            source = DEMO_RAW_DIR / f"{table}.csv"
            if fmt == "csv":
                (target / f"{table}.csv").write_bytes(source.read_bytes())
            else:
                # Parquet with inferred types: staging must accept typed columns too.
                connection.execute(
                    f"copy (select * from read_csv('{source}', header = true))"
                    f" to '{target / table}.parquet' (format parquet)"
                )
    return target


@pytest.mark.slow
def test_csv_folder_with_earlier_as_of_matches_oracle(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    workdir = Path(tmp_path_factory.mktemp("csv_as_of"))
    raw_dir = _write_raw_dir(workdir / "raw", "csv", RAW_TABLES)
    vars = {"raw_data_path": str(raw_dir), "as_of": "2026-05-31"}
    expected = compute(raw_dir, REFERENCE_DIR, {"as_of": "2026-05-31"})
    warehouse = build_warehouse(workdir / "build", vars)
    actual = warehouse.memberships(SEGMENT_IDS)
    assert actual == expected.memberships, describe_set_difference(expected.memberships, actual)
    summary = {
        row["raw_table"]: row
        for row in warehouse.query_dicts("select * from data_quality.dq_raw_table_summary")
    }
    for table, counts in expected.counts.items():
        assert summary[table]["rows_read"] == counts["read"], table
        assert summary[table]["rows_rejected"] == counts["rejected"], table
        assert summary[table]["rows_out_of_scope"] == counts["out_of_scope"], table
    assert sum(row["rows_out_of_scope"] for row in summary.values()) > 0


@pytest.mark.slow
def test_parquet_folder_without_optional_tables_matches_oracle(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    workdir = Path(tmp_path_factory.mktemp("parquet"))
    required = [table for table in RAW_TABLES if table not in ("subscribers", "support_tickets")]
    raw_dir = _write_raw_dir(workdir / "raw", "parquet", required)
    csv_copy = _write_raw_dir(workdir / "raw_csv", "csv", required)
    expected = compute(csv_copy, REFERENCE_DIR)
    warehouse = build_warehouse(workdir / "build", {"raw_data_path": str(raw_dir)})
    actual = warehouse.memberships(SEGMENT_IDS)
    assert actual == expected.memberships, describe_set_difference(expected.memberships, actual)
    assert not warehouse.query("select * from segments.seg_newsletter_subscribers")
    assert not warehouse.query("select * from segments.seg_high_maintenance")


@pytest.mark.slow
def test_tables_in_the_warehouse_without_optional_table_match_oracle(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """raw_schema: the raw tables already live in the warehouse (support_tickets absent)."""
    workdir = Path(tmp_path_factory.mktemp("raw_schema"))
    present = [table for table in RAW_TABLES if table != "support_tickets"]
    build_dir = workdir / "build"
    build_dir.mkdir()
    with duckdb.connect(str(build_dir / "warehouse.duckdb")) as connection:
        connection.execute("create schema raw_shop")
        for table in present:
            connection.execute(
                f"create table raw_shop.{table} as select * from"
                f" read_csv('{DEMO_RAW_DIR / table}.csv', header = true, all_varchar = true)"
            )
    expected = compute(_write_raw_dir(workdir / "raw_csv", "csv", present), REFERENCE_DIR)
    warehouse = build_warehouse(build_dir, {"raw_schema": "raw_shop"})
    actual = warehouse.memberships(SEGMENT_IDS)
    assert actual == expected.memberships, describe_set_difference(expected.memberships, actual)
    assert not warehouse.query("select * from segments.seg_high_maintenance")


def test_missing_required_table_fails_with_a_clear_message(tmp_path: Path) -> None:
    raw_dir = _write_raw_dir(tmp_path / "raw", "csv", ["orders", "order_items"])
    result = run_dbt(tmp_path / "build", ["compile", "--select", "base_shop__customers"],
                     {"raw_data_path": str(raw_dir)})
    assert not result.success
    assert "raw table 'customers' not found" in str(result.exception)
