"""Build the project with dbt into a throwaway DuckDB file and read it back read-only.

Every build runs through ``dbtRunner`` in this process, one at a time (dbt is not safe to
invoke concurrently in one process), with its own profiles, target and log folders.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.cli.main import dbtRunner

PROJECT_DIR = Path(__file__).resolve().parents[1]
DEMO_RAW_DIR = PROJECT_DIR / "seeds" / "demo"
REFERENCE_DIR = PROJECT_DIR / "seeds" / "reference"
FIXTURES_DIR = PROJECT_DIR / "tests" / "fixtures"


class DbtBuildError(AssertionError):
    """dbt failed; the message lists every node that did not pass."""


@dataclass
class Warehouse:
    """A built DuckDB warehouse file, queried read-only."""

    path: Path
    workdir: Path
    vars: dict[str, Any] = field(default_factory=dict)
    node_statuses: dict[str, str] = field(default_factory=dict)

    @property
    def warnings(self) -> list[str]:
        """The advisory tests (``severity: warn``) that warned in the build."""
        return sorted(node for node, status in self.node_statuses.items() if status == "warn")

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        with duckdb.connect(str(self.path), read_only=True) as connection:
            return connection.sql(sql).fetchall()

    def query_dicts(self, sql: str) -> list[dict[str, Any]]:
        with duckdb.connect(str(self.path), read_only=True) as connection:
            relation = connection.sql(sql)
            names = [column[0] for column in relation.description]
            return [dict(zip(names, row, strict=True)) for row in relation.fetchall()]

    def memberships(self, segment_ids: Iterable[str] | None = None) -> set[tuple[str, str]]:
        """(contact_id, segment_id) of segment_memberships; only ``segment_ids`` when given
        (e.g. the oracle's, which computes the spec's segments and no others)."""
        rows = self.query("select contact_id, segment_id from segments.segment_memberships")
        wanted = None if segment_ids is None else set(segment_ids)
        return {(str(contact_id), str(segment_id)) for contact_id, segment_id in rows
                if wanted is None or str(segment_id) in wanted}

    def lifecycle(self) -> dict[str, str]:
        rows = self.query("select contact_id, lifecycle_stage from segments.contact_segments")
        return {str(contact_id): str(stage) for contact_id, stage in rows}


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    previous = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_dbt(
    workdir: Path,
    command: list[str],
    vars: dict[str, Any] | None = None,
    target: str = "duckdb",
    env: dict[str, str] | None = None,
    project_dir: Path = PROJECT_DIR,
) -> Any:
    """Run one dbt command against a warehouse in ``workdir``; returns the dbtRunnerResult.

    ``target`` picks the engine (a target of profiles.example.yml); ``env`` adds environment
    variables for this command (e.g. the PostgreSQL port); ``project_dir`` is the project to
    run (default: this checkout; tests/test_add_a_segment.py runs a modified copy).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    shutil.copy(project_dir / "profiles.example.yml", workdir / "profiles.yml")
    args = [
        *command,
        "--project-dir", str(project_dir),
        "--profiles-dir", str(workdir),
        "--target-path", str(workdir / "target"),
        "--log-path", str(workdir / "logs"),
        "--vars", json.dumps(vars or {}),
        "--target", target,
    ]
    with _environment(
        DBT_DUCKDB_PATH=str(workdir / "warehouse.duckdb"),
        DBT_DUCKDB_TEMP_DIR=str(workdir / "tmp"),
        **(env or {}),
    ):
        try:
            return dbtRunner().invoke(args)
        finally:
            _release_duckdb()


def _release_duckdb() -> None:
    """Close the DuckDB database dbt-duckdb keeps open in this process after a command.

    dbt-duckdb caches one open database per process; while it is open, the file cannot be
    opened read-only (nor by another process), which is how the tests read it.
    """
    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
    DuckDBConnectionManager.close_all_connections()


# The statuses of a build that may be published (scripts/publish_serving.py agrees). A data
# test only warns when its YAML says ``severity: warn`` (the project default is error): such
# tests are advisories by design, e.g. a CLV fit the data cannot identify.
PASSING_STATUSES = frozenset({"success", "pass", "warn"})


def node_statuses(result: Any) -> dict[str, str]:
    """unique_id -> status of every node a dbtRunnerResult ran, exposures left out.

    An exposure (the dashboard's, models/marts/_dashboard__exposures.yml) runs nothing:
    ``dbt build`` reports it as no-op, and publishing leaves it out too.
    """
    return {
        node_result.node.unique_id: str(node_result.status)
        for node_result in (result.result or [])
        if node_result.node.resource_type != "exposure"
    }


def failure_report(result: Any) -> str:
    """Every node of a dbtRunnerResult that did not pass, with dbt's message."""
    lines = [str(result.exception or "")]
    for node_result in getattr(result.result, "results", None) or result.result or []:
        status = str(node_result.status)
        if status not in PASSING_STATUSES and node_result.node.resource_type != "exposure":
            lines.append(f"  {node_result.node.unique_id}: {status}: {node_result.message}")
    return "\n".join(line for line in lines if line)


def build_warehouse(
    workdir: Path, vars: dict[str, Any] | None = None, flags: list[str] | None = None,
    project_dir: Path = PROJECT_DIR,
) -> Warehouse:
    """``dbt build`` the whole project; raises DbtBuildError naming every failed node.

    A build passes when every node succeeded, passed or warned (PASSING_STATUSES; an
    exposure runs nothing and is left out); the advisories that warned are printed and
    listed in ``Warehouse.warnings``.

    ``flags`` are extra ``dbt build`` arguments, e.g. ``["--full-refresh"]``; building again
    into the same ``workdir`` updates the same warehouse (incremental models keep their rows).
    ``project_dir`` is the project to build (default: this checkout).
    """
    result = run_dbt(workdir, ["build", *(flags or [])], vars, project_dir=project_dir)
    statuses = node_statuses(result)
    failed = {node: status for node, status in statuses.items()
              if status not in PASSING_STATUSES}
    if not result.success or failed:
        detail = "\n".join(f"  {node}: {status}" for node, status in sorted(failed.items()))
        raise DbtBuildError(
            f"dbt build failed (vars={vars}, flags={flags}): {result.exception or ''}\n{detail}"
        )
    warehouse = Warehouse(
        path=workdir / "warehouse.duckdb", workdir=workdir, vars=vars or {},
        node_statuses=statuses,
    )
    for node in warehouse.warnings:
        print(f"build_warehouse: advisory warned (vars={vars}): {node}")
    return warehouse


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def describe_set_difference(
    expected: set[tuple[str, ...]], actual: set[tuple[str, ...]], limit: int = 40
) -> str:
    """A readable account of two sets' difference, for assertion messages."""
    missing = sorted(expected - actual)
    unexpected = sorted(actual - expected)
    lines = [f"expected {len(expected)}, got {len(actual)}"]
    if missing:
        lines.append(f"missing ({len(missing)}):")
        lines += [f"  - {row}" for row in missing[:limit]]
    if unexpected:
        lines.append(f"unexpected ({len(unexpected)}):")
        lines += [f"  + {row}" for row in unexpected[:limit]]
    return "\n".join(lines)
