"""segment_health on the demo warehouse equals a computation from segment_memberships.

Independently of the SQL: per segment, its members (from segment_memberships), the share of
all contacts, the other segment with the highest Jaccard index (exact fractions; ties: the
smaller id) and the three flags at the segment_health_* vars in effect (dbt_project.yml's
defaults unless the build set them). Each warning test warns exactly when some segment has
its flag.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from typing import Any

import yaml

from tests.dbt_harness import PROJECT_DIR, Warehouse, describe_set_difference

HEALTH_VARS = ("segment_health_min_members", "segment_health_max_share",
               "segment_health_max_jaccard")
FLAG_TESTS = {
    "is_below_min_members": "segment_health_min_members",
    "is_above_max_share": "segment_health_max_share",
    "is_near_duplicate": "segment_health_near_duplicates",
}


def _vars_in_effect(warehouse: Warehouse) -> dict[str, Fraction]:
    defaults = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]
    return {name: Fraction(Decimal(str(warehouse.vars.get(name, defaults[name]))))
            for name in HEALTH_VARS}


def _expected_health(warehouse: Warehouse) -> set[tuple[Any, ...]]:
    limits = _vars_in_effect(warehouse)
    ((contact_count,),) = warehouse.query("select count(*) from marts.fct_contacts")
    members: dict[str, set[str]] = defaultdict(set)
    for segment_id, contact_id in warehouse.query(
            "select segment_id, contact_id from segments.segment_memberships"):
        members[segment_id].add(contact_id)
    segment_ids = [row[0] for row in warehouse.query(
        "select segment_id from segments.segment_catalog")]
    expected = set()
    for segment_id in segment_ids:
        own = members[segment_id]
        candidates = sorted(
            (-Fraction(len(own & members[other_id]), len(own | members[other_id])), other_id)
            for other_id in segment_ids
            if other_id != segment_id and own & members[other_id]
        )  # highest index first; exact ties: the smaller id
        best = (-candidates[0][0], candidates[0][1]) if candidates else None
        expected.add((
            segment_id,
            len(own),
            best[1] if best else None,
            len(own) < limits["segment_health_min_members"],
            len(own) > limits["segment_health_max_share"] * contact_count,
            best is not None and best[0] > limits["segment_health_max_jaccard"],
        ))
    return expected


def test_segment_health_matches_memberships(demo_warehouse: Warehouse) -> None:
    actual = set(demo_warehouse.query(
        "select segment_id, member_count, most_similar_segment_id, is_below_min_members,"
        " is_above_max_share, is_near_duplicate from segments.segment_health"))
    expected = _expected_health(demo_warehouse)
    assert actual == expected, describe_set_difference(actual, expected)


def test_health_warnings_warn_exactly_when_a_segment_is_flagged(
    demo_warehouse: Warehouse,
) -> None:
    for flag, test_name in FLAG_TESTS.items():
        ((flagged,),) = demo_warehouse.query(
            f"select count(*) from segments.segment_health where {flag}")
        statuses = [status for unique_id, status in demo_warehouse.node_statuses.items()
                    if unique_id.startswith("test.") and unique_id.split(".")[2] == test_name]
        assert statuses == ["warn" if flagged else "pass"], (test_name, flagged, statuses)
