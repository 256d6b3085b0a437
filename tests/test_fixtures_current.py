"""The committed fixtures are what the reference implementation says today.

If the demo data or the oracle changes, `make fixtures` must be re-run; this test catches a
stale fixture, and checks the oracle against the generator's own bad-row bookkeeping.
"""

from __future__ import annotations

from tests.dbt_harness import (
    DEMO_RAW_DIR,
    FIXTURES_DIR,
    REFERENCE_DIR,
    describe_set_difference,
    read_csv_rows,
)
from tests.oracle.oracle import compute


def test_membership_fixture_is_the_oracles_answer() -> None:
    result = compute(DEMO_RAW_DIR, REFERENCE_DIR)
    expected = {
        (row["contact_id"], row["segment_id"])
        for row in read_csv_rows(FIXTURES_DIR / "expected_segment_memberships.csv")
    }
    assert result.memberships == expected, describe_set_difference(expected, result.memberships)
    stages = {
        (row["contact_id"], row["lifecycle_stage"])
        for row in read_csv_rows(FIXTURES_DIR / "expected_lifecycle_stages.csv")
    }
    assert set(result.lifecycle.items()) == stages


def test_oracle_rejections_match_generator_bookkeeping() -> None:
    result = compute(DEMO_RAW_DIR, REFERENCE_DIR)
    expected = {
        (row["raw_table"], row["rule"], int(row["rejected_rows"]))
        for row in read_csv_rows(FIXTURES_DIR / "expected_quarantine_counts.csv")
    }
    actual = {(table, rule, rows) for (table, rule), rows in result.rejections.items() if rows}
    assert actual == expected, describe_set_difference(expected, actual)
