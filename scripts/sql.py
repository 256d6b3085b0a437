"""Run a query on the warehouse (or the serving file) read-only and print a readable table.

Usage (from the project root; ``make sql Q="..."`` runs this)::

    .venv/bin/python scripts/sql.py "select segment_id, member_count from segments.segment_catalog"
    .venv/bin/python scripts/sql.py --serving "select * from publish_manifest"
    echo "select 42" | .venv/bin/python scripts/sql.py -

The connection is read-only: a query cannot change the warehouse. DuckDB still refuses a
read-only connection while dbt is writing the file; ``--serving`` reads the copy BI tools
read instead (``scripts/publish_serving.py``), which never blocks. Defaults: the warehouse
is ``$DBT_DUCKDB_PATH`` (else ``warehouse/ecom_segments.duckdb``, as in the profile), the
serving file ``$DBT_SERVING_PATH`` (else ``warehouse/serving.duckdb``). Exit status 0, or
1 with one line on stderr when the file is missing or the query fails.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

DEFAULT_WAREHOUSE = "warehouse/ecom_segments.duckdb"
DEFAULT_SERVING = "warehouse/serving.duckdb"


def render_value(value: Any, width: int) -> str:
    if value is None:
        text = "null"
    elif isinstance(value, float):
        text = str(round(value, 6))
    else:
        text = str(value)
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int
) -> list[str]:
    """Rows as aligned text columns: header, rule, rows (numbers right-aligned)."""
    cells = [[render_value(value, max_width) for value in row] for row in rows]
    widths = [
        max([len(name), *(len(row[index]) for row in cells)])
        for index, name in enumerate(columns)
    ]
    numeric = [
        bool(rows) and all(
            isinstance(row[index], int | float) or row[index] is None for row in rows
        )
        for index in range(len(columns))
    ]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            value.rjust(width) if is_number else value.ljust(width)
            for value, width, is_number in zip(values, widths, numeric, strict=True)
        ).rstrip()

    return [line(columns), "  ".join("-" * width for width in widths), *map(line, cells)]


def run(database: Path, query: str, max_rows: int, max_width: int) -> list[str]:
    if not database.is_file():
        raise RuntimeError(
            f"{database} not found: build it first (make build), or pass --database"
        )
    try:
        with duckdb.connect(str(database), read_only=True) as connection:
            connection.execute(query)
            if connection.description is None:
                return ["ok"]
            columns = [str(column[0]) for column in connection.description]
            rows = connection.fetchmany(max_rows + 1)
    except duckdb.Error as error:
        first_line = str(error).strip().splitlines()[0]
        raise RuntimeError(f"{database}: {first_line}") from error
    shown = rows[:max_rows]
    lines = render_table(columns, shown, max_width)
    if len(rows) > max_rows:
        lines.append(f"(first {max_rows} rows; more not shown: add a limit or --max-rows)")
    else:
        lines.append(f"({len(shown)} row{'' if len(shown) == 1 else 's'})")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Query the warehouse (or the serving file) read-only."
    )
    parser.add_argument("query", nargs="+", help="SQL (several words are joined); - reads stdin")
    target = parser.add_mutually_exclusive_group()
    target.add_argument(
        "--serving", action="store_true",
        help=f"query the serving file ($DBT_SERVING_PATH or {DEFAULT_SERVING})",
    )
    target.add_argument(
        "--database", type=Path, default=None,
        help=f"the DuckDB file (default: $DBT_DUCKDB_PATH or {DEFAULT_WAREHOUSE})",
    )
    parser.add_argument("--max-rows", type=int, default=100, help="default: %(default)s")
    parser.add_argument("--max-width", type=int, default=60,
                        help="longest value shown per cell (default: %(default)s)")
    args = parser.parse_args(argv)
    query = sys.stdin.read() if args.query == ["-"] else " ".join(args.query)
    if args.database is not None:
        database = args.database
    elif args.serving:
        database = Path(os.environ.get("DBT_SERVING_PATH") or DEFAULT_SERVING)
    else:
        database = Path(os.environ.get("DBT_DUCKDB_PATH") or DEFAULT_WAREHOUSE)
    try:
        lines = run(database, query, max(args.max_rows, 1), max(args.max_width, 4))
    except RuntimeError as error:
        print(f"sql: {error}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
