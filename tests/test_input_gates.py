"""Input gates: raw inputs are checked before any model runs; bad rows never stop the build.

- A required table that is missing columns, empty (0 bytes) or header-only, or a column
  whose type cannot be read (integer epoch timestamps), stops the build at run start with
  one line per table naming the table, the file and the columns; no model runs.
- Rows a CSV reader cannot decode (invalid UTF-8, too many or too few fields) are
  quarantined as `row_unreadable` and counted in `read`; a non-blank total_amount that is
  not a decimal ("1,740.00") is rejected as `total_amount_invalid`, never accepted as null.
  Everything equals what the reference oracle says on the same files.
- A reject share above `max_reject_share` fails the build with a message naming the table,
  the share and the top rules, stops the facts and segments, and keeps the rows in
  quarantine.

Three dbt invocations: one stopped by the gates (seconds), two builds.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.dbt_harness import (
    DEMO_RAW_DIR,
    REFERENCE_DIR,
    build_warehouse,
    describe_set_difference,
    failure_report,
    run_dbt,
)
from tests.oracle.oracle import SEGMENT_IDS, compute

RAW_TABLES = [
    "customers", "orders", "order_items", "products", "events", "subscribers",
    "support_tickets",
]


def _copy_demo(target: Path, tables: list[str] = RAW_TABLES) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for table in tables:
        shutil.copy(DEMO_RAW_DIR / f"{table}.csv", target / f"{table}.csv")
    return target


def _read(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8", errors="replace") as handle:
        return list(csv.reader(handle))


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _tables(warehouse: Path) -> set[str]:
    if not warehouse.exists():
        return set()
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.sql(
            "select table_schema || '.' || table_name from information_schema.tables"
        ).fetchall()
    return {row[0] for row in rows}


# --- Gates at run start ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def gated_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One folder breaking a different gate in each of five required tables."""
    workdir = Path(tmp_path_factory.mktemp("gates"))
    raw_dir = _copy_demo(workdir / "raw")
    # customers: header only
    _write(raw_dir / "customers.csv", _read(raw_dir / "customers.csv")[:1])
    # products: an empty (0-byte) file
    (raw_dir / "products.csv").write_bytes(b"")
    # order_items: the column quantity is missing
    rows = _read(raw_dir / "order_items.csv")
    dropped = rows[0].index("quantity")
    _write(raw_dir / "order_items.csv", [row[:dropped] + row[dropped + 1:] for row in rows])
    # events: occurred_at renamed (a typo)
    rows = _read(raw_dir / "events.csv")
    rows[0] = ["occured_at" if name == "occurred_at" else name for name in rows[0]]
    _write(raw_dir / "events.csv", rows)
    # orders: a typed Parquet file (it wins over orders.csv) with ordered_at as epoch seconds
    with duckdb.connect() as connection:
        connection.execute(
            "copy (select * replace (epoch(try_cast(ordered_at as timestamp))::bigint"
            f" as ordered_at) from read_csv('{raw_dir / 'orders.csv'}', header = true,"
            f" all_varchar = true)) to '{raw_dir / 'orders.parquet'}' (format parquet)"
        )
    result = run_dbt(workdir / "build", ["build"], {"raw_data_path": str(raw_dir)})
    lines = str(result.exception or "").splitlines()
    return {"result": result, "raw_dir": raw_dir, "workdir": workdir, "lines": lines}


def _line_about(gated_run: dict[str, Any], table: str, file_name: str) -> str:
    prefix = f"raw table {table} ({gated_run['raw_dir'] / file_name}): "
    found = [line.strip() for line in gated_run["lines"] if line.strip().startswith(prefix)]
    assert len(found) == 1, f"no single line starting {prefix!r} in:\n" + "\n".join(
        gated_run["lines"])
    return found[0][len(prefix):]


def test_gates_stop_the_build_before_any_model_runs(gated_run: dict[str, Any]) -> None:
    result = gated_run["result"]
    assert not result.success
    assert "on-run-start" in str(result.exception), result.exception
    # Nothing was built: the gates run before seeds and models.
    built = _tables(gated_run["workdir"] / "build" / "warehouse.duckdb")
    assert not {name for name in built if name.split(".")[0] in ("staging", "raw_demo")}, built


def test_header_only_required_table_stops_the_build(gated_run: dict[str, Any]) -> None:
    message = _line_about(gated_run, "customers", "customers.csv")
    assert message == "has a header but no rows; a required table must not be empty"


def test_empty_required_file_stops_the_build(gated_run: dict[str, Any]) -> None:
    message = _line_about(gated_run, "products", "products.csv")
    assert message.startswith("the file is empty (0 bytes)"), message


def test_missing_column_lists_the_columns_found(gated_run: dict[str, Any]) -> None:
    message = _line_about(gated_run, "order_items", "order_items.csv")
    assert message == (
        "required column 'quantity' is missing; "
        "found: order_id, line_number, product_id, unit_price"
    )


