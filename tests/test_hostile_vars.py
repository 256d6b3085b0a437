"""Vars are untrusted: every bad value stops dbt before anything runs, with one clear line.

Orchestrators pass vars from forms and APIs. Each case below runs ``dbt build`` with one
hostile value against a warehouse that is already built, and asserts that

* dbt fails, and its error has exactly one line ``var <name> = <value> is not allowed: ...``
  naming the var and saying what is allowed;
* no node ran (no seed, model or test result) and the warehouse file is byte-identical;
* no file was written: the payloads that try ``copy ... to`` name a file that must not
  exist afterwards, and the work folder holds the same files as before.

The values cover every kind of var (integer, decimal, date, currency, country, folder,
identifier, boolean): quote breaking, comments, stacked statements, ``union select``,
numbers with SQL after them, out-of-range and non-finite numbers, empty text and wrong YAML
types (lists, mappings, booleans).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.dbt_harness import PROJECT_DIR, Warehouse, run_dbt

PAYLOAD_FILE = "hostile-payload-written.csv"
COPY = f"copy (select 42) to '{PAYLOAD_FILE}'"

# (var, value). The folder cases get the temporary folder prepended where they need one.
HOSTILE: list[tuple[str, Any]] = [
    # integer
    ("active_days", -5),
    ("active_days", 0),
    ("active_days", 1e12),
    ("active_days", "1e12"),
    ("active_days", "nan"),
    ("active_days", "abc"),
    ("active_days", ""),
    ("active_days", "1; drop table marts.fct_contacts"),
    ("active_days", "180 union select 1"),
    ("active_days", 180.5),
    ("active_days", [1, 2]),
    ("active_days", {"days": 1}),
    ("active_days", True),
    ("loyal_min_orders", "3 -- comment"),
    ("influencer_min_followers", f"1; {COPY}"),
    # decimal
    ("coupon_share", 1.5),
    ("coupon_share", -0.1),
    ("coupon_share", "nan"),
    ("coupon_share", "inf"),
    ("coupon_share", "0.1234567"),
    ("coupon_share", "0.5) or (1=1"),
    ("device_share", [0.5]),
    ("big_spender_multiple", 0),
    ("big_spender_multiple", "1e3"),
    ("thrifty_max_units_per_order", "1.5; select 1"),
    ("max_reject_share", 2),
    # date
    ("as_of", "2025-13-45"),
    ("as_of", "yesterday"),
    ("as_of", "2025-02-29"),
    ("as_of", "2026-05-31' or '1'='1"),
    ("as_of", "2026-5-31"),
    ("as_of", 20260531),
    ("as_of", ["2026-05-31"]),
    ("as_of", ""),
    # currency
    ("reporting_currency", "USD' or '1'='1"),
    ("reporting_currency", "US"),
    ("reporting_currency", "XYZ"),
    ("reporting_currency", f"USD'; {COPY}; --"),
    ("reporting_currency", ["USD"]),
    # country
    ("home_country", "US') or ('1'='1"),
    ("home_country", "USA"),
    ("home_country", "U1"),
    ("home_country", None),
    # folder
    ("raw_data_path", "{tmp}/missing; " + COPY + "; --"),
    ("raw_data_path", "{tmp}/does-not-exist"),
    ("raw_data_path", "seeds/demo/*"),
    ("raw_data_path", "{tmp}/line\nbreak"),
    ("raw_data_path", ""),
    ("raw_data_path", ["seeds/demo"]),
    # identifier
    ("raw_schema", "raw; drop schema marts cascade; --"),
    ("raw_schema", 'raw_shop"'),
    ("raw_schema", "1abc"),
    ("raw_schema", "raw shop"),
    ("raw_database", "main.raw"),
    # boolean
    ("reset_history", "yes"),
    ("reset_history", 1),
    ("reset_history", "true; drop table history.segment_sizes"),
    ("reset_history", [True]),
]


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files_under(folder: Path) -> set[str]:
    skip = {"target", "logs"}
    return {
        str(path.relative_to(folder)) for path in folder.rglob("*")
        if path.is_file() and path.relative_to(folder).parts[0] not in skip
    }


def _node_results(result: Any) -> list[Any]:
    """Results of seeds, models, tests and snapshots (not hooks) of a dbtRunnerResult."""
    run = result.result
    results = getattr(run, "results", None) or []
    return [item for item in results if item.node.resource_type != "operation"]


@pytest.fixture(scope="module")
def built(demo_warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A work folder holding a copy of the built demo warehouse."""
    workdir = Path(tmp_path_factory.mktemp("hostile"))
    shutil.copy(demo_warehouse.path, workdir / "warehouse.duckdb")
    # One good command first, so the files dbt writes on any run (profiles.yml, .user.yml)
    # are there before the cases compare the folder's files.
    listed = run_dbt(workdir, ["ls", "--select", "seg_loyal_customers"])
    assert listed.success, str(listed.exception)
    return workdir


