"""Publish a read-only serving copy of the warehouse for BI tools, swapped in atomically.

Usage (from the project root, after ``dbt build`` has finished)::

    .venv/bin/python scripts/publish_serving.py
    .venv/bin/python scripts/publish_serving.py --warehouse warehouse/ecom_segments.duckdb \\
        --serving warehouse/serving.duckdb --schemas segments marts history data_quality predictive

DuckDB lets one process write a database file and, while it does, no other process read it.
BI tools therefore never open the warehouse that dbt writes; they open the serving file this
script publishes. One publish

1. opens the warehouse READ-ONLY (it never writes it; it fails with a clear message when
   the file is missing or dbt still holds it);
2. checks the build (write-audit-publish) and refuses, leaving the serving file as it was,
   unless ``--run-results`` (default ``target/run_results.json`` of the project, or under
   ``$DBT_TARGET_PATH``) is a ``dbt build`` whose every result is success, pass or warn
   (exposures, which run nothing and are reported no-op, are left out),
   it is the warehouse's last dbt invocation recorded in ``ops.dbt_invocations`` (by the
   on-run-end hook ``record_build``, macros/build_audit.sql), which finished and passed,
   and ``ops.dbt_unresolved_nodes`` is empty: nothing that an earlier build failed or
   skipped is still waiting to pass (so a passing ``dbt build -s one_model`` after a failed
   build is published only once everything the failure left behind has passed again).
   ``--force`` skips the check (the manifest then says ``build_checked`` false);
3. creates a fresh temporary DuckDB file in the serving file's folder (same file system,
   so the final rename is atomic) and copies every table and view of the listed schemas
   that exist into it as a table with the same schema and name (a missing schema, e.g.
   ``history`` before it exists, is skipped);
4. writes ``publish_manifest``, one row per published table: the version (the previous
   serving file's version + 1), the publish time, ``build_invocation_id`` (the dbt build
   published), ``published_as_of`` (``max(as_of)`` of
   ``segments.segment_memberships`` when it exists), the row count and a checksum
   (``sum(hash(*columns(*)))``: every column of every row; compare it using the same
   DuckDB version). It lives in the default schema ``main``, so a plain
   ``select * from publish_manifest`` finds it (a schema named ``serving`` would clash
   with the catalog name ``serving`` that DuckDB gives ``serving.duckdb``);
5. CHECKPOINTs and closes the temporary file (no ``.wal`` is left), fsyncs it, and
   ``os.replace``-s it over the serving file, then fsyncs the folder.

The serving file is written in this DuckDB's newest storage format unless
``--storage-version`` (default ``$DBT_SERVING_STORAGE_VERSION``) names an older DuckDB
release, e.g. ``v1.0.0``: the file is then written so that DuckDB of that version and later
can open it (BI tools bundling an older DuckDB: Node bindings, DuckDB-Wasm, JDBC drivers).
DuckDB 2.0's own format (``v2.0.0``) cannot be read by any DuckDB 1.x. The oldest format
this DuckDB writes is ``v1.0.0``'s; a value it does not know stops with one line.

A reader that already has the old serving file open keeps reading that old, complete
version (on Linux and macOS the renamed-over file lives on while it is open); every new
connection sees the new version. Readers never block a publish, and a publish never makes a
reader fail. Two publishes at once are serialised by a lock file next to the serving file.

Defaults: ``--warehouse`` is ``$DBT_DUCKDB_PATH`` (else ``warehouse/ecom_segments.duckdb``),
``--serving`` is ``$DBT_SERVING_PATH`` (else ``warehouse/serving.duckdb``). Exit status 0 on
success, 1 with a message on stderr when the publish could not be done (the previous
serving file is then left as it was).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import re
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[1]
DEFAULT_WAREHOUSE = "warehouse/ecom_segments.duckdb"
DEFAULT_SERVING = "warehouse/serving.duckdb"
DEFAULT_TARGET_PATH = "target"  # dbt's target-path (dbt_project.yml), relative to PROJECT_DIR
PASSING_STATUSES = frozenset({"success", "pass", "warn"})
EXPOSURE_PREFIX = "exposure."  # results of exposures are not checked: they run nothing
INVOCATIONS_TABLE = "ops.dbt_invocations"  # written by macros/build_audit.sql
UNRESOLVED_TABLE = "ops.dbt_unresolved_nodes"
SHOWN_NODES = 5
DEFAULT_SCHEMAS = ("segments", "marts", "history", "data_quality", "predictive")
MANIFEST_SCHEMA = "main"  # unqualified `publish_manifest` finds it in any client
MANIFEST_TABLE = "publish_manifest"
SERVING_ALIAS = "serving_new"
STORAGE_VERSION_ENV = "DBT_SERVING_STORAGE_VERSION"
OLDEST_STORAGE_VERSION = (1, 0, 0)  # older names are written as v1.0.0's format anyway
STORAGE_VERSION_PATTERN = re.compile(r"v(\d+)\.(\d+)\.(\d+)")


class PublishError(Exception):
    """The publish could not be done; the message says why and what to do."""


@dataclass(frozen=True)
class PublishedTable:
    schema_name: str
    table_name: str
    source_type: str
    row_count: int
    row_checksum: int


@dataclass(frozen=True)
class PublishResult:
    serving: Path
    version: int
    build_invocation_id: str | None
    published_as_of: date | None
    tables: tuple[PublishedTable, ...]
    skipped_schemas: tuple[str, ...]
    seconds: float
    storage_version: str = "unknown"  # as DuckDB tags the file, e.g. 'v1.0.0+'

    @property
    def total_rows(self) -> int:
        return sum(table.row_count for table in self.tables)


def quote(identifier: str) -> str:
    """A DuckDB identifier in double quotes."""
    return '"' + identifier.replace('"', '""') + '"'


def sql_string(value: str) -> str:
    """A DuckDB string literal."""
    return "'" + value.replace("'", "''") + "'"


def default_warehouse() -> Path:
    return Path(os.environ.get("DBT_DUCKDB_PATH") or DEFAULT_WAREHOUSE)


def default_serving() -> Path:
    return Path(os.environ.get("DBT_SERVING_PATH") or DEFAULT_SERVING)


def default_run_results() -> Path:
    """run_results.json in dbt's target folder: $DBT_TARGET_PATH, else the project's."""
    return PROJECT_DIR / (os.environ.get("DBT_TARGET_PATH") or DEFAULT_TARGET_PATH) / (
        "run_results.json"
    )


def default_storage_version() -> str | None:
    """$DBT_SERVING_STORAGE_VERSION, else None (DuckDB's newest format)."""
    return os.environ.get(STORAGE_VERSION_ENV) or None


def check_storage_version(value: str) -> str:
    """``value`` when this DuckDB can write a file for DuckDB ``value``; else PublishError.

    ``latest`` is this DuckDB's own format; ``vX.Y.Z`` a DuckDB release from v1.0.0 on.
    """
    text = value.strip()
    allowed = (
        "give the oldest DuckDB release that must open the file, as vMAJOR.MINOR.PATCH "
        f"from v1.0.0 to v{duckdb.__version__} (e.g. v1.0.0), or latest"
    )
    if text == "latest":
        return text
    match = STORAGE_VERSION_PATTERN.fullmatch(text)
    if match is None:
        raise PublishError(f"storage version {value!r} is not allowed: {allowed}")
    if tuple(int(part) for part in match.groups()) < OLDEST_STORAGE_VERSION:
        raise PublishError(
            f"storage version {value!r} is too old: DuckDB {duckdb.__version__} writes no "
            f"format older than v1.0.0's (read by DuckDB 1.0 and later); {allowed}"
        )
    try:
        with duckdb.connect(":memory:") as connection:
            connection.execute(f"set storage_compatibility_version = {sql_string(text)}")
    except duckdb.Error as error:
        raise PublishError(
            f"storage version {value!r} is not a DuckDB release DuckDB "
            f"{duckdb.__version__} knows: {allowed}"
        ) from error
    return text


def wal_path(database: Path) -> Path:
    return database.with_name(database.name + ".wal")


@contextmanager
def publish_lock(serving: Path) -> Iterator[None]:
    """Serialise publishes to one serving file (readers never take this lock)."""
    lock_path = serving.with_name(serving.name + ".lock")
    with lock_path.open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def previous_version(serving: Path) -> int:
    """The version in the current serving file's manifest; 0 when there is none yet."""
    if not serving.exists():
        return 0
    try:
        with duckdb.connect(str(serving), read_only=True) as connection:
            found = connection.execute(
                "select count(*) from duckdb_tables() where database_name = current_database() "
                "and schema_name = ? and table_name = ?",
                [MANIFEST_SCHEMA, MANIFEST_TABLE],
            ).fetchone()
            if found is None or found[0] == 0:
                return 0
            row = connection.execute(
                f"select max(version) from {quote(MANIFEST_SCHEMA)}.{quote(MANIFEST_TABLE)}"
            ).fetchone()
    except duckdb.Error as error:
        raise PublishError(
            f"cannot read the current serving file {serving} to find its version: {error}\n"
            "If a BI tool opened it read-write, reconnect it read-only "
            "(see 'BI tools: the serving file' in README.md)."
        ) from error
    return int(row[0]) if row is not None and row[0] is not None else 0


def open_warehouse(warehouse: Path) -> duckdb.DuckDBPyConnection:
    if not warehouse.is_file():
        raise PublishError(
            f"warehouse file not found: {warehouse}\n"
            "Build it first (make build, or dbt build), or point DBT_DUCKDB_PATH / "
            "--warehouse at it."
        )
    config: dict[str, str | bool | int | float | list[str]] = {}
    memory_limit = os.environ.get("DBT_DUCKDB_MEMORY_LIMIT")
    if memory_limit:
        config["memory_limit"] = memory_limit
    try:
        return duckdb.connect(str(warehouse), read_only=True, config=config)
    except duckdb.Error as error:
        raise PublishError(
            f"cannot open the warehouse {warehouse} read-only: {error}\n"
            "Is dbt still writing it? Publish after the dbt command has finished."
        ) from error


def source_relations(
    connection: duckdb.DuckDBPyConnection, schemas: Sequence[str]
) -> list[tuple[str, str, str]]:
    """(schema, name, 'table' | 'view') of every relation in ``schemas``, sorted."""
    rows = connection.execute(
        """
        select schema_name, table_name, 'table' as source_type
        from duckdb_tables()
        where database_name = current_database() and list_contains(?, schema_name)
        union all
        select schema_name, view_name, 'view'
        from duckdb_views()
        where database_name = current_database() and not internal
            and list_contains(?, schema_name)
        order by 1, 2
        """,
        [list(schemas), list(schemas)],
    ).fetchall()
    return [(str(schema), str(name), str(kind)) for schema, name, kind in rows]


def copy_relations(
    connection: duckdb.DuckDBPyConnection, relations: Sequence[tuple[str, str, str]]
) -> list[PublishedTable]:
    published: list[PublishedTable] = []
    for schema in sorted({schema for schema, _, _ in relations}):
        connection.execute(f"create schema {SERVING_ALIAS}.{quote(schema)}")
    for schema, name, kind in relations:
        target = f"{SERVING_ALIAS}.{quote(schema)}.{quote(name)}"
        connection.execute(
            f"create table {target} as select * from {quote(schema)}.{quote(name)}"
        )
        row = connection.execute(
            f"select count(*), coalesce(sum(hash(*columns(*))), 0) from {target}"
        ).fetchone()
        assert row is not None
        published.append(PublishedTable(schema, name, kind, int(row[0]), int(row[1])))
    return published


def published_as_of(
    connection: duckdb.DuckDBPyConnection, tables: Sequence[PublishedTable]
) -> date | None:
    if not any(
        (table.schema_name, table.table_name) == ("segments", "segment_memberships")
        for table in tables
    ):
        return None
    has_column = connection.execute(
        "select count(*) from duckdb_columns() where database_name = ? "
        "and schema_name = 'segments' and table_name = 'segment_memberships' "
        "and column_name = 'as_of'",
        [SERVING_ALIAS],
    ).fetchone()
    if has_column is None or has_column[0] == 0:
        return None
    row = connection.execute(
        f"select max(as_of)::date from {SERVING_ALIAS}.segments.segment_memberships"
    ).fetchone()
    return row[0] if row is not None else None


def write_manifest(
    connection: duckdb.DuckDBPyConnection,
    version: int,
    as_of: date | None,
    warehouse: Path,
    tables: Sequence[PublishedTable],
    build_invocation_id: str | None,
    build_checked: bool,
) -> None:
    manifest = f"{SERVING_ALIAS}.{quote(MANIFEST_SCHEMA)}.{quote(MANIFEST_TABLE)}"
    connection.execute(
        f"""
        create table {manifest} (
            version bigint not null,
            published_at timestamptz not null,
            published_as_of date,
            source_warehouse varchar not null,
            build_invocation_id varchar,
            build_checked boolean not null,
            schema_name varchar not null,
            table_name varchar not null,
            source_type varchar not null,
            row_count bigint not null,
            row_checksum hugeint not null
        )
        """
    )
    published_at = datetime.now(UTC)
    connection.executemany(
        f"insert into {manifest} values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                version, published_at, as_of, str(warehouse), build_invocation_id,
                build_checked, table.schema_name, table.table_name, table.source_type,
                table.row_count, table.row_checksum,
            ]
            for table in tables
        ],
    )


