"""Shared warehouses: each is built once per test session and only read by the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dbt_harness import Warehouse, build_warehouse


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """The project built on its demo data with every var at its default."""
    return build_warehouse(Path(tmp_path_factory.mktemp("demo")))
