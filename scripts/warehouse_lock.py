"""dbt-duckdb plugin: a warehouse file held by another process stops dbt with one line.

DuckDB lets one process write a database file and, while another process holds it open
(read-write, or read-only as a BI tool may), refuses to open it with an IO error naming
the holder. dbt-duckdb hits that on its first connection and dbt prints the error and two
tracebacks (about 230 lines of log). ``profiles.example.yml`` loads this plugin
(``plugins: [{module: warehouse_lock}]``, found through ``module_paths: [scripts]``):
before dbt-duckdb opens the warehouse, it opens it once itself and closes it again; when
that fails on the lock it raises a dbt error with one line that names the holding process
and points BI tools to the serving file. Any other error is left to dbt-duckdb as before.
"""

from __future__ import annotations

import os
import re
from typing import Any

import duckdb
from dbt.adapters.duckdb.credentials import DuckDBCredentials
from dbt.adapters.duckdb.plugins import BasePlugin

DEFAULT_SERVING = "warehouse/serving.duckdb"
LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


class WarehouseLockedError(RuntimeError):
    """Another process holds the warehouse file open (dbt-duckdb reports a RuntimeError at
    connect as a FailedToConnectError: "Database Error" and this message)."""


def lock_message(path: str, error: str) -> str | None:
    """The one-line message for DuckDB's lock error ``error``; None for any other error."""
    match = LOCK_HOLDER.search(error)
    if match is None:
        return None
    serving = os.environ.get("DBT_SERVING_PATH") or DEFAULT_SERVING
    return (
        f"The warehouse {path} is open in another process: {match['program']} "
        f"(PID {match['pid']}). Close it there and run again; BI tools read {serving} "
        "instead (README.md, 'BI tools: the serving file')."
    )


def is_local_file(path: str) -> bool:
    return bool(path) and path != ":memory:" and ":" not in path.split("/")[0]


class Plugin(BasePlugin):
    def update_connection_config(
        self, creds: DuckDBCredentials, config: dict[str, Any]
    ) -> None:
        path = str(creds.path)
        if not is_local_file(path):
            return
        try:
            duckdb.connect(path, read_only=False, config=dict(config)).close()
        except duckdb.Error as error:
            message = lock_message(path, str(error))
            if message is None:
                return  # not a lock: dbt-duckdb's own connect reports it
            raise WarehouseLockedError(message) from None