def test_renamed_column_names_the_closest_column(gated_run: dict[str, Any]) -> None:
    message = _line_about(gated_run, "events", "events.csv")
    assert message.startswith(
        "required column 'occurred_at' is missing; found: event_id, occured_at, anonymous_id,"
    ), message
    assert message.endswith("; closest: 'occured_at'"), message


def test_epoch_integer_timestamps_stop_the_build(gated_run: dict[str, Any]) -> None:
    message = _line_about(gated_run, "orders", "orders.parquet")
    assert message.startswith(
        "column 'ordered_at' is BIGINT but the contract reads it as a timestamp"), message
    assert "epoch" in message and "convert the column" in message, message


# --- Unreadable rows, unparseable totals, a missing optional table ---------------------------


def _break_rows(raw_dir: Path) -> dict[str, Any]:
    """Corrupt a few raw rows the way exports do; return what was done."""
    orders = (raw_dir / "orders.csv").read_bytes().split(b"\n")
    header = orders[0].decode().split(",")
    line_of = {line.split(b",")[0].decode(): i for i, line in enumerate(orders)}
    # An invalid UTF-8 byte in a contract column (customer_id C-INACT-2 -> C-IN\xffACT-2).
    orders[line_of["O-INACT-2-1"]] = orders[line_of["O-INACT-2-1"]].replace(
        b"C-INACT-2", b"C-IN\xffACT-2", 1)
    # A line with one field too many.
    orders[line_of["O-SARAH-01"]] += b",surplus"
    # A total written with a thousands separator (quoted, so the line stays readable).
    fields = orders[line_of["O-BIG-1-1"]].decode().split(",")
    fields[header.index("total_amount")] = '"1,740.00"'
    orders[line_of["O-BIG-1-1"]] = ",".join(fields).encode()
    (raw_dir / "orders.csv").write_bytes(b"\n".join(orders))

    events = (raw_dir / "events.csv").read_bytes().split(b"\n")
    # A line cut short (too few fields).
    short_event = events[10].split(b",")[0].decode()
    events[10] = b",".join(events[10].split(b",")[:4])
    (raw_dir / "events.csv").write_bytes(b"\n".join(events))
    return {"unreadable_orders": {"O-INACT-2-1", "O-SARAH-01"}, "short_event": short_event,
            "comma_order": "O-BIG-1-1"}


@pytest.fixture(scope="module")
def broken_rows_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    workdir = Path(tmp_path_factory.mktemp("unreadable"))
    # support_tickets is left out: a missing optional table reads as empty.
    raw_dir = _copy_demo(workdir / "raw", [t for t in RAW_TABLES if t != "support_tickets"])
    broken = _break_rows(raw_dir)
    warehouse = build_warehouse(workdir / "build", {"raw_data_path": str(raw_dir)})
    expected = compute(raw_dir, REFERENCE_DIR)
    return {"warehouse": warehouse, "raw_dir": raw_dir, "expected": expected, **broken}


def test_unreadable_rows_are_quarantined_not_fatal(broken_rows_build: dict[str, Any]) -> None:
    warehouse = broken_rows_build["warehouse"]
    quarantined = set(warehouse.query(
        "select raw_table, coalesce(raw_order_id, raw_event_id) from data_quality.dq_quarantine"
        " where rejected_rule = 'row_unreadable'"
    ))
    expected = {("orders", order_id) for order_id in broken_rows_build["unreadable_orders"]}
    expected.add(("events", broken_rows_build["short_event"]))
    assert quarantined == expected
    by_rule = dict(warehouse.query(
        "select raw_table || '.' || rule_name, rows_rejected"
        " from data_quality.dq_rejections_by_rule where rule_name = 'row_unreadable'"
    ))
    assert by_rule["orders.row_unreadable"] == 2
    assert by_rule["events.row_unreadable"] == 1


def test_counts_add_up_and_equal_the_oracle(broken_rows_build: dict[str, Any]) -> None:
    warehouse, expected = broken_rows_build["warehouse"], broken_rows_build["expected"]
    summary = {row["raw_table"]: row for row in warehouse.query_dicts(
        "select * from data_quality.dq_raw_table_summary")}
    for table, counts in expected.counts.items():
        row = summary[table]
        assert row["rows_accepted"] + row["rows_rejected"] == row["rows_read"], row
        assert (row["rows_read"], row["rows_rejected"]) == (counts["read"], counts["rejected"]), (
            table, row, counts)
    # The unreadable lines count in read: every data line of the file is a row read.
    lines = (broken_rows_build["raw_dir"] / "orders.csv").read_bytes().split(b"\n")[1:]
    assert summary["orders"]["rows_read"] == len([line for line in lines if line])
    rejections = {
        (table, rule, rows) for table, rule, rows in warehouse.query(
            "select raw_table, rule_name, rows_rejected from data_quality.dq_rejections_by_rule"
            " where rows_rejected > 0")
    }
    oracle = {(table, rule, rows) for (table, rule), rows in expected.rejections.items()}
    assert rejections == oracle, describe_set_difference(oracle, rejections)
    actual = warehouse.memberships(SEGMENT_IDS)
    assert actual == expected.memberships, describe_set_difference(expected.memberships, actual)