def fsync_path(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def remove_quietly(*paths: Path) -> None:
    for path in paths:
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def load_run_results(path: Path) -> dict[str, Any]:
    """dbt's run_results.json of the last command written to that target folder."""
    if not path.is_file():
        raise PublishError(
            f"refused: no dbt run results at {path}; publish checks them to know that the "
            "last build passed. Run dbt build first (make refresh builds, then publishes), "
            "or pass --run-results with the run_results.json of the build (in its "
            "--target-path)."
        )
    try:
        loaded = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise PublishError(f"refused: cannot read the dbt run results {path}: {error}") from error
    if not isinstance(loaded, dict):
        raise PublishError(f"refused: {path} is not a dbt run_results.json")
    return loaded


def describe_nodes(nodes: Sequence[tuple[str, str]]) -> str:
    """The first few (unique_id, status) pairs, and how many more."""
    shown = ", ".join(f"{unique_id}: {status}" for unique_id, status in nodes[:SHOWN_NODES])
    more = len(nodes) - SHOWN_NODES
    return shown + (f" and {more} more" if more > 0 else "")


def table_exists(connection: duckdb.DuckDBPyConnection, qualified: str) -> bool:
    schema, name = qualified.split(".")
    row = connection.execute(
        "select count(*) from duckdb_tables() where database_name = current_database() "
        "and schema_name = ? and table_name = ?",
        [schema, name],
    ).fetchone()
    return row is not None and row[0] > 0


def check_build(
    connection: duckdb.DuckDBPyConnection, warehouse: Path, run_results_path: Path
) -> str:
    """The invocation_id of the warehouse's last build, or PublishError saying why not.

    Publishing is allowed only when ``run_results_path`` is a ``dbt build`` in which every
    result passed (success, pass or warn), it is the last dbt invocation recorded in the
    warehouse (``ops.dbt_invocations``, so the results belong to this warehouse and nothing
    ran on it since), that invocation finished and passed, and no node that an earlier
    build failed or skipped is still unresolved (``ops.dbt_unresolved_nodes``).
    """
    run_results = load_run_results(run_results_path)
    which = str((run_results.get("args") or {}).get("which") or "unknown")
    if which != "build":
        raise PublishError(
            f"refused: {run_results_path} is from `dbt {which}`, not `dbt build`: only a "
            "build runs every model and its tests. Run dbt build (or make refresh), then "
            "publish."
        )
    # An exposure (the dashboard) runs nothing: dbt reports it no-op; it has nothing to pass.
    results = [
        result for result in run_results.get("results") or []
        if not str(result.get("unique_id")).startswith(EXPOSURE_PREFIX)
    ]
    failed = [
        (str(result.get("unique_id")), str(result.get("status")))
        for result in results
        if str(result.get("status")) not in PASSING_STATUSES
    ]
    if failed or not results:
        raise PublishError(
            f"refused: the build in {run_results_path} did not pass: {len(failed)} of "
            f"{len(results)} results did not ({describe_nodes(failed)}). Fix them and "
            "build again; BI tools keep the version published last."
        )
    invocation_id = str((run_results.get("metadata") or {}).get("invocation_id"))
    if not table_exists(connection, INVOCATIONS_TABLE):
        raise PublishError(
            f"refused: {warehouse} has no build record ({INVOCATIONS_TABLE}): it was last "
            "built before builds were recorded. Run dbt build, then publish."
        )
    columns = "invocation_seq, invocation_id, command, started_at, finished_at, has_passed"
    latest = connection.execute(
        f"select {columns} from {INVOCATIONS_TABLE} order by invocation_seq desc limit 1"
    ).fetchone()
    if latest is None:
        raise PublishError(
            f"refused: {warehouse} has no build recorded in {INVOCATIONS_TABLE}. Run dbt "
            "build, then publish."
        )
    seq, latest_id, command, started_at, finished_at, has_passed = latest
    last = f"#{seq} {latest_id} (dbt {command}, started {started_at})"
    if finished_at is None:
        raise PublishError(
            f"refused: the last dbt invocation of {warehouse}, {last}, did not finish (it "
            "was killed, or its on-run-end hook failed): the warehouse may hold part of a "
            "build. Run dbt build again, then publish."
        )
    if invocation_id != latest_id:
        earlier = connection.execute(
            f"select invocation_seq, started_at from {INVOCATIONS_TABLE} "
            "where invocation_id = ?",
            [invocation_id],
        ).fetchone()
        whose = (
            f"an earlier invocation of this warehouse (#{earlier[0]}, started {earlier[1]})"
            if earlier is not None
            else "not an invocation of this warehouse: they belong to another one"
        )
        raise PublishError(
            f"refused: {run_results_path} is from dbt invocation {invocation_id}, {whose}; "
            f"the last invocation of {warehouse} is {last}. Pass the --run-results of "
            "the warehouse's last build (or the --warehouse those results built), or "
            "build again."
        )
    if not has_passed:
        raise PublishError(
            f"refused: the last dbt invocation of {warehouse}, {last}, did not pass. "
            "Fix it and build again."
        )
    if table_exists(connection, UNRESOLVED_TABLE):
        unresolved = [
            (str(unique_id), f"{status} in {failed_in}")
            for unique_id, status, failed_in in connection.execute(
                f"select unique_id, status, invocation_id from {UNRESOLVED_TABLE} "
                "order by unique_id"
            ).fetchall()
        ]
        if unresolved:
            raise PublishError(
                f"refused: the build in {run_results_path} passed, but {len(unresolved)} "
                f"nodes that an earlier build of {warehouse} failed or skipped have not "
                f"passed since ({describe_nodes(unresolved)}): the warehouse mixes two "
                "builds. Build them (dbt build, or dbt build -s <node>+), then publish."
            )
    return latest_id


def forced_invocation_id(run_results_path: Path) -> str | None:
    """--force: the invocation_id of the run results, when they can be read."""
    try:
        loaded = json.loads(run_results_path.read_text())
        return str(loaded["metadata"]["invocation_id"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def publish(
    warehouse: Path,
    serving: Path,
    schemas: Sequence[str] = DEFAULT_SCHEMAS,
    run_results: Path | None = None,
    force: bool = False,
    storage_version: str | None = None,
) -> PublishResult:
    """Copy ``schemas`` of ``warehouse`` into a new serving file and swap it in atomically.

    Only after ``check_build`` accepted the warehouse's last build (``force`` skips it).
    ``storage_version`` (e.g. ``v1.0.0``) writes the file in that DuckDB release's storage
    format; None writes this DuckDB's newest.
    """
    started = time.monotonic()
    attach_options = "read_write"
    if storage_version is not None:
        attach_options += f", storage_version {sql_string(check_storage_version(storage_version))}"
    warehouse = warehouse.absolute()
    serving = serving.absolute()
    if serving.resolve() == warehouse.resolve():
        raise PublishError("the serving file must not be the warehouse file")
    if MANIFEST_SCHEMA in schemas:
        raise PublishError(
            f"schema {MANIFEST_SCHEMA!r} holds the publish manifest; it cannot be published"
        )
    run_results = run_results or default_run_results()
    connection = open_warehouse(warehouse)
    try:
        if force:
            build_invocation_id = forced_invocation_id(run_results)
        else:
            build_invocation_id = check_build(connection, warehouse, run_results)
    except BaseException:
        connection.close()
        raise
    serving.parent.mkdir(parents=True, exist_ok=True)
    temp = serving.with_name(f".{serving.name}.{os.getpid()}.publishing")
    try:
        with publish_lock(serving):
            version = previous_version(serving) + 1
            remove_quietly(temp, wal_path(temp))
            relations = source_relations(connection, schemas)
            found_schemas = {schema for schema, _, _ in relations}
            if not relations:
                raise PublishError(
                    f"none of the schemas {', '.join(schemas)} exist in {warehouse}; "
                    "has dbt build run?"
                )
            connection.execute(
                f"attach {sql_string(str(temp))} as {SERVING_ALIAS} ({attach_options})"
            )
            tables = copy_relations(connection, relations)
            as_of = published_as_of(connection, tables)
            write_manifest(
                connection, version, as_of, warehouse, tables, build_invocation_id, not force
            )
            written_format = storage_version_tag(connection, SERVING_ALIAS)
            connection.execute(f"checkpoint {SERVING_ALIAS}")
            connection.execute(f"detach {SERVING_ALIAS}")
            connection.close()
            if wal_path(temp).exists():
                raise PublishError(f"{wal_path(temp)} is left after the checkpoint")
            fsync_path(temp)
            # A WAL next to the serving file would be replayed into the new file by the
            # next reader; one can only be left by a read-write connection that crashed.
            remove_quietly(wal_path(serving))
            os.replace(temp, serving)
            fsync_path(serving.parent)
    except duckdb.Error as error:
        raise PublishError(f"publishing {serving} failed: {error}") from error
    finally:
        connection.close()
        remove_quietly(temp, wal_path(temp))
    return PublishResult(
        serving=serving,
        version=version,
        build_invocation_id=build_invocation_id,
        published_as_of=as_of,
        tables=tuple(tables),
        skipped_schemas=tuple(schema for schema in schemas if schema not in found_schemas),
        seconds=time.monotonic() - started,
        storage_version=written_format,
    )


def storage_version_tag(connection: duckdb.DuckDBPyConnection, catalog: str) -> str:
    """The storage format DuckDB tags an attached file with, e.g. 'v1.0.0+'."""
    row = connection.execute(
        "select tags['storage_version'] from duckdb_databases() where database_name = ?",
        [catalog],
    ).fetchone()
    return str(row[0]) if row is not None and row[0] is not None else "unknown"


def report(result: PublishResult) -> str:
    lines = [
        f"published version {result.version} of {result.serving} "
        f"(as_of {result.published_as_of or 'n/a'}, build {result.build_invocation_id}): "
        f"{len(result.tables)} tables, {result.total_rows} rows in {result.seconds:.2f} s, "
        f"storage format {result.storage_version}",
    ]
    width = max((len(t.schema_name) + len(t.table_name) + 1 for t in result.tables), default=0)
    for table in result.tables:
        name = f"{table.schema_name}.{table.table_name}"
        kind = "" if table.source_type == "table" else f"  (from a {table.source_type})"
        lines.append(f"  {name:<{width}}  {table.row_count:>10} rows{kind}")
    if result.skipped_schemas:
        lines.append(f"skipped missing schemas: {', '.join(result.skipped_schemas)}")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Publish a read-only serving DuckDB file for BI tools, swapped atomically."
    )
    parser.add_argument(
        "--warehouse", type=Path, default=None,
        help=f"the dbt warehouse (default: $DBT_DUCKDB_PATH or {DEFAULT_WAREHOUSE})",
    )
    parser.add_argument(
        "--serving", type=Path, default=None,
        help=f"the serving file BI tools read (default: $DBT_SERVING_PATH or {DEFAULT_SERVING})",
    )
    parser.add_argument(
        "--schemas", nargs="+", default=list(DEFAULT_SCHEMAS),
        help="schemas to publish; missing ones are skipped (default: %(default)s)",
    )
    parser.add_argument(
        "--run-results", type=Path, default=None,
        help="run_results.json of the warehouse's last dbt build, checked before publishing "
        "(default: run_results.json in $DBT_TARGET_PATH, else in the project's target/)",
    )
    parser.add_argument(
        "--force", action="store_true",
        help="publish without checking the last build (the manifest says build_checked "
        "false); for an emergency only",
    )
    parser.add_argument(
        "--storage-version", default=None,
        help="write the file for DuckDB readers of this release and later, e.g. v1.0.0 "
        f"(default: ${STORAGE_VERSION_ENV}, else this DuckDB's newest format)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    warehouse: Path = args.warehouse or default_warehouse()
    serving: Path = args.serving or default_serving()
    storage_version: str | None = args.storage_version or default_storage_version()
    try:
        if storage_version is not None:
            storage_version = check_storage_version(storage_version)
        if args.force:
            print(
                "publish_serving: warning: --force: publishing without checking that the "
                "last build passed", file=sys.stderr,
            )
        result = publish(
            warehouse, serving, args.schemas, args.run_results, args.force, storage_version
        )
    except PublishError as error:
        print(f"publish_serving: {error}", file=sys.stderr)
        return 1
    print(report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
