"""Write-audit-publish: BI readers only ever see a build in which every model and test passed.

The project is copied to a temporary folder (the repo's own models and tests stay as they
are) and given a singular test that fails. Starting from a copy of the session's demo
warehouse, published once:

1. a build with the failing test fails; ``publish_serving.py`` refuses it with one clear
   message naming the test, and the serving file stays byte-identical; the run results of
   the earlier, passing build are refused too (the warehouse has changed since);
2. with the test removed, a passing build of just ``fct_contacts`` is refused: what the
   failed build skipped downstream has not passed since;
3. its run results are refused for another warehouse (the original demo warehouse);
4. a passing build of ``fct_contacts+`` rebuilds the rest; it is published, and the
   manifest records its invocation_id.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest
from dbt.cli.main import dbtRunner

from tests.dbt_harness import (
    PROJECT_DIR,
    Warehouse,
    _environment,
    _release_duckdb,
    failure_report,
)

PUBLISH_SCRIPT = PROJECT_DIR / "scripts" / "publish_serving.py"
PROJECT_ENTRIES = [
    "dbt_project.yml", "selectors.yml", "profiles.example.yml",
    "models", "macros", "seeds", "tests", "analyses", "docs",
]
FAILING_TEST = "assert_publish_gate_sees_a_failure"
FAILING_TEST_SQL = (
    "-- Fails on purpose (tests/test_publish_gate.py): one row per contact.\n"
    "select contact_id from {{ ref('fct_contacts') }}\n"
)
NO_UNIT_TESTS = ["--exclude", "test_type:unit"]


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for entry in PROJECT_ENTRIES:
        source = PROJECT_DIR / entry
        if source.is_dir():
            shutil.copytree(
                source, target / entry, ignore=shutil.ignore_patterns("__pycache__")
            )
        elif source.exists():
            shutil.copy2(source, target / entry)
    return target


def run_project(project: Path, workdir: Path, command: list[str]) -> Any:
    """One dbt command on ``project`` against workdir/warehouse.duckdb (as the harness)."""
    shutil.copy(project / "profiles.example.yml", workdir / "profiles.yml")
    args = [
        *command, "--project-dir", str(project), "--profiles-dir", str(workdir),
        "--target-path", str(workdir / "target"), "--log-path", str(workdir / "logs"),
    ]
    with _environment(
        DBT_DUCKDB_PATH=str(workdir / "warehouse.duckdb"),
        DBT_DUCKDB_TEMP_DIR=str(workdir / "tmp"),
    ):
        try:
            return dbtRunner().invoke(args)
        finally:
            _release_duckdb()


def keep_run_results(workdir: Path, name: str) -> Path:
    kept = workdir / f"run_results_{name}.json"
    shutil.copy(workdir / "target" / "run_results.json", kept)
    return kept


def publish(
    warehouse: Path, serving: Path, run_results: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(PUBLISH_SCRIPT), "--warehouse", str(warehouse),
         "--serving", str(serving), "--run-results", str(run_results)],
        capture_output=True, text=True, timeout=120, cwd=PROJECT_DIR, check=False,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def invocation_id(run_results: Path) -> str:
    return str(json.loads(run_results.read_text())["metadata"]["invocation_id"])


def assert_refused(
    completed: subprocess.CompletedProcess[str], serving: Path, before: str, *expected: str
) -> str:
    assert completed.returncode == 1, (completed.returncode, completed.stdout, completed.stderr)
    message = completed.stderr.strip()
    assert message.startswith("publish_serving: refused: "), message
    assert len(message.splitlines()) == 1, message
    for text in expected:
        assert text in message, f"{text!r} not in: {message}"
    assert digest(serving) == before, "a refused publish changed the serving file"
    return message


@pytest.mark.slow
def test_publish_only_after_a_build_that_fully_passed(
    demo_warehouse: Warehouse, tmp_path: Path
) -> None:
    project = copy_project(tmp_path / "project")
    workdir = tmp_path / "work"
    workdir.mkdir()
    warehouse = workdir / "warehouse.duckdb"
    shutil.copy2(demo_warehouse.path, warehouse)
    serving = tmp_path / "serving" / "serving.duckdb"

    demo_results = demo_warehouse.workdir / "target" / "run_results.json"
    first = publish(warehouse, serving, demo_results)
    assert first.returncode == 0, first.stderr
    published = digest(serving)

    # 1. A build with a failing test: refused, the serving file untouched.
    failing_test = project / "tests" / "singular" / f"{FAILING_TEST}.sql"
    failing_test.write_text(FAILING_TEST_SQL)
    failed = run_project(project, workdir, ["build", *NO_UNIT_TESTS])
    assert not failed.success, "the build with a failing test passed"
    failed_results = keep_run_results(workdir, "failed")
    assert_refused(
        publish(warehouse, serving, failed_results), serving, published,
        "did not pass", FAILING_TEST,
    )
    assert_refused(
        publish(warehouse, serving, demo_results), serving, published,
        invocation_id(demo_results), "an earlier invocation of this warehouse",
        invocation_id(failed_results),
    )

    # 2. A passing build of one model does not repair what the failed build skipped.
    failing_test.unlink()
    partial = run_project(project, workdir, ["build", "--select", "fct_contacts"])
    assert partial.success, failure_report(partial)
    partial_results = keep_run_results(workdir, "partial")
    message = assert_refused(
        publish(warehouse, serving, partial_results), serving, published,
        "failed or skipped", "have not passed since",
    )
    assert ": skipped in " in message, message

    # 3. Run results of this warehouse are not another warehouse's.
    assert_refused(
        publish(demo_warehouse.path, serving, partial_results), serving, published,
        invocation_id(partial_results), "belong to another one",
    )

    # 4. Building everything the failure skipped makes the warehouse publishable again.
    rest = run_project(project, workdir, ["build", "--select", "fct_contacts+", *NO_UNIT_TESTS])
    assert rest.success, failure_report(rest)
    rest_results = keep_run_results(workdir, "rest")
    last = publish(warehouse, serving, rest_results)
    assert last.returncode == 0, last.stderr
    assert digest(serving) != published
    with duckdb.connect(str(serving), read_only=True) as connection:
        recorded = connection.execute(
            "select distinct version, build_invocation_id, build_checked from publish_manifest"
        ).fetchall()
    assert recorded == [(2, invocation_id(rest_results), True)], recorded


def test_publish_refuses_without_run_results_or_after_another_command(
    demo_warehouse: Warehouse, tmp_path: Path
) -> None:
    serving = tmp_path / "serving.duckdb"
    serving.write_bytes(b"the previous version")
    missing = publish(demo_warehouse.path, serving, tmp_path / "run_results.json")
    assert_refused(missing, serving, digest(serving), "no dbt run results at")

    demo_results = json.loads(
        (demo_warehouse.workdir / "target" / "run_results.json").read_text()
    )
    demo_results["args"]["which"] = "run"
    run_results = tmp_path / "run_results_run.json"
    run_results.write_text(json.dumps(demo_results))
    assert_refused(
        publish(demo_warehouse.path, serving, run_results), serving, digest(serving),
        "is from `dbt run`, not `dbt build`",
    )


def test_publish_refuses_after_a_build_that_did_not_finish(
    demo_warehouse: Warehouse, tmp_path: Path
) -> None:
    """A killed build writes no run results and never completes its row in the warehouse:
    the previous build's run results must not be taken for the warehouse's state."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy2(demo_warehouse.path, warehouse)
    with duckdb.connect(str(warehouse)) as connection:
        # What the on-run-start hook of a build killed half-way leaves behind.
        connection.execute(
            "insert into ops.dbt_invocations (invocation_seq, invocation_id, command, "
            "selection, full_refresh, warehouse_input, started_at, has_passed) "
            "select max(invocation_seq) + 1, 'killed-build', 'build', '', false, 'seeds', "
            "'2026-01-01T00:00:00.000000Z', false from ops.dbt_invocations"
        )
    serving = tmp_path / "serving.duckdb"
    serving.write_bytes(b"the previous version")
    assert_refused(
        publish(warehouse, serving, demo_warehouse.workdir / "target" / "run_results.json"),
        serving, digest(serving), "killed-build", "did not finish",
    )
