"""Read the published serving file, read-only, through a fresh DuckDB instance per render.

The dashboard never opens the warehouse dbt writes: it reads the serving file that
``scripts/publish_serving.py`` swaps in atomically after each passing build. Every page
render (every rerun: a click, the Reload button, a browser refresh) opens the file anew and
closes it when the page is drawn, so

* all queries of one render read one version, complete (the file they opened stays
  readable even if a publish renames a new one over it meanwhile), and
* the next render reads the newest version.

Each open is an in-memory DuckDB database that ATTACHes the file READ_ONLY, as
``tests/serving_reader.py`` does: ``duckdb.connect(path, read_only=True)`` would return the
database instance already open for that path in this process (DuckDB's instance cache),
which another browser session may still hold, and so keep showing the old version.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

PROJECT_DIR = Path(__file__).resolve().parents[1]
DEFAULT_SERVING = PROJECT_DIR / "warehouse" / "serving.duckdb"
SERVING_ENV = "DBT_SERVING_PATH"
CATALOG = "serving_file"
CONFIG: dict[str, str | bool | int | float | list[str]] = {"threads": 2}
HOW_TO_PUBLISH = "run `make build`, then `make publish`"


class ServingUnavailable(Exception):
    """The serving file cannot be read; the message is one line saying what to do."""


@dataclass(frozen=True)
class Build:
    """What the serving file holds, from its ``publish_manifest``."""

    version: int
    published_at: datetime
    published_as_of: date | None
    build_invocation_id: str | None
    build_checked: bool
    table_count: int
    row_count: int
    storage_version: str

    def describe(self) -> str:
        as_of = self.published_as_of.isoformat() if self.published_as_of else "n/a"
        published = self.published_at.strftime("%Y-%m-%d %H:%M:%S %Z").strip()
        checked = "" if self.build_checked else " (published with --force: build not checked)"
        return (
            f"Serving file version {self.version} · as of {as_of} · "
            f"build {self.build_invocation_id or 'unknown'} · published {published} · "
            f"{self.table_count} tables, {self.row_count:,} rows{checked}"
        )


def serving_path() -> Path:
    """``$DBT_SERVING_PATH``, else the project's ``warehouse/serving.duckdb``."""
    configured = os.environ.get(SERVING_ENV)
    return Path(configured) if configured else DEFAULT_SERVING


def sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


class Snapshot:
    """One read-only view of one published version; queries name ``schema.table``."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: Path) -> None:
        self.connection = connection
        self.path = path
        rows = connection.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = ?",
            [CATALOG],
        ).fetchall()
        self.tables = frozenset((str(schema), str(name)) for schema, name in rows)

    def has_table(self, schema: str, name: str) -> bool:
        return (schema, name) in self.tables

    def frame(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        return self.connection.execute(sql, list(params or [])).df()

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        row = self.connection.execute(sql, list(params or [])).fetchone()
        return row[0] if row is not None else None

    def build(self) -> Build:
        row = self.connection.execute(
            """
            select max(version), max(published_at), max(published_as_of),
                max(build_invocation_id), bool_and(build_checked), count(*), sum(row_count)
            from main.publish_manifest
            """
        ).fetchone()
        storage = self.scalar(
            "select tags['storage_version'] from duckdb_databases() where database_name = ?",
            [CATALOG],
        )
        if row is None or row[0] is None:
            raise ServingUnavailable(
                f"The serving file {self.path} has an empty publish_manifest: {HOW_TO_PUBLISH}."
            )
        return Build(
            version=int(row[0]),
            published_at=row[1],
            published_as_of=row[2],
            build_invocation_id=None if row[3] is None else str(row[3]),
            build_checked=bool(row[4]),
            table_count=int(row[5]),
            row_count=int(row[6] or 0),
            storage_version=str(storage or "unknown"),
        )


@contextmanager
def open_snapshot(path: Path | None = None) -> Iterator[Snapshot]:
    """The serving file at ``path`` (default ``serving_path()``), attached read-only."""
    path = (path or serving_path()).absolute()
    if not path.is_file():
        raise ServingUnavailable(f"No serving file at {path}: {HOW_TO_PUBLISH}.")
    connection = duckdb.connect(":memory:", config=CONFIG)
    try:
        try:
            connection.execute(f"attach {sql_string(str(path))} as {CATALOG} (read_only)")
            connection.execute(f"use {CATALOG}")
        except duckdb.Error as error:
            first_line = str(error).strip().splitlines()[0]
            raise ServingUnavailable(
                f"Cannot open the serving file {path} read-only ({first_line}): "
                f"{HOW_TO_PUBLISH}."
            ) from error
        snapshot = Snapshot(connection, path)
        if not snapshot.has_table("main", "publish_manifest"):
            raise ServingUnavailable(
                f"{path} is not a published serving file (no publish_manifest): "
                f"{HOW_TO_PUBLISH}."
            )
        yield snapshot
    finally:
        connection.close()
