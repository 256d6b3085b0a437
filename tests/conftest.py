"""Shared warehouses: each is built once per test session and only read by the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dbt_harness import Warehouse, build_warehouse


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """The project built on its demo data with every var at its default."""
    return build_warehouse(Path(tmp_path_factory.mktemp("demo")))


@pytest.fixture(scope="session")
def demo_serving(demo_warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A serving file published from the demo warehouse (scripts/publish_serving.py), read
    by the dashboard tests; a test that republishes uses a serving file of its own."""
    from tests.dashboard_harness import publish

    serving = Path(tmp_path_factory.mktemp("serving")) / "serving.duckdb"
    publish(demo_warehouse, serving)
    return serving
