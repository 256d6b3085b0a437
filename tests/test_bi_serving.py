"""BI tools read the serving file while the warehouse is refreshed and republished.

A reader process (tests/serving_reader.py) keeps one read-only connection to the serving
file open for the whole run and polls it with new connections, checking every table
against ``publish_manifest``. Meanwhile the test publishes several times and runs a real
``dbt build`` refresh (another ``as_of``) of the warehouse, then publishes that. The reader
must see no errors and only complete versions, and nothing it holds open may block a
refresh or a publish.

The refresh runs on a copy of the session's demo warehouse, so the shared fixture the other
test modules read stays as built.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import duckdb

from tests.dbt_harness import PROJECT_DIR, Warehouse, failure_report, run_dbt

PUBLISH_SCRIPT = PROJECT_DIR / "scripts" / "publish_serving.py"
READER_SCRIPT = Path(__file__).with_name("serving_reader.py")
READER_MAX_SECONDS = 900.0  # a backstop (a stop file ends it), above any refresh on a busy machine
READER_INTERVAL = 0.2
PUBLISHES_BEFORE_REFRESH = 3
PUBLISHES_AFTER_REFRESH = 2


def run_results_of(warehouse: Warehouse) -> Path:
    """The run_results.json of the dbt build that wrote ``warehouse`` (its target folder)."""
    return warehouse.workdir / "target" / "run_results.json"


def publish(warehouse: Path, serving: Path, run_results: Path) -> tuple[int, float, float]:
    """Run scripts/publish_serving.py; returns (version, started_at, finished_at).

    ``run_results`` is the last build's run_results.json, which the script checks.
    """
    started = time.time()
    completed = subprocess.run(
        [sys.executable, str(PUBLISH_SCRIPT), "--warehouse", str(warehouse),
         "--serving", str(serving), "--run-results", str(run_results)],
        capture_output=True, text=True, timeout=120, cwd=PROJECT_DIR, check=False,
    )
    finished = time.time()
    assert completed.returncode == 0, (
        f"publish failed ({completed.returncode}):\n{completed.stdout}\n{completed.stderr}"
    )
    match = re.search(r"published version (\d+) ", completed.stdout)
    assert match, completed.stdout
    return int(match.group(1)), started, finished


def wait_for(condition: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.05)


def last_polled_version(progress_file: Path) -> int | None:
    try:
        return json.loads(progress_file.read_text())["last"]["version"]
    except (OSError, ValueError, KeyError):
        return None


def manifest_counts(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as connection:
        rows = connection.execute(
            "select schema_name || '.' || table_name, row_count from publish_manifest"
        ).fetchall()
    return {str(name): int(count) for name, count in rows}


def warehouse_counts(path: Path, names: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    with duckdb.connect(str(path), read_only=True) as connection:
        for name in names:
            row = connection.execute(f"select count(*) from {name}").fetchone()
            counts[name] = int(row[0]) if row else -1
    return counts


def test_reader_sees_only_complete_versions_and_never_blocks_a_refresh(
    demo_warehouse: Warehouse, tmp_path: Path
) -> None:
    began = time.time()
    # The refresh moves as_of one day back from the demo build's (2026-06-30 -> 2026-06-29).
    (demo_as_of,) = demo_warehouse.query(
        "select max(as_of)::date from segments.segment_memberships"
    )[0]
    refresh_as_of = (demo_as_of - timedelta(days=1)).isoformat()
    workdir = tmp_path / "refresh"
    workdir.mkdir()
    warehouse = workdir / "warehouse.duckdb"
    shutil.copy2(demo_warehouse.path, warehouse)
    serving = tmp_path / "serving" / "serving.duckdb"
    results_file = tmp_path / "reader-results.json"
    stop_file = tmp_path / "reader.stop"
    ready_file = tmp_path / "reader.ready"
    progress_file = tmp_path / "reader-progress.json"

    # The copy's last build is the demo build: its run results are the demo's.
    build_results = run_results_of(demo_warehouse)
    published: list[tuple[int, float, float]] = [publish(warehouse, serving, build_results)]
    with (tmp_path / "reader.log").open("w") as reader_log:
        reader = subprocess.Popen(
            [sys.executable, str(READER_SCRIPT), "--serving", str(serving),
             "--results", str(results_file), "--stop-file", str(stop_file),
             "--ready-file", str(ready_file), "--progress-file", str(progress_file),
             "--max-seconds", str(READER_MAX_SECONDS), "--interval", str(READER_INTERVAL)],
            stdout=reader_log, stderr=subprocess.STDOUT, cwd=PROJECT_DIR,
        )
    try:
        wait_for(lambda: ready_file.exists() or reader.poll() is not None, 30, "the reader")
        assert reader.poll() is None, (tmp_path / "reader.log").read_text()

        before = warehouse.stat()
        for _ in range(PUBLISHES_BEFORE_REFRESH):
            published.append(publish(warehouse, serving, build_results))
        after = warehouse.stat()
        assert (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns), (
            "publishing changed the warehouse file"
        )

        # The refresh: a real dbt build of the warehouse, while the reader reads serving.
        # --full-refresh rebuilds incremental models from scratch; unit tests are skipped
        # (they do not touch the warehouse's tables) to keep the test short.
        refresh_started = time.time()
        result = run_dbt(
            workdir, ["build", "--full-refresh", "--exclude", "test_type:unit"],
            {"as_of": refresh_as_of},
        )
        refresh_finished = time.time()
        assert result.success, f"dbt build refresh failed:\n{failure_report(result)}"

        refresh_results = workdir / "target" / "run_results.json"
        for _ in range(PUBLISHES_AFTER_REFRESH):
            published.append(publish(warehouse, serving, refresh_results))
        final_version = published[-1][0]
        wait_for(
            lambda: last_polled_version(progress_file) == final_version
            or reader.poll() is not None,
            20, f"the reader to poll version {final_version}",
        )
    finally:
        stop_file.touch()
        try:
            reader.wait(timeout=30)
        except subprocess.TimeoutExpired:
            reader.kill()
            reader.wait()
    assert reader.returncode == 0, (tmp_path / "reader.log").read_text()
    results: dict[str, Any] = json.loads(results_file.read_text())
    observations: list[dict[str, Any]] = results["observations"]
    held: list[dict[str, Any]] = results["held_observations"]

    versions = [version for version, _, _ in published]
    assert versions == list(range(1, len(versions) + 1)), versions
    assert len(versions) >= 5

    assert results["errors"] == [], results["errors"]
    assert results["stop_reason"] == "stop_file", results["stop_reason"]
    incomplete = [o for o in observations + held if not o["complete"]]
    assert incomplete == [], incomplete[:5]

    seen = [o["version"] for o in observations]
    assert seen == sorted(seen), f"versions went backwards: {seen}"
    assert set(seen) <= set(versions), seen
    assert len(set(seen)) >= 2, seen
    assert versions[0] in seen and final_version in seen, seen

    as_of_by_version = {o["version"]: o["published_as_of"] for o in observations}
    refreshed = [v for v, _, _ in published[-PUBLISHES_AFTER_REFRESH:]]
    assert all(as_of_by_version[v] == refresh_as_of for v in refreshed if v in as_of_by_version)
    assert as_of_by_version[versions[0]] == demo_as_of.isoformat(), as_of_by_version

    # The long-lived connection was open across every publish and the dbt build, kept
    # seeing the version it opened, complete, and blocked none of them.
    assert results["held_opened_at"] is not None
    assert results["held_opened_at"] < published[1][1]
    assert results["held_closed_at"] > published[-1][2] > refresh_finished > refresh_started
    assert {o["version"] for o in held} == {versions[0]}, held[:3]
    assert any(o["at"] > published[-1][2] for o in held), "held connection not read at the end"

    # The final serving file is the refreshed warehouse, complete, with nothing left over.
    counts = manifest_counts(serving)
    assert counts == warehouse_counts(warehouse, sorted(counts))
    assert "segments.segment_memberships" in counts
    assert sorted(p.name for p in serving.parent.iterdir()) == [
        "serving.duckdb", "serving.duckdb.lock",
    ]

    print(
        f"\nserving: {len(versions)} publishes "
        f"({', '.join(f'{f - s:.1f}s' for _, s, f in published)}), "
        f"dbt build refresh {refresh_finished - refresh_started:.1f}s, "
        f"reader polls {len(observations)} (versions seen {sorted(set(seen))}), "
        f"held reads {len(held)}, test {time.time() - began:.1f}s"
    )


def test_publish_fails_clearly_without_a_warehouse(tmp_path: Path) -> None:
    serving = tmp_path / "serving.duckdb"
    completed = subprocess.run(
        [sys.executable, str(PUBLISH_SCRIPT), "--warehouse", str(tmp_path / "missing.duckdb"),
         "--serving", str(serving)],
        capture_output=True, text=True, timeout=60, cwd=PROJECT_DIR, check=False,
    )
    assert completed.returncode == 1
    assert "warehouse file not found" in completed.stderr
    assert not serving.exists()


def test_publish_skips_missing_schemas(demo_warehouse: Warehouse, tmp_path: Path) -> None:
    schemas = ["segments", "history"]  # history may not exist yet: it is skipped then
    serving = tmp_path / "serving.duckdb"
    completed = subprocess.run(
        [sys.executable, str(PUBLISH_SCRIPT), "--warehouse", str(demo_warehouse.path),
         "--serving", str(serving), "--run-results", str(run_results_of(demo_warehouse)),
         "--schemas", *schemas],
        capture_output=True, text=True, timeout=120, cwd=PROJECT_DIR, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    with duckdb.connect(str(serving), read_only=True) as connection:
        published = {
            schema for (schema,) in connection.execute(
                "select distinct schema_name from publish_manifest"
            ).fetchall()
        }
    existing = {
        schema for (schema,) in demo_warehouse.query(
            "select distinct schema_name from duckdb_tables()"
        )
    }
    assert published == {schema for schema in schemas if schema in existing}
    assert "segments" in published
