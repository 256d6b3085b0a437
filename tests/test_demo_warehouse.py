"""The demo warehouse against fixtures written independently of the SQL.

- expected_segment_memberships.csv and expected_lifecycle_stages.csv come from the Python
  reference implementation in tests/oracle (written from the spec alone);
- expected_quarantine_counts.csv comes from the demo-data generator's own bookkeeping of
  the bad rows it injected;
- persona_facts.csv holds values worked out by hand from the personas' rows.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.dbt_harness import (
    FIXTURES_DIR,
    Warehouse,
    describe_set_difference,
    read_csv_rows,
)
from tests.oracle.oracle import SEGMENT_IDS as ORACLE_SEGMENT_IDS

EXPECTED_MEMBERSHIPS = read_csv_rows(FIXTURES_DIR / "expected_segment_memberships.csv")
EXPECTED_BY_SEGMENT: dict[str, set[tuple[str]]] = defaultdict(set)
for _row in EXPECTED_MEMBERSHIPS:
    EXPECTED_BY_SEGMENT[_row["segment_id"]].add((_row["contact_id"],))


# Built-in families outside the spec's catalogue, so not in the oracle's fixture; each is
# checked against its rules by its own test file.
FAMILIES_CHECKED_ELSEWHERE = {
    "predictive_value": "tests/test_predictive_segments.py",
    "combined": "tests/test_combined_segments.py",
    "rfm": "tests/test_rfm_warehouse.py",
}

# The built-in segments the fixture covers: exactly the oracle's (tests/oracle). Any other
# catalogue segment outside the predictive family is a user's own (README, Adding a
# segment): its unit tests and the generic checks cover it, never this fixture.
FIXTURE_SEGMENT_IDS = sorted(EXPECTED_BY_SEGMENT)


def _catalog_segments(warehouse: Warehouse) -> dict[str, str]:
    """segment_id -> family, for every segment in the catalogue."""
    return dict(warehouse.query("select segment_id, family from segments.segment_catalog"))


def _spec_segment_ids(warehouse: Warehouse) -> list[str]:
    """The catalogue's segments the oracle's fixture covers (built-in, outside predictive)."""
    return sorted(set(_catalog_segments(warehouse)) & set(FIXTURE_SEGMENT_IDS))


def _user_segment_ids(warehouse: Warehouse) -> list[str]:
    """The catalogue's segments a user added: neither in the fixture nor in a built-in
    family checked elsewhere (FAMILIES_CHECKED_ELSEWHERE)."""
    return sorted(
        segment_id for segment_id, family in _catalog_segments(warehouse).items()
        if segment_id not in EXPECTED_BY_SEGMENT and family not in FAMILIES_CHECKED_ELSEWHERE
    )


def test_fixture_covers_the_oracles_segments() -> None:
    """The fixture holds members for every segment the oracle computes, and no other."""
    assert FIXTURE_SEGMENT_IDS == sorted(ORACLE_SEGMENT_IDS), describe_set_difference(
        {(segment_id,) for segment_id in ORACLE_SEGMENT_IDS},
        {(segment_id,) for segment_id in FIXTURE_SEGMENT_IDS})


def test_build_ran_data_and_unit_tests(demo_warehouse: Warehouse) -> None:
    kinds = defaultdict(int)
    for unique_id in demo_warehouse.node_statuses:
        kinds[unique_id.split(".")[0]] += 1
    assert kinds["model"] >= 60, kinds
    assert kinds["test"] >= 100, kinds
    # Every segment in the catalogue (built-in or a user's) has a unit test of its rule.
    tested_models = {unique_id.split(".")[2] for unique_id in demo_warehouse.node_statuses
                     if unique_id.startswith("unit_test.")}
    untested = sorted(f"seg_{segment_id}" for segment_id in _catalog_segments(demo_warehouse)
                      if f"seg_{segment_id}" not in tested_models)
    assert not untested, f"segments without a unit test: {untested}"


def test_every_segment_has_expected_members(demo_warehouse: Warehouse) -> None:
    """The demo data exercises every built-in segment, so every membership check below can
    fail; every segment of the fixture is in the catalogue (a user's segments, outside the
    fixture, are listed, not compared)."""
    missing = sorted(set(FIXTURE_SEGMENT_IDS) - set(_catalog_segments(demo_warehouse)))
    assert not missing, f"fixture names segments the project lacks: {missing}"
    empty = [segment_id for segment_id in ORACLE_SEGMENT_IDS
             if not EXPECTED_BY_SEGMENT.get(segment_id)]
    assert not empty, f"segments with no expected member in the fixture: {empty}"
    user_segments = _user_segment_ids(demo_warehouse)
    if user_segments:
        print(f"\nuser segments (covered by their unit tests, not the fixture): {user_segments}")


@pytest.mark.parametrize("segment_id", sorted(EXPECTED_BY_SEGMENT))
def test_segment_membership_matches_fixture(demo_warehouse: Warehouse, segment_id: str) -> None:
    rows = demo_warehouse.query(f"select contact_id from segments.seg_{segment_id}")
    actual = {(str(row[0]),) for row in rows}
    expected = EXPECTED_BY_SEGMENT[segment_id]
    assert actual == expected, f"seg_{segment_id}: " + describe_set_difference(expected, actual)


def test_memberships_table_matches_fixture(demo_warehouse: Warehouse) -> None:
    expected = {(row["contact_id"], row["segment_id"]) for row in EXPECTED_MEMBERSHIPS}
    covered = set(_spec_segment_ids(demo_warehouse))
    actual = {pair for pair in demo_warehouse.memberships() if pair[1] in covered}
    assert actual == expected, describe_set_difference(expected, actual)


def test_lifecycle_stages_match_fixture(demo_warehouse: Warehouse) -> None:
    expected = {
        (row["contact_id"], row["lifecycle_stage"])
        for row in read_csv_rows(FIXTURES_DIR / "expected_lifecycle_stages.csv")
    }
    actual = set(demo_warehouse.lifecycle().items())
    assert actual == expected, describe_set_difference(expected, actual)


def test_quarantine_counts_match_injected_bad_rows(demo_warehouse: Warehouse) -> None:
    expected = {
        (row["raw_table"], row["rule"], row["rejected_rows"])
        for row in read_csv_rows(FIXTURES_DIR / "expected_quarantine_counts.csv")
    }
    actual = {
        (raw_table, rule, str(rows))
        for raw_table, rule, rows in demo_warehouse.query(
            "select raw_table, rule_name, rows_rejected from data_quality.dq_rejections_by_rule"
            " where rows_rejected > 0"
        )
    }
    assert actual == expected, describe_set_difference(expected, actual)


# Rules the demo seeds cannot exercise, each exercised by tests/test_input_gates.py on a CSV
# input folder instead: row_unreadable (dbt's seed loader has decoded every seed row before
# staging reads it) and total_amount_invalid (added after the demo data; its fixtures would
# all have to be regenerated to hold one).
EXERCISED_BY_INPUT_GATE_TESTS = {("orders", "total_amount_invalid")} | {
    (table, "row_unreadable")
    for table in ("customers", "orders", "order_items", "products", "events", "subscribers",
                  "support_tickets")
}


def test_every_reject_rule_is_exercised(demo_warehouse: Warehouse) -> None:
    unexercised = set(demo_warehouse.query(
        "select raw_table, rule_name from data_quality.dq_rejections_by_rule"
        " where rows_rejected = 0"
    )) - EXERCISED_BY_INPUT_GATE_TESTS
    assert not unexercised, f"reject rules with no bad row in the demo data: {unexercised}"


def test_accepted_plus_rejected_equals_read(demo_warehouse: Warehouse) -> None:
    rows = demo_warehouse.query_dicts("select * from data_quality.dq_raw_table_summary")
    assert len(rows) == 7
    for row in rows:
        assert row["rows_accepted"] + row["rows_rejected"] == row["rows_read"], row
        assert row["rows_read"] > 0, row


def _as_comparable(value: Any, expected: str) -> str:
    """Render a warehouse value the way the persona fixture writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | float):
        places = len(expected.split(".")[1]) if "." in expected else 0
        return f"{Decimal(str(value)):.{places}f}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def test_persona_facts_match_hand_worked_values(demo_warehouse: Warehouse) -> None:
    expected_rows = read_csv_rows(FIXTURES_DIR / "persona_facts.csv")
    assert expected_rows, "persona fixture is empty"
    contacts = {row["contact_id"] for row in expected_rows}
    quoted = ", ".join(f"'{contact}'" for contact in sorted(contacts))
    facts = {
        row["contact_id"]: row
        for row in demo_warehouse.query_dicts(
            f"select * from marts.fct_contacts where contact_id in ({quoted})"
        )
    }
    assert set(facts) == contacts, f"personas missing from fct_contacts: {contacts - set(facts)}"
    mismatches = []
    for row in expected_rows:
        actual = _as_comparable(facts[row["contact_id"]][row["fact"]], row["expected_value"])
        if actual != row["expected_value"]:
            mismatches.append(
                f"{row['contact_id']}.{row['fact']}: expected {row['expected_value']!r},"
                f" got {actual!r}"
            )
    assert not mismatches, "\n".join(mismatches)
