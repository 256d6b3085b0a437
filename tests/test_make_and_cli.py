"""The commands around dbt: make's profile, `make sql`, and a warehouse held by another process.

* make and a plain ``dbt`` typed in the project folder render the same profile, so going
  from one to the other keeps dbt's partial parsing (an absolute DBT_DUCKDB_PATH exported
  by make, as before, made every switch a full parse);
* the README's ``make sql`` examples run on the demo warehouse through ``scripts/sql.py``,
  on a read-only connection, and print a table;
* when another process holds the warehouse file, ``dbt build`` stops with one line naming
  that process and pointing BI tools to the serving file (scripts/warehouse_lock.py).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.dbt_harness import PROJECT_DIR, Warehouse, run_dbt

VENV = Path(sys.executable).parent.parent  # the venv running the tests (not resolved)
DBT = VENV / "bin" / "dbt"
SQL_SCRIPT = PROJECT_DIR / "scripts" / "sql.py"
HOLD_OPEN = """
import sys, time
import duckdb
connection = duckdb.connect(sys.argv[1])  # read-write, as a BI tool might
connection.execute("create table if not exists held (id integer)")
open(sys.argv[2], "w").write("ready")
time.sleep(float(sys.argv[3]))
"""


def plain_environment() -> dict[str, str]:
    """This process's environment without dbt's variables and an outer make's flags."""
    return {
        key: value for key, value in os.environ.items()
        if not key.startswith(("DBT_", "MAKE", "MFLAGS"))
    }


def test_make_and_plain_dbt_share_one_profile_rendering(tmp_path: Path) -> None:
    if not (PROJECT_DIR / "profiles.yml").exists():
        pytest.skip("no profiles.yml in the project folder: run make setup first")
    target, logs = tmp_path / "target", tmp_path / "logs"
    parse = f"{shlex.quote(str(DBT))} parse --target-path {target} --log-path {logs}"
    # `make build` with DBT replaced by `dbt parse`: make's own environment, folder and
    # variables render the profile; the stamps are taken as up to date (nothing installs).
    made = subprocess.run(
        ["make", "--no-print-directory", f"VENV={VENV}",
         "-o", f"{VENV}/bin/.installed-runtime", "-o", "profiles.yml",
         "build", f"DBT={parse} #"],
        cwd=PROJECT_DIR, env=plain_environment(), capture_output=True, text=True,
        timeout=600, check=False,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    plain = subprocess.run(
        [str(DBT), "parse", "--target-path", str(target), "--log-path", str(logs)],
        cwd=PROJECT_DIR, env=plain_environment(), capture_output=True, text=True,
        timeout=600, check=False,
    )
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert "Unable to do partial parsing" not in plain.stdout, plain.stdout
    log = (logs / "dbt.log").read_text()
    assert "Partial parsing enabled" in log.split("Running with dbt=")[-1], log[-2000:]


def readme_sql_examples() -> list[str]:
    readme = (PROJECT_DIR / "README.md").read_text()
    return re.findall(r'make sql Q="([^"]+)"', readme)


def test_readme_sql_examples_run_read_only(demo_warehouse: Warehouse) -> None:
    examples = readme_sql_examples()
    assert examples, "README.md shows no make sql example"
    # A read-only connection of this process stays open: the script can only open the
    # file beside it if it opens it read-only too.
    with duckdb.connect(str(demo_warehouse.path), read_only=True):
        for query in examples:
            completed = subprocess.run(
                [sys.executable, str(SQL_SCRIPT), "--database", str(demo_warehouse.path),
                 query],
                cwd=PROJECT_DIR, capture_output=True, text=True, timeout=60, check=False,
            )
            assert completed.returncode == 0, (query, completed.stderr)
            header, rule, *rows, count = completed.stdout.splitlines()
            assert header.split(), completed.stdout
            assert set(rule) <= {"-", " "} and rule.strip(), completed.stdout
            assert rows and re.fullmatch(r"\(\d+ rows?\)", count), completed.stdout
        writes = subprocess.run(
            [sys.executable, str(SQL_SCRIPT), "--database", str(demo_warehouse.path),
             "create table marts.should_not_exist (id integer)"],
            cwd=PROJECT_DIR, capture_output=True, text=True, timeout=60, check=False,
        )
    assert writes.returncode == 1
    assert len(writes.stderr.strip().splitlines()) == 1, writes.stderr
    assert not demo_warehouse.query(
        "select * from duckdb_tables() where table_name = 'should_not_exist'"
    )


def test_locked_warehouse_stops_dbt_with_one_line(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    workdir = tmp_path / "build"
    workdir.mkdir()
    ready = tmp_path / "ready"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(workdir / "warehouse.duckdb"), str(ready), "300"]
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert holder.poll() is None, "the holding process died"
            assert time.monotonic() < deadline, "the holding process did not open the file"
            time.sleep(0.1)
        capfd.readouterr()
        result = run_dbt(workdir, ["build", "--select", "base_shop__products"])
        output = capfd.readouterr()
    finally:
        holder.kill()
        holder.wait()
    assert not result.success
    printed = output.out + output.err
    lines = [line for line in printed.splitlines() if "is open in another process" in line]
    assert len(lines) == 1, printed
    assert f"(PID {holder.pid})" in lines[0], lines[0]
    assert "serving.duckdb" in lines[0], lines[0]
    assert "Traceback" not in printed, printed
    assert len(printed.splitlines()) < 20, printed