def test_a_total_that_is_not_a_decimal_is_rejected(broken_rows_build: dict[str, Any]) -> None:
    warehouse = broken_rows_build["warehouse"]
    assert warehouse.query(
        "select rejected_rule from staging.base_shop__orders"
        f" where raw_order_id = '{broken_rows_build['comma_order']}'"
    ) == [("total_amount_invalid",)]
    # No accepted order carries a null total unless its raw total was blank.
    rows = _read(broken_rows_build["raw_dir"] / "orders.csv")
    order_at, total_at = rows[0].index("order_id"), rows[0].index("total_amount")
    blank_totals = {row[order_at] for row in rows[1:]
                    if len(row) > total_at and not row[total_at].strip()}
    null_totals = {row[0] for row in warehouse.query(
        "select raw_order_id from staging.base_shop__orders"
        " where rejected_rule is null and total_amount is null")}
    assert null_totals <= blank_totals, sorted(null_totals - blank_totals)


def test_a_missing_optional_table_reads_as_empty(broken_rows_build: dict[str, Any]) -> None:
    warehouse = broken_rows_build["warehouse"]
    assert warehouse.query(
        "select rows_read from data_quality.dq_raw_table_summary"
        " where raw_table = 'support_tickets'") == [(0,)]
    assert not warehouse.query("select * from segments.seg_high_maintenance")


def test_an_incremental_run_stages_each_unreadable_line_once(
    broken_rows_build: dict[str, Any],
) -> None:
    """Runs last of this group: it appends to the raw file the other tests compare against."""
    warehouse = broken_rows_build["warehouse"]
    count_sql = "select count(*) from staging.base_shop__orders"
    before = warehouse.query(count_sql)[0][0]
    with (broken_rows_build["raw_dir"] / "orders.csv").open("ab") as handle:
        handle.write(b"O-LATE-1,C-LATE,,2024-05-01 10:00:00,delivered\n")  # too few fields
    result = run_dbt(warehouse.workdir, ["run", "-s", "base_shop__orders"], warehouse.vars)
    assert result.success, failure_report(result)
    # A one-file snapshot is restaged whole by a refresh: each unreadable line once.
    assert warehouse.query(
        "select raw_order_id, ingest_seq from staging.base_shop__orders"
        " where rejected_rule = 'row_unreadable' order by raw_order_id"
    ) == [("O-INACT-2-1", 2), ("O-LATE-1", 2), ("O-SARAH-01", 2)]
    assert warehouse.query(count_sql)[0][0] == before + 1


# --- Reject share ----------------------------------------------------------------------------


def test_reject_share_above_the_limit_fails_and_keeps_the_rows(tmp_path: Path) -> None:
    """On the demo data 4 of 65 products (6.2%) are rejected: above 0.05, the only table."""
    expected = compute(DEMO_RAW_DIR, REFERENCE_DIR)
    over = {table for table, counts in expected.counts.items()
            if counts["rejected"] > 0.05 * counts["read"]}
    assert over == {"products"}, over
    result = run_dbt(tmp_path, ["build"], {"max_reject_share": 0.05})
    assert not result.success
    report = failure_report(result)
    products = expected.counts["products"]
    top = sorted(
        ((rule, rows) for (table, rule), rows in expected.rejections.items()
         if table == "products"), key=lambda item: (-item[1], item[0]))
    message = (
        f"products: {100 * products['rejected'] / products['read']:.1f}% of"
        f" {products['read']} rows rejected (max_reject_share 0.05); top rules: "
        + ", ".join(f"{rule} {rows}" for rule, rows in top[:3])
    )
    assert message in report, report
    failed = [line for line in report.splitlines() if ": error:" in line or ": fail:" in line]
    assert len(failed) == 1 and "reject_share_within_limit_base_shop__products" in failed[0], (
        report)
    # The rows stay in quarantine; the facts and segments were not built.
    built = _tables(tmp_path / "warehouse.duckdb")
    assert "data_quality.dq_quarantine" in built
    assert "marts.fct_contacts" not in built and "segments.segment_memberships" not in built
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as connection:
        quarantined = connection.sql(
            "select count(*) from data_quality.dq_quarantine where raw_table = 'products'"
        ).fetchall()
    assert quarantined == [(products["rejected"],)]
