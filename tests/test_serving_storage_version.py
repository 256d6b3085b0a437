"""The serving file in an older DuckDB storage format, for BI tools bundling an older DuckDB.

``scripts/publish_serving.py --storage-version v1.0.0`` (or ``$DBT_SERVING_STORAGE_VERSION``)
writes the file so that DuckDB 1.0 and later can open it; without it the file is in this
DuckDB's newest format, which no DuckDB 1.x reads. The test reads the storage number in the
file's header (the number an older DuckDB checks before it opens a file), DuckDB's own tag
for the attached file, and the file's content against its manifest.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.dbt_harness import PROJECT_DIR, Warehouse
from tests.serving_reader import check_version

PUBLISH_SCRIPT = PROJECT_DIR / "scripts" / "publish_serving.py"
# DuckDB's main header: an 8-byte checksum, the magic bytes, then the storage number.
MAGIC = b"DUCK"
# The storage number of DuckDB v1.0.0's format, the one DuckDB 1.0 to 1.1 read ("can only
# read version 64" is what they say to a newer file).
DUCKDB_1_0_STORAGE_NUMBER = 64


def storage_number(path: Path) -> int:
    header = path.read_bytes()[:20]
    assert header[8:12] == MAGIC, f"{path} is not a DuckDB file: {header!r}"
    return int(struct.unpack("<Q", header[12:20])[0])


def reference_file(path: Path, storage_version: str | None) -> Path:
    """A file DuckDB itself writes for ``storage_version`` (None: its default)."""
    options = f", storage_version '{storage_version}'" if storage_version else ""
    with duckdb.connect(":memory:") as connection:
        connection.execute(f"attach '{path}' as reference (read_write{options})")
        connection.execute("create table reference.t as select 1 as x")
        connection.execute("checkpoint reference")
        connection.execute("detach reference")
    return path


def publish(
    warehouse: Warehouse, serving: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(PUBLISH_SCRIPT), "--warehouse", str(warehouse.path),
         "--serving", str(serving),
         "--run-results", str(warehouse.workdir / "target" / "run_results.json"), *args],
        capture_output=True, text=True, timeout=120, cwd=PROJECT_DIR, check=False,
        env={**os.environ, **(env or {})},
    )


def read_tag_and_check(serving: Path) -> tuple[str, dict[str, object]]:
    """(DuckDB's storage tag of the file, a full check of every table against the manifest)."""
    with duckdb.connect(":memory:") as connection:
        connection.execute(f"attach '{serving}' as served (read_only)")
        row = connection.execute(
            "select tags['storage_version'] from duckdb_databases() "
            "where database_name = 'served'"
        ).fetchone()
        assert row is not None
        return str(row[0]), check_version(connection, "served")


def test_publish_writes_the_storage_version_asked_for(
    demo_warehouse: Warehouse, tmp_path: Path
) -> None:
    old = tmp_path / "v1.0.0" / "serving.duckdb"
    from_env = tmp_path / "env" / "serving.duckdb"
    default = tmp_path / "default" / "serving.duckdb"
    for path in (old, from_env, default):
        path.parent.mkdir()

    published = publish(demo_warehouse, old, "--storage-version", "v1.0.0")
    assert published.returncode == 0, published.stderr
    assert "storage format v1.0.0+" in published.stdout, published.stdout
    env_published = publish(
        demo_warehouse, from_env, env={"DBT_SERVING_STORAGE_VERSION": "v1.0.0"}
    )
    assert env_published.returncode == 0, env_published.stderr
    plain = publish(demo_warehouse, default, env={"DBT_SERVING_STORAGE_VERSION": ""})
    assert plain.returncode == 0, plain.stderr

    reference_old = storage_number(reference_file(tmp_path / "ref-old.duckdb", "v1.0.0"))
    reference_new = storage_number(reference_file(tmp_path / "ref-default.duckdb", None))
    assert reference_old == DUCKDB_1_0_STORAGE_NUMBER
    assert reference_new != reference_old, "this DuckDB writes v1.0.0's format by default"

    assert storage_number(old) == reference_old
    assert storage_number(from_env) == reference_old
    assert storage_number(default) == reference_new

    for path in (old, from_env):
        tag, observation = read_tag_and_check(path)
        assert tag == "v1.0.0+", (path, tag)
        assert observation["complete"], observation["problems"]
        assert observation["version"] == 1
        assert int(str(observation["tables"])) > 0
    tag, _ = read_tag_and_check(default)
    assert tag != "v1.0.0+", tag

    # Same content whatever the format: the manifests agree table by table.
    def manifest(path: Path) -> set[tuple[str, str, int, int]]:
        with duckdb.connect(str(path), read_only=True) as connection:
            rows = connection.execute(
                "select schema_name, table_name, row_count, row_checksum from publish_manifest"
            ).fetchall()
        return {(str(s), str(t), int(n), int(c)) for s, t, n, c in rows}

    assert manifest(old) == manifest(default)
    with duckdb.connect(str(old), read_only=True) as connection:
        members = connection.execute(
            "select count(*) from segments.segment_memberships"
        ).fetchone()
    assert members is not None
    assert members[0] == demo_warehouse.query(
        "select count(*) from segments.segment_memberships"
    )[0][0]


def test_a_bad_storage_version_stops_with_one_line(tmp_path: Path) -> None:
    serving = tmp_path / "serving.duckdb"
    cases = [
        (["--storage-version", "1.0"], {}, "is not allowed"),
        (["--storage-version", "v0.9.0"], {}, "is too old"),
        (["--storage-version", "v9.9.9"], {}, "is not a DuckDB release"),
        ([], {"DBT_SERVING_STORAGE_VERSION": "newest"}, "is not allowed"),
    ]
    for args, env, says in cases:
        completed = subprocess.run(
            [sys.executable, str(PUBLISH_SCRIPT), "--warehouse", str(tmp_path / "none.duckdb"),
             "--serving", str(serving), *args],
            capture_output=True, text=True, timeout=60, cwd=PROJECT_DIR, check=False,
            env={**os.environ, **env},
        )
        lines = completed.stderr.strip().splitlines()
        assert completed.returncode == 1, (args, env, completed.stdout, completed.stderr)
        assert len(lines) == 1, lines
        assert lines[0].startswith("publish_serving: storage version "), lines
        assert says in lines[0] and "v1.0.0" in lines[0], lines
        assert not serving.exists()
