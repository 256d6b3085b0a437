"""The scale-data generator's folder layout (daily load files) and the benchmark's day split.

``scripts/generate_scale_data.py --layout folder`` writes events, orders and order_items as
``<table>/YYYY-MM-DD.parquet`` with late and re-sent rows; ``--layout file`` one file per
table. Both layouts are generated at a tiny scale and compared: without the re-sent copies
the day files hold exactly the file layout's rows. The benchmark's folder split (the data
without its last day, then that day's files added) is checked without running dbt.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[1]
GENERATOR = PROJECT_DIR / "scripts" / "generate_scale_data.py"
BENCHMARK = PROJECT_DIR / "scripts" / "benchmark.py"
SCALE = "0.001"
LOAD_TABLES = {"events": "occurred_at", "orders": "ordered_at", "order_items": None}
SNAPSHOTS = ["customers", "products", "subscribers", "support_tickets"]

# about 30 s: the generator runs twice, and the day split reads 2,190 load files
pytestmark = pytest.mark.slow


def _generate(out: Path, layout: str) -> Path:
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--scale", SCALE, "--out", str(out), "--layout",
         layout, "--threads", "2", "--memory-limit", "1GB"],
        capture_output=True, text=True, cwd=PROJECT_DIR, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def layouts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("scale_loads")
    return {layout: _generate(root / layout, layout) for layout in ("folder", "file")}


@pytest.fixture(scope="module")
def con(layouts: dict[str, Path]) -> duckdb.DuckDBPyConnection:
    """The folder tables with each row's load day (``_load_day``, from the file name)."""
    connection = duckdb.connect()
    for table in LOAD_TABLES:
        connection.execute(f"""
            create table {table}_loads as
            select * exclude (filename),
                cast(regexp_extract(filename, '(\\d{{4}}-\\d{{2}}-\\d{{2}})\\.parquet$', 1)
                    as date) as _load_day
            from read_parquet('{layouts["folder"] / table}/*.parquet', filename = true)
        """)
        connection.execute(f"""
            create table {table}_file as
            select * from read_parquet('{layouts["file"] / f"{table}.parquet"}')
        """)
    return connection


@pytest.fixture(scope="module")
def manifest(layouts: dict[str, Path]) -> dict:
    return json.loads((layouts["folder"] / "_manifest.json").read_text())


