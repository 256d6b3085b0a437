"""The predictive segments (family predictive_value) against their rules, computed here.

high_value_predicted, at_risk_valuable and likely_to_order_soon read the CLV scores
(predictive.clv_scores, checked against scripts/clv.py in tests/test_clv_warehouse.py) and
fct_contacts. They are not in the spec's catalogue, so the exact-membership fixture of the
oracle does not cover them: this file does, by applying each rule as its YAML documents it,
in Python, to the warehouse's own scores and facts, and comparing exact sets of members
(and of why-values) with the segment tables and with segment_memberships.

Two builds: the demo warehouse with every var at its default, and a copy of it in which
only the three segments and their dependants are rebuilt with other thresholds (so each
boundary moves).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.dbt_harness import (
    PASSING_STATUSES,
    PROJECT_DIR,
    Warehouse,
    describe_set_difference,
    failure_report,
    node_statuses,
    run_dbt,
)

FAMILY = "predictive_value"
SEGMENT_VARS = ("high_value_share", "at_risk_max_p_alive", "likely_to_order_days")
# Each boundary moves: a larger share, a looser P(alive), a longer window.
ALTERNATIVE_VARS = {"high_value_share": 0.5, "at_risk_max_p_alive": 0.9,
                    "likely_to_order_days": 90}

SCORES_SQL = """
select
    contacts.contact_id,
    scores.predicted_clv,
    scores.p_alive,
    scores.expected_next_order_date,
    contacts.as_of_date,
    contacts.lifetime_net_revenue,
    contacts.purchaser_count,
    contacts.purchasers_net_revenue
