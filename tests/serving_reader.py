"""A BI-tool stand-in that reads the serving file over and over, for tests/test_bi_serving.py.

Run as a separate process (``python tests/serving_reader.py --serving ... --results ...``).
It stops by itself: when the stop file appears, after ``--max-seconds``, or when its parent
process is gone, whichever comes first, and then writes every observation and every error
to the results JSON file.

It reads in two ways, both read-only:

* ``held``: one connection, ``duckdb.connect(serving, read_only=True)``, opened at the start
  and kept open for the whole run, queried again and again. It must keep seeing the
  version it opened, complete, however many publishes replace the file meanwhile, and it
  must never stop a publish.
* ``poll``: every ``--interval`` seconds a new connection reads ``publish_manifest`` and
  checks, for every table listed, that ``count(*)`` and ``sum(hash(*columns(*)))`` equal the
  manifest's values, and that the file holds exactly the tables listed. Each poll is a new
  DuckDB database instance (an in-memory database that ATTACHes the file READ_ONLY), as a
  new BI connection from another process would be: ``duckdb.connect(path)`` in a process
  that still holds a connection to the same path returns that same, already open database
  (DuckDB's instance cache), which would keep the old version.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

CONFIG: dict[str, str | bool | int | float | list[str]] = {"threads": 1}


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def check_version(connection: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, Any]:
    """Read the manifest and verify every table against it; one observation."""
    prefix = f"{quote(catalog)}."
    manifest = connection.execute(
        f"select version, published_as_of, schema_name, table_name, row_count, row_checksum "
        f"from {prefix}main.publish_manifest order by schema_name, table_name"
    ).fetchall()
    versions = sorted({int(row[0]) for row in manifest})
    problems: list[str] = []
    if len(versions) != 1:
        problems.append(f"manifest lists versions {versions}")
    listed = {(str(row[2]), str(row[3])) for row in manifest}
    present = {
        (str(schema), str(name))
        for schema, name in connection.execute(
            "select schema_name, table_name from duckdb_tables() "
            "where database_name = ? and not (schema_name = 'main' "
            "and table_name = 'publish_manifest')",
            [catalog],
        ).fetchall()
    }
    if listed != present:
        problems.append(
            f"tables not in manifest: {sorted(present - listed)}; "
            f"manifest tables missing: {sorted(listed - present)}"
        )
    checked = [row for row in manifest if (str(row[2]), str(row[3])) in present]
    if checked:
        # One query for all tables: it runs against one snapshot of the file.
        measured = connection.execute(
            " union all ".join(
                f"select {index} as i, count(*) as n, coalesce(sum(hash(*columns(*))), 0) "
                f"from {prefix}{quote(str(row[2]))}.{quote(str(row[3]))}"
                for index, row in enumerate(checked)
            )
        ).fetchall()
        for index, row_count, checksum in measured:
            _, _, schema, name, expected_count, expected_checksum = checked[int(index)]
            if int(row_count) != int(expected_count) or int(checksum) != int(expected_checksum):
                problems.append(
                    f"{schema}.{name}: {row_count} rows / checksum {checksum}, manifest says "
                    f"{expected_count} / {expected_checksum}"
                )
    as_of = {row[1] for row in manifest}
    return {
        "version": versions[0] if len(versions) == 1 else None,
        "published_as_of": str(next(iter(as_of))) if len(as_of) == 1 else None,
        "tables": len(manifest),
        "rows": sum(int(row[4]) for row in manifest),
        "complete": not problems,
        "problems": problems,
    }


def poll_once(serving: Path) -> dict[str, Any]:
    with duckdb.connect(":memory:", config=CONFIG) as connection:
        literal = "'" + str(serving).replace("'", "''") + "'"
        connection.execute(f"attach {literal} as serving_file (read_only)")
        return check_version(connection, "serving_file")


def write_json(path: Path, payload: dict[str, Any]) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(payload, indent=1, default=str))
    os.replace(temporary, path)


def run(
    serving: Path,
    results: Path,
    stop_file: Path,
    ready_file: Path,
    progress_file: Path,
    max_seconds: float,
    interval: float,
) -> None:
    started = time.time()
    deadline = time.monotonic() + max_seconds
    parent = os.getppid()
    observations: list[dict[str, Any]] = []
    held_observations: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    held: duckdb.DuckDBPyConnection | None = None
    held_catalog = "serving"
    held_opened_at: float | None = None
    held_closed_at: float | None = None
    stop_reason = "max_seconds"

    def record_error(phase: str, error: BaseException) -> None:
        errors.append({"at": time.time(), "phase": phase, "error": repr(error)})

    def read_held() -> None:
        assert held is not None
        try:
            observation = check_version(held, held_catalog)
            observation["at"] = time.time()
            held_observations.append(observation)
        except Exception as error:
            record_error("held_query", error)

    try:
        try:
            held = duckdb.connect(str(serving), read_only=True, config=CONFIG)
            held_opened_at = time.time()
            catalog_row = held.execute("select current_database()").fetchone()
            held_catalog = str(catalog_row[0]) if catalog_row else "serving"
        except Exception as error:  # every failure is a finding
            record_error("held_open", error)
        polls = 0
        while time.monotonic() < deadline:
            if stop_file.exists():
                stop_reason = "stop_file"
                break
            if os.getppid() != parent:
                stop_reason = "parent_gone"
                break
            try:
                observation = poll_once(serving)
                observation["at"] = time.time()
                observations.append(observation)
                write_json(progress_file, {"polls": len(observations), "last": observation})
            except Exception as error:
                record_error("poll", error)
            if held is not None and polls % 3 == 0:
                read_held()
            polls += 1
            if polls == 1:
                ready_file.write_text("ready\n")
            time.sleep(interval)
        if held is not None:
            read_held()  # once more at the end: the old version is still there, complete
    finally:
        if held is not None:
            held.close()
            held_closed_at = time.time()
        write_json(
            results,
            {
                "started_at": started,
                "finished_at": time.time(),
                "stop_reason": stop_reason,
                "held_opened_at": held_opened_at,
                "held_closed_at": held_closed_at,
                "observations": observations,
                "held_observations": held_observations,
                "errors": errors,
            },
        )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--serving", type=Path, required=True)
    parser.add_argument("--results", type=Path, required=True)
    parser.add_argument("--stop-file", type=Path, required=True)
    parser.add_argument("--ready-file", type=Path, required=True)
    parser.add_argument("--progress-file", type=Path, required=True)
    parser.add_argument("--max-seconds", type=float, default=60.0)
    parser.add_argument("--interval", type=float, default=0.1)
    args = parser.parse_args(argv)
    run(
        args.serving, args.results, args.stop_file, args.ready_file, args.progress_file,
        args.max_seconds, args.interval,
    )


if __name__ == "__main__":
    main()