@pytest.mark.parametrize(("name", "value"), HOSTILE, ids=lambda item: repr(item)[:40])
def test_hostile_var_stops_before_anything_runs(built: Path, name: str, value: Any) -> None:
    if isinstance(value, str):
        value = value.replace("{tmp}", str(built))
    warehouse = built / "warehouse.duckdb"
    digest_before = _file_digest(warehouse)
    files_before = _files_under(built)

    result = run_dbt(built, ["build"], {name: value})

    assert not result.success, f"dbt build accepted {name}={value!r}"
    message = str(result.exception or "")
    lines = [line.strip() for line in message.splitlines()
             if line.strip().startswith(f"var {name} = ")]
    assert len(lines) == 1, f"expected one line naming var {name}; dbt said:\n{message}"
    assert "is not allowed: " in lines[0], lines[0]
    assert "\n" not in lines[0]
    assert _node_results(result) == [], (
        f"{name}={value!r}: nodes ran: {[r.node.unique_id for r in _node_results(result)]}"
    )
    assert _file_digest(warehouse) == digest_before, f"{name}={value!r} changed the warehouse"
    assert _files_under(built) == files_before, f"{name}={value!r} wrote files"
    for folder in (built, PROJECT_DIR, Path.cwd()):
        assert not (folder / PAYLOAD_FILE).exists(), f"{name}={value!r} wrote {PAYLOAD_FILE}"


def test_every_bad_var_is_named_in_one_message(built: Path) -> None:
    result = run_dbt(built, ["build"], {"active_days": -5, "home_country": "USA"})
    message = str(result.exception or "")
    assert not result.success
    assert "var active_days = -5 is not allowed" in message, message
    assert "var home_country = 'USA' is not allowed" in message, message


def test_other_commands_refuse_bad_vars_while_parsing(built: Path) -> None:
    for command in (["ls"], ["compile", "--select", "seg_loyal_customers"]):
        result = run_dbt(built, command, {"active_days": "1 or 1=1"})
        assert not result.success, f"dbt {command[0]} accepted a bad var"
        assert "var active_days = '1 or 1=1' is not allowed" in str(result.exception), (
            str(result.exception)
        )


ACCEPTED: list[tuple[str, Any, str]] = [
    # (var, value as an orchestrator may send it, what the compiled rule must contain)
    ("active_days", "90", "<= 90"),
    ("active_days", 90.0, "<= 90"),
    ("active_days", " 90 ", "<= 90"),
    ("loyal_min_orders", 4, ">= 4"),
]


def _compiled(workdir: Path, model: str) -> str:
    paths = list((workdir / "target" / "compiled").rglob(f"{model}.sql"))
    assert len(paths) == 1, paths
    return paths[0].read_text()


@pytest.mark.parametrize(("name", "value", "expected"), ACCEPTED)
def test_numbers_written_as_text_are_read_as_numbers(
    built: Path, name: str, value: Any, expected: str
) -> None:
    result = run_dbt(built, ["compile", "--select", "seg_loyal_customers"], {name: value})
    assert result.success, str(result.exception)
    assert expected in _compiled(built, "seg_loyal_customers")


def test_text_vars_reach_sql_as_quoted_literals(built: Path) -> None:
    result = run_dbt(
        built,
        ["compile", "--select", "seg_domestic_customers", "int_orders_enriched",
         "int_reporting_period", "seg_coupon_customers"],
        {"home_country": " gb ", "reporting_currency": "eur", "as_of": "2026-05-31",
         "coupon_share": ".50"},
    )
    assert result.success, str(result.exception)
    assert "= 'GB'" in _compiled(built, "seg_domestic_customers")
    assert "= 'EUR'" in _compiled(built, "int_orders_enriched")
    assert "cast('2026-05-31' as date)" in _compiled(built, "int_reporting_period")
    assert "cast(0.5 as decimal(18, 6))" in _compiled(built, "seg_coupon_customers")


def test_var_specs_and_readme_table_are_generated_from_dbt_project() -> None:
    completed = subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "var_specs.py"), "--check"],
        capture_output=True, text=True, cwd=PROJECT_DIR, check=False,
    )
    assert completed.returncode == 0, completed.stderr


# Where a plain var() is allowed: the checks themselves, and YAML that cannot call project
# macros (sources' schema and database, unit tests' `enabled`), which dbt quotes or only
# tests for null; validate_vars() has refused a bad value before any of it renders.
PLAIN_VAR_ALLOWED = re.compile(
    r"macros/vars/|_sources\.yml$|_unit_tests\.yml$"
)


def test_models_macros_and_tests_read_vars_only_through_checked_var() -> None:
    offenders = []
    for folder in ("models", "macros", "tests", "analyses"):
        for path in (PROJECT_DIR / folder).rglob("*"):
            if path.suffix not in (".sql", ".yml") or PLAIN_VAR_ALLOWED.search(path.as_posix()):
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if re.search(r"(?<![\w.])var\(", line):
                    offenders.append(f"{path.relative_to(PROJECT_DIR)}:{number}: {line.strip()}")
    assert not offenders, "read these vars with checked_var():\n" + "\n".join(offenders)