from predictive.clv_scores as scores
join marts.fct_contacts as contacts using (contact_id)
"""

Members = set[tuple[Any, ...]]


def _vars_in_effect(warehouse: Warehouse) -> dict[str, Decimal]:
    defaults = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]
    return {name: Decimal(str(warehouse.vars.get(name, defaults[name])))
            for name in SEGMENT_VARS}


def _high_value_predicted(rows: list[dict[str, Any]], v: dict[str, Decimal]) -> Members:
    """Top share of purchasers by predicted CLV, ties by contact_id; rank <= share x all
    purchasers (those without a CLV count, but are never in)."""
    scored = sorted((row for row in rows if row["predicted_clv"] is not None),
                    key=lambda row: (-row["predicted_clv"], row["contact_id"]))
    limit = v["high_value_share"] * len(rows)
    return {(row["contact_id"], row["predicted_clv"], rank)
            for rank, row in enumerate(scored, start=1) if rank <= limit}


def _at_risk_valuable(rows: list[dict[str, Any]], v: dict[str, Decimal]) -> Members:
    """P(alive) below the var and lifetime revenue strictly above the mean over purchasers."""
    return {(row["contact_id"], row["p_alive"], row["lifetime_net_revenue"]) for row in rows
            if row["p_alive"] is not None and row["p_alive"] < v["at_risk_max_p_alive"]
            and row["lifetime_net_revenue"] * row["purchaser_count"]
            > row["purchasers_net_revenue"]}


def _likely_to_order_soon(rows: list[dict[str, Any]], v: dict[str, Decimal]) -> Members:
    """Expected next order date on or before D + likely_to_order_days."""
    window = timedelta(days=int(v["likely_to_order_days"]))
    return {(row["contact_id"], row["expected_next_order_date"], row["p_alive"])
            for row in rows if row["expected_next_order_date"] is not None
            and row["expected_next_order_date"] <= row["as_of_date"] + window}


RULES: dict[str, tuple[Callable[[list[dict[str, Any]], dict[str, Decimal]], Members], str]] = {
    "high_value_predicted": (_high_value_predicted,
                             "contact_id, predicted_clv, predicted_clv_rank"),
    "at_risk_valuable": (_at_risk_valuable, "contact_id, p_alive, lifetime_net_revenue"),
    "likely_to_order_soon": (_likely_to_order_soon,
                             "contact_id, expected_next_order_date, p_alive"),
}


@pytest.fixture(scope="module")
def alternative_warehouse(
    demo_warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory
) -> Warehouse:
    """A copy of the demo warehouse with the three segments (and what reads them) rebuilt on
    ALTERNATIVE_VARS."""
    workdir = Path(tmp_path_factory.mktemp("predictive_alternative"))
    shutil.copy(demo_warehouse.path, workdir / "warehouse.duckdb")
    # The segments and what reads them (memberships, catalogue, health, history), so the
    # build's own checks see one consistent warehouse.
    selection = " ".join(f"seg_{segment_id}+" for segment_id in RULES)
    result = run_dbt(workdir, ["build", "--select", selection], ALTERNATIVE_VARS)
    statuses = node_statuses(result)
    failed = {node: status for node, status in statuses.items()
              if status not in PASSING_STATUSES}
    assert result.success and not failed, failure_report(result)
    return Warehouse(path=workdir / "warehouse.duckdb", workdir=workdir,
                     vars=ALTERNATIVE_VARS, node_statuses=statuses)


def _check_segment(warehouse: Warehouse, segment_id: str) -> None:
    rule, columns = RULES[segment_id]
    expected = rule(warehouse.query_dicts(SCORES_SQL), _vars_in_effect(warehouse))
    # The demo data puts someone in each segment at both settings, so the check can fail.
    assert expected, f"{segment_id}: no member expected on the demo data"
    actual = set(warehouse.query(f"select {columns} from segments.seg_{segment_id}"))
    assert actual == expected, f"seg_{segment_id}: " + describe_set_difference(
        expected, actual)
    in_memberships = {(contact_id,) for contact_id, segment in warehouse.memberships()
                      if segment == segment_id}
    assert in_memberships == {(row[0],) for row in expected}, (
        f"segment_memberships for {segment_id}: "
        + describe_set_difference({(row[0],) for row in expected}, in_memberships))


@pytest.mark.parametrize("segment_id", sorted(RULES))
def test_segment_follows_its_rule(demo_warehouse: Warehouse, segment_id: str) -> None:
    _check_segment(demo_warehouse, segment_id)


@pytest.mark.parametrize("segment_id", sorted(RULES))
def test_segment_follows_its_rule_with_other_vars(
    alternative_warehouse: Warehouse, segment_id: str
) -> None:
    _check_segment(alternative_warehouse, segment_id)


def test_other_vars_move_every_boundary(
    demo_warehouse: Warehouse, alternative_warehouse: Warehouse
) -> None:
    """Every alternative var lets more purchasers in (the vars reach the SQL)."""
    for segment_id in RULES:
        sql = f"select count(*) from segments.seg_{segment_id}"
        ((default_count,),) = demo_warehouse.query(sql)
        ((alternative_count,),) = alternative_warehouse.query(sql)
        assert alternative_count > default_count, (segment_id, default_count,
                                                   alternative_count)


def test_catalogue_lists_exactly_the_predictive_segments(demo_warehouse: Warehouse) -> None:
    """Every catalogue row of the family is checked here; the spec's segments are checked
    against the oracle's fixture in tests/test_demo_warehouse.py."""
    rows = demo_warehouse.query_dicts(
        f"select segment_id, label, purpose, rule, vars, why_columns"
        f" from segments.segment_catalog where family = '{FAMILY}'")
    assert {row["segment_id"] for row in rows} == set(RULES)
    for row in rows:
        assert row["label"] and row["purpose"] and row["rule"], row
        why_columns = RULES[row["segment_id"]][1].split(", ")[1:]
        assert row["why_columns"] == ", ".join(why_columns), row


def test_high_value_share_is_of_all_purchasers(demo_warehouse: Warehouse) -> None:
    """The documented boundary: no more than the share of purchasers, ranks 1..n."""
    ((purchasers,),) = demo_warehouse.query("select count(*) from predictive.clv_scores")
    ranks = sorted(row[0] for row in demo_warehouse.query(
        "select predicted_clv_rank from segments.seg_high_value_predicted"))
    share = _vars_in_effect(demo_warehouse)["high_value_share"]
    assert ranks == list(range(1, len(ranks) + 1))
    assert len(ranks) <= share * purchasers < len(ranks) + 1


def test_next_order_dates_are_in_the_future(demo_warehouse: Warehouse) -> None:
    """likely_to_order_soon reads dates on or after D (the score never predicts the past)."""
    rows = demo_warehouse.query(
        "select as_of_date, expected_next_order_date from predictive.clv_scores"
        " where expected_next_order_date is not null")
    assert rows and all(isinstance(day, date) and day >= as_of for as_of, day in rows)
