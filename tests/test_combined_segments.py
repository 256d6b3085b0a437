"""Segments built from segments (combine_segments, family `combined`).

seg_referral_candidates is the catalogue's example: in loyal_customers, in happy_customers
or big_spenders, in neither unhappy_customers nor high_maintenance, and can_email. Its
members and why-columns are computed here from the warehouse's own segment tables and
facts and compared as exact sets; the macro's refusal of an unknown segment id is checked
through `dbt compile --inline`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dbt_harness import Warehouse, describe_set_difference, run_dbt

ALL_OF = ["loyal_customers"]
ANY_OF = ["happy_customers", "big_spenders"]
NONE_OF = ["unhappy_customers", "high_maintenance"]


def _members(warehouse: Warehouse, segment_id: str) -> set[str]:
    return {str(row[0]) for row in warehouse.query(
        f"select contact_id from segments.seg_{segment_id}")}


def test_referral_candidates_combine_their_segments(demo_warehouse: Warehouse) -> None:
    in_segment = {segment_id: _members(demo_warehouse, segment_id)
                  for segment_id in ALL_OF + ANY_OF + NONE_OF}
    can_email = {str(row[0]) for row in demo_warehouse.query(
        "select contact_id from marts.fct_contacts where can_email")}
    candidates = set.intersection(*(in_segment[s] for s in ALL_OF))
    candidates &= set.union(*(in_segment[s] for s in ANY_OF))
    candidates -= set.union(*(in_segment[s] for s in NONE_OF))
    candidates &= can_email
    expected = {
        (contact_id, ", ".join(ALL_OF),
         ", ".join(s for s in ANY_OF if contact_id in in_segment[s]))
        for contact_id in candidates
    }
    # The demo data puts members in it, and one excluded part matters, so this can fail.
    assert expected, "no referral candidate on the demo data"
    assert (set.intersection(*(in_segment[s] for s in ALL_OF))
            & set.union(*(in_segment[s] for s in NONE_OF))), "no excluded loyal customer"
    actual = {tuple(str(value) for value in row) for row in demo_warehouse.query(
        "select contact_id, matched_all_of, matched_any_of"
        " from segments.seg_referral_candidates")}
    assert actual == expected, describe_set_difference(expected, actual)


def test_referral_candidates_in_the_catalogue(demo_warehouse: Warehouse) -> None:
    rows = demo_warehouse.query_dicts(
        "select family, why_columns, member_count from segments.segment_catalog"
        " where segment_id = 'referral_candidates'")
    assert len(rows) == 1, rows
    assert rows[0]["family"] == "combined"
    assert rows[0]["why_columns"] == "matched_all_of, matched_any_of"
    assert rows[0]["member_count"] == len(_members(demo_warehouse, "referral_candidates"))


@pytest.mark.parametrize(("call", "message"), [
    ("combine_segments(all_of=['no_such_segment'])",
     "combine_segments: 'no_such_segment' is not a segment of segment_registry()"),
    ("combine_segments(none_of=['loyal_customers'])",
     "combine_segments: give all_of or any_of"),
])
def test_combine_segments_refuses_a_bad_definition(
    tmp_path: Path, call: str, message: str
) -> None:
    result = run_dbt(tmp_path, ["compile", "--inline", "{{ " + call + " }}"])
    assert not result.success
    # dbt reports "Error parsing inline query" and logs the macro's message under it.
    log = (tmp_path / "logs" / "dbt.log").read_text()
    assert message in log, f"{result.exception}; not in the log: {message}"