def _fetch(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> object:
    rows = con.execute(sql).fetchall()
    return rows[0][0]


def _load_module(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def test_folder_layout_has_one_file_per_day_and_snapshots(
        layouts: dict[str, Path], manifest: dict) -> None:
    folder = layouts["folder"]
    days = manifest["loads"]["days"]
    assert manifest["layout"] == "folder"
    assert days[0] == "2024-07-01" and days[-1] == "2026-06-30" and len(days) == 730
    assert manifest["loads"]["late_share"] == 0.02
    assert manifest["loads"]["resend_share"] == 0.001
    for table in LOAD_TABLES:
        names = sorted(path.name for path in (folder / table).iterdir())
        assert names == [f"{day}.parquet" for day in days], table
        assert not (folder / f"{table}.parquet").exists(), table
    for table in SNAPSHOTS:
        assert (folder / f"{table}.parquet").is_file(), table
        assert not (folder / table).exists(), table
    extra = sorted(path.name for path in folder.iterdir()
                   if path.name not in {*LOAD_TABLES, *(f"{t}.parquet" for t in SNAPSHOTS),
                                        "_manifest.json"})
    assert extra == [], f"unexpected files in the folder layout: {extra}"
    file_manifest = json.loads((layouts["file"] / "_manifest.json").read_text())
    assert file_manifest["layout"] == "file" and "loads" not in file_manifest


def test_snapshots_equal_the_file_layout(layouts: dict[str, Path]) -> None:
    con = duckdb.connect()
    for table in SNAPSHOTS:
        folder = layouts["folder"] / f"{table}.parquet"
        file = layouts["file"] / f"{table}.parquet"
        difference = _fetch(con, f"""
            select count(*) from (
                (from '{folder}' except all from '{file}')
                union all (from '{file}' except all from '{folder}'))
        """)
        assert difference == [(0,)], table


@pytest.mark.parametrize("table", list(LOAD_TABLES))
def test_same_columns_and_types_as_the_file_layout(
        con: duckdb.DuckDBPyConnection, table: str) -> None:
    folder = _fetch(con, f"describe select * exclude (_load_day) from {table}_loads")
    file = _fetch(con, f"describe select * from {table}_file")
    assert folder == file


@pytest.mark.parametrize("table", list(LOAD_TABLES))
def test_day_files_without_resent_copies_equal_the_file_layout(
        con: duckdb.DuckDBPyConnection, manifest: dict, table: str) -> None:
    """Nothing is lost or changed; the only extra rows are the manifest's re-sent copies,
    each an exact copy of a row that also arrives in an earlier load."""
    missing = _fetch(con, f"""
        select * from (from {table}_file except all
            select * exclude (_load_day) from {table}_loads) limit 10
    """)
    assert missing == [], f"{table}: rows of the file layout missing from the day files: "\
        f"{missing}"
    extra = _fetch(con, f"""
        select * from (select * exclude (_load_day) from {table}_loads
            except all from {table}_file)
    """)
    resent = manifest["tables"][table]["resent_rows"]
    assert len(extra) == resent, f"{table}: extra rows {extra[:10]} (manifest: {resent})"
    assert resent > 0, f"{table}: no re-sent copies at scale {SCALE}"
    assert manifest["tables"][table]["rows"] == _one(con, f"select count(*) from {table}_loads")
    # every re-sent copy: the same row arrives in 2+ loads; a row that exists once in the
    # file layout arrives first on its load day and again 1-3 days later
    columns = ", ".join(name for (name, *_rest) in _fetch(con, f"describe {table}_file"))
    groups = _fetch(con, f"""
        with combined as (
            select * exclude (_load_day), _load_day, 1 as in_folder, 0 as in_file
            from {table}_loads
            union all
            select *, null::date, 0, 1 from {table}_file
        )
        select n_folder, n_file, n_loads, last_load - first_load as gap
        from (
            select sum(in_folder) as n_folder, sum(in_file) as n_file,
                count(distinct _load_day) as n_loads, min(_load_day) as first_load,
                max(_load_day) as last_load
            from combined group by {columns}
        )
        where n_folder <> n_file
    """)
    assert sum(n_folder - n_file for n_folder, n_file, _, _ in groups) == resent, table
    for n_folder, n_file, n_loads, gap in groups:
        assert n_folder > n_file and n_loads >= 2, (table, n_folder, n_file, n_loads, gap)
        if n_file == 1:
            assert n_folder == 2 and 1 <= gap <= 3, (table, n_folder, gap)


@pytest.mark.parametrize("table", ["events", "orders"])
def test_rows_load_on_their_date_except_late_ones(
        con: duckdb.DuckDBPyConnection, manifest: dict, table: str) -> None:
    column = LOAD_TABLES[table]
    assert column is not None
    natural = (f"case when {column} is null then date '2024-07-01' else least(greatest("
               f"{column}::date, date '2024-07-01'), date '2026-06-30') end")
    counts = _fetch(con, f"""
        select
            count(*) filter (where _load_day < {natural}) as early,
            count(*) filter (where _load_day > {natural}) as late,
            count(*) filter (where _load_day > {natural} + 3
                and _load_day <> date '2026-06-30') as too_late,
            count(*) filter (where {column} is null and _load_day <> date '2024-07-01')
                as null_not_first,
            count(*) filter (where _load_day = {natural}) as on_time,
            count(*) as n
        from {table}_loads
    """)[0]
    early, late, too_late, null_not_first, on_time, n = counts
    assert early == 0 and null_not_first == 0, counts
    # late: 1-3 days; a re-sent copy of a late row is up to 3 more days later
    assert too_late <= manifest["tables"][table]["resent_rows"], counts
    assert late > 0, f"{table}: no late rows"
    assert 0.01 < late / n < 0.04, f"{table}: late share {late / n:.4f} (expected ~2%)"
    assert on_time > 0.9 * n, counts


def test_order_lines_travel_with_their_order(con: duckdb.DuckDBPyConnection) -> None:
    """A line arrives in its order's load (lines of an order_id that appears once in the
    orders and is loaded once; re-sent lines are the only lines in a later load)."""
    mismatched = _fetch(con, """
        with single_orders as (
            select order_id, min(_load_day) as order_day
            from orders_loads group by order_id
            having count(*) = 1
        ),
        lines as (
            select order_id, line_number, product_id, quantity, unit_price,
                min(_load_day) as line_day, count(*) as copies
            from order_items_loads group by all
        )
        select lines.order_id, line_number, line_day, order_day, copies
        from lines join single_orders using (order_id)
        where line_day <> order_day
        limit 20
    """)
    assert mismatched == [], f"lines not in their order's load: {mismatched}"
    checked = _one(con, """
        select count(*) from order_items_loads
        where order_id in (select order_id from orders_loads group by 1 having count(*) = 1)
    """)
    total = _one(con, "select count(*) from order_items_loads")
    assert checked > 0.95 * total, (checked, total)
    late_lines = _one(con, """
        select count(*) from order_items_loads as items
        join orders_loads as orders using (order_id)
        where items._load_day = orders._load_day
            and orders._load_day > orders.ordered_at::date
    """)
    assert late_lines > 0, "no lines arrive late with their order"


def test_benchmark_reads_and_splits_folder_layouts(
        layouts: dict[str, Path], manifest: dict, tmp_path: Path) -> None:
    benchmark = _load_module("benchmark_under_test", BENCHMARK)
    folder = layouts["folder"]
    last_day = manifest["loads"]["days"][-1]

    counts = benchmark.count_raw_rows(folder)
    assert counts == {table: entry["rows"] for table, entry in manifest["tables"].items()}
    assert benchmark.count_raw_rows(layouts["file"])["events"] == json.loads(
        (layouts["file"] / "_manifest.json").read_text())["tables"]["events"]["rows"]

    loads, day = benchmark.folder_day_split(folder, tmp_path / "work" / "loads")
    assert day == last_day
    complete = {str(path.relative_to(folder)) for path in folder.rglob("*.parquet")}
    before = {str(path.relative_to(loads)) for path in loads.rglob("*.parquet")}
    last_files = {f"{table}/{last_day}.parquet" for table in LOAD_TABLES}
    assert complete - before == last_files
    assert before <= complete
    for path in loads.rglob("*.parquet"):
        assert path.is_symlink() and path.resolve() == (folder / path.relative_to(loads))
    assert benchmark.table_source(loads, "events") == str(loads / "events" / "*.parquet")
    assert benchmark.table_source(loads, "customers") == str(loads / "customers.parquet")

    added = benchmark.add_last_day(folder, loads, day)
    assert {str(link.relative_to(loads)) for link in added} == last_files
    after = {str(path.relative_to(loads)) for path in loads.rglob("*.parquet")}
    assert after == complete
    assert benchmark.count_raw_rows(loads) == counts

    # made again from scratch: the last day is gone again
    loads, _ = benchmark.folder_day_split(folder, loads)
    again = {str(path.relative_to(loads)) for path in loads.rglob("*.parquet")}
    assert again == before
    assert all(path.resolve().exists() for path in folder.rglob("*.parquet"))


def test_floor_query_reads_both_layouts(layouts: dict[str, Path]) -> None:
    benchmark = _load_module("benchmark_under_test", BENCHMARK)
    rows = {}
    for layout, data_dir in layouts.items():
        con = duckdb.connect()
        for name, sql in benchmark.floor_sql(data_dir):
            con.execute(sql)
            rows[layout, name] = _one(con, f"select count(*) from floor_{name}")
    # the same contacts and devices: re-sent copies add rows, not contacts or devices
    assert rows["folder", "contact_orders"] == rows["file", "contact_orders"] > 0
    assert rows["folder", "device_sessions"] == rows["file", "device_sessions"] > 0
