"""The RFM scores and groups (predictive.rfm_scores) on the demo warehouse.

The scores and groups are computed again here, in Python, from the warehouse's own
fct_contacts (the facts the model reads), following the rules the model's YAML documents:

- a purchaser is a contact with at least one valid order (order_count > 0);
- a score is 1 + floor(5 (rank - 1) / purchasers), where a value's rank is 1 + the number of
  purchasers with a strictly lower value (rank(): equal values share the lowest rank);
  recency ranks days_since_last_order from the longest ago, so more recent scores higher;
- FM is the mean of the F and M scores rounded half up; the group is the first rule of
  _group_rules that matches, with the rfm_* vars at dbt_project.yml's defaults.

Both sides are compared as exact sets of rows; contact_segments must carry the group for
every purchaser and null for everyone else. Which groups the demo data happens to populate
is not asserted: that depends on the data and the vars (a shop's own data can leave a group
empty). That every rule is exercised is checked on the rfm_scores unit tests instead, whose
purchasers are chosen for it; and the groups here are the ones the model's YAML documents.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import yaml

from tests.dbt_harness import PROJECT_DIR, Warehouse, describe_set_difference

GROUPS = ("champions", "loyal", "potential_loyalists", "new", "promising", "need_attention",
          "about_to_sleep", "cannot_lose", "at_risk", "hibernating", "lost")
PREDICTIVE_DIR = PROJECT_DIR / "models" / "marts" / "predictive"
RFM_VARS = ("rfm_champion_min_recency_score", "rfm_champion_min_fm_score",
            "rfm_loyal_min_recency_score", "rfm_loyal_min_fm_score",
            "rfm_cannot_lose_min_fm_score", "rfm_at_risk_min_fm_score")

Rule = Callable[[int, int], bool]


def _vars_in_effect(warehouse: Warehouse) -> dict[str, int]:
    defaults = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]
    return {name: int(warehouse.vars.get(name, defaults[name])) for name in RFM_VARS}


def _group_rules(v: dict[str, int]) -> list[tuple[str, Rule]]:
    """(group, rule of R and FM) in the order they are tried; the first match wins."""
    return [
        ("champions", lambda r, fm: r >= v["rfm_champion_min_recency_score"]
         and fm >= v["rfm_champion_min_fm_score"]),
        ("loyal", lambda r, fm: r >= v["rfm_loyal_min_recency_score"]
         and fm >= v["rfm_loyal_min_fm_score"]),
        ("potential_loyalists", lambda r, fm: r >= 4 and fm >= 2),
        ("new", lambda r, fm: r >= 5),
        ("promising", lambda r, fm: r >= 4),
        ("need_attention", lambda r, fm: r >= 3 and fm >= 3),
        ("about_to_sleep", lambda r, fm: r >= 3),
        ("cannot_lose", lambda r, fm: r <= 1 and fm >= v["rfm_cannot_lose_min_fm_score"]),
        ("at_risk", lambda r, fm: fm >= v["rfm_at_risk_min_fm_score"]),
        ("hibernating", lambda r, fm: r >= 2 and fm >= 2),
        ("lost", lambda r, fm: True),
    ]


def _quintile_scores(values: dict[str, Any]) -> dict[str, int]:
    """1 + floor(5 (rank - 1) / n), rank = 1 + the count of strictly lower values."""
    ordered = sorted(values.values())
    n = len(ordered)
    lower_counts: dict[Any, int] = {}
    for position, value in enumerate(ordered):
        lower_counts.setdefault(value, position)
    return {key: 1 + (5 * lower_counts[value]) // n for key, value in values.items()}


def _expected_rows(warehouse: Warehouse) -> set[tuple[Any, ...]]:
    contacts = warehouse.query_dicts(
        "select contact_id, order_count, lifetime_net_revenue, days_since_last_order"
        " from marts.fct_contacts where order_count > 0")
    # Recency: fewer days = more recent = higher; ranking the negated days ranks from the
    # longest ago.
    recency = _quintile_scores({c["contact_id"]: -c["days_since_last_order"] for c in contacts})
    frequency = _quintile_scores({c["contact_id"]: c["order_count"] for c in contacts})
    monetary = _quintile_scores(
        {c["contact_id"]: Decimal(c["lifetime_net_revenue"]) for c in contacts})
    rules = _group_rules(_vars_in_effect(warehouse))
    rows = set()
    for contact in contacts:
        key = contact["contact_id"]
        r, f, m = recency[key], frequency[key], monetary[key]
        fm = (f + m + 1) // 2
        group = next(name for name, rule in rules if rule(r, fm))
        rows.add((key, contact["days_since_last_order"], contact["order_count"],
                  Decimal(contact["lifetime_net_revenue"]), r, f, m, fm, f"{r}{f}{m}", group))
    return rows


def test_rfm_scores_and_groups_equal_an_independent_computation(
    demo_warehouse: Warehouse,
) -> None:
    expected = _expected_rows(demo_warehouse)
    actual = {
        (row[0], row[1], row[2], Decimal(row[3]), *row[4:])
        for row in demo_warehouse.query(
            "select contact_id, recency_days, frequency, monetary, recency_score,"
            " frequency_score, monetary_score, fm_score, rfm_score, rfm_group"
            " from predictive.rfm_scores")
    }
    assert actual == expected, describe_set_difference(expected, actual)


def test_groups_are_the_documented_rules_in_order() -> None:
    """GROUPS and the rules above are rfm_scores' meta.rfm_groups, in the same order."""
    models = yaml.safe_load((PREDICTIVE_DIR / "_predictive__models.yml").read_text())["models"]
    (rfm_scores,) = [model for model in models if model["name"] == "rfm_scores"]
    documented = [rule["group"] for rule in rfm_scores["config"]["meta"]["rfm_groups"]]
    defaults = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]
    rules = _group_rules({name: int(defaults[name]) for name in RFM_VARS})
    assert documented == list(GROUPS) == [name for name, _ in rules]


