"""Every dbt unit test pins the vars its model reads, so --vars never fail one.

A user (or an orchestrator) runs `dbt build --vars '{...}'` with their own thresholds; the
unit tests run in that build. A unit test that relies on a var's default would then fail
for a correct model. This runs every unit test with every numeric var moved off its
default (to another allowed value, from the var's declared kind in dbt_project.yml) on a
copy of the demo warehouse (unit tests read the built relations' columns).

Vars of other kinds (input paths, dates, codes, booleans) and those that are null by
default (the CLV parameters for other engines) are left out: they select inputs or modes,
not thresholds a unit test's rows are written around.
"""

from __future__ import annotations

import shutil
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.dbt_harness import PROJECT_DIR, Warehouse, failure_report, run_dbt

sys.path.insert(0, str(PROJECT_DIR / "scripts"))
import var_specs


def _inside(spec: var_specs.VarSpec, value: Decimal) -> bool:
    low, high = Decimal(str(spec.low)), Decimal(str(spec.high))
    above = value >= low if spec.low_inclusive else value > low
    below = value <= high if spec.high_inclusive else value < high
    return above and below


def _moved(spec: var_specs.VarSpec) -> Any:
    """An allowed value other than the default, or None when the var is left out."""
    if spec.kind not in ("integer", "decimal") or spec.default is None:
        return None
    default = Decimal(str(spec.default))
    if spec.kind == "integer":
        candidates = [default + 1, default - 1]
    else:
        low, high = Decimal(str(spec.low)), Decimal(str(spec.high))
        candidates = [(default + high) / 2, (default + low) / 2]
        candidates = [value.quantize(Decimal("0.000001")) for value in candidates]
    for value in candidates:
        if value != default and _inside(spec, value):
            return int(value) if spec.kind == "integer" else float(value)
    return None


def moved_vars() -> dict[str, Any]:
    moved = {spec.name: _moved(spec) for spec in var_specs.read_specs()}
    return {name: value for name, value in moved.items() if value is not None}


def test_moved_vars_cover_the_thresholds() -> None:
    moved = moved_vars()
    # The check means something only if the segment, RFM, CLV and health thresholds move.
    for name in ("recent_days", "coupon_share", "rfm_loyal_min_fm_score",
                 "clv_horizon_days", "high_value_share", "segment_health_max_share"):
        assert name in moved, (name, moved)


def test_unit_tests_pass_with_every_threshold_moved(
    demo_warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory
) -> None:
    workdir = Path(tmp_path_factory.mktemp("unit_tests_moved_vars"))
    shutil.copy(demo_warehouse.path, workdir / "warehouse.duckdb")
    vars = moved_vars()
    result = run_dbt(workdir, ["test", "--select", "test_type:unit"], vars)
    statuses = {node.node.unique_id: str(node.status) for node in (result.result or [])
                if node.node.unique_id.startswith("unit_test.")}
    failed = sorted(node for node, status in statuses.items() if status != "pass")
    assert statuses, "no unit test ran"
    assert result.success and not failed, (
        f"unit tests that depend on a var's default (vars {vars}):\n"
        + "\n".join(failed) + "\n" + failure_report(result))