def test_unit_tests_put_a_purchaser_in_every_group() -> None:
    """Every group rule is exercised by some rfm_scores unit test (whatever the demo data)."""
    unit_tests = yaml.safe_load(
        (PREDICTIVE_DIR / "_predictive__unit_tests.yml").read_text())["unit_tests"]
    expected_groups = {
        row["rfm_group"]
        for test in unit_tests if test["model"] == "rfm_scores"
        for row in test["expect"]["rows"] if "rfm_group" in row
    }
    assert expected_groups == set(GROUPS), sorted(set(GROUPS) - expected_groups)


def test_rfm_as_of_date_is_the_reporting_period(demo_warehouse: Warehouse) -> None:
    dates = demo_warehouse.query("select distinct as_of_date from predictive.rfm_scores")
    assert dates == demo_warehouse.query(
        "select as_of_date from intermediate.int_reporting_period")


def test_every_purchaser_has_one_group_and_non_purchasers_none(
    demo_warehouse: Warehouse,
) -> None:
    purchasers = {(row[0],) for row in demo_warehouse.query(
        "select contact_id from marts.fct_contacts where order_count > 0")}
    scored = demo_warehouse.query("select contact_id, rfm_group from predictive.rfm_scores")
    assert len(scored) == len({row[0] for row in scored}), "a purchaser has several rows"
    assert {(row[0],) for row in scored} == purchasers, describe_set_difference(
        purchasers, {(row[0],) for row in scored})
    assert all(row[1] in GROUPS for row in scored), sorted(
        {row[1] for row in scored} - set(GROUPS))

    segments = demo_warehouse.query(
        "select contact_id, rfm_group from segments.contact_segments")
    grouped = {(row[0], row[1]) for row in segments if row[1] is not None}
    ungrouped = {(row[0],) for row in segments if row[1] is None}
    assert grouped == {(row[0], row[1]) for row in scored}, describe_set_difference(
        {(row[0], row[1]) for row in scored}, grouped)
    non_purchasers = {(row[0],) for row in demo_warehouse.query(
        "select contact_id from marts.fct_contacts where order_count = 0")}
    assert non_purchasers, "the demo should have contacts without a valid order"
    assert ungrouped == non_purchasers, describe_set_difference(non_purchasers, ungrouped)


def test_every_group_is_a_segment_with_exactly_its_purchasers(demo_warehouse: Warehouse) -> None:
    """The rfm family of the catalogue: one seg_rfm_<group> per group, holding exactly the
    purchasers rfm_scores puts in that group, with their scores as why-columns."""
    catalogued = {row[0] for row in demo_warehouse.query(
        "select segment_id from segments.segment_catalog where family = 'rfm'")}
    assert catalogued == {f"rfm_{group}" for group in GROUPS}, catalogued
    columns = "contact_id, recency_score, frequency_score, monetary_score, fm_score, rfm_score"
    for group in GROUPS:
        expected = set(demo_warehouse.query(
            f"select {columns} from predictive.rfm_scores where rfm_group = '{group}'"))
        actual = set(demo_warehouse.query(f"select {columns} from segments.seg_rfm_{group}"))
        assert actual == expected, f"seg_rfm_{group}: " + describe_set_difference(
            expected, actual)
