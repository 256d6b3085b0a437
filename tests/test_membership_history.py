"""Membership history (schema ``history``) across builds for consecutive as-of dates.

One warehouse directory is built six times, in this order:
1-3. as_of 2026-06-28, 2026-06-29, 2026-06-30 (segment_memberships captured after each);
4.   as_of 2026-06-30 again (must change nothing);
5.   ``--full-refresh`` at 2026-06-30 (must keep the history);
6.   reset_history true at 2026-06-30 (history restarts at 2026-06-30).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from tests.dbt_harness import Warehouse, build_warehouse, describe_set_difference

pytestmark = pytest.mark.slow

DATES = [date(2026, 6, 28), date(2026, 6, 29), date(2026, 6, 30)]
LAST = DATES[-1]

# The history tables (schema `history`) and the columns compared, row for row.
HISTORY_TABLES: dict[str, list[str]] = {
    "segment_membership_changes": [
        "as_of", "contact_id", "contact_kind", "segment_id", "change", "why_values",
    ],
    "segment_membership_history": [
        "contact_id", "segment_id", "contact_kind", "valid_from", "valid_to", "is_current",
        "why_values",
    ],
    "segment_sizes": ["as_of", "segment_id", "members", "entered", "exited"],
}

Rows = list[tuple[Any, ...]]


@dataclass
class Snapshot:
    """The history tables after one build, rows sorted."""

    tables: dict[str, Rows]

    @classmethod
    def of(cls, warehouse: Warehouse) -> Snapshot:
        return cls({
            table: sorted(
                warehouse.query(f"select {', '.join(columns)} from history.{table}"), key=repr
            )
            for table, columns in HISTORY_TABLES.items()
        })

    def dicts(self, table: str) -> list[dict[str, Any]]:
        columns = HISTORY_TABLES[table]
        return [dict(zip(columns, row, strict=True)) for row in self.tables[table]]

    @property
    def changes(self) -> list[dict[str, Any]]:
        return self.dicts("segment_membership_changes")

    @property
    def history(self) -> list[dict[str, Any]]:
        return self.dicts("segment_membership_history")

    @property
    def sizes(self) -> list[dict[str, Any]]:
        return self.dicts("segment_sizes")


@dataclass
class Runs:
    memberships: dict[date, dict[tuple[str, str], str]] = field(default_factory=dict)
    catalog: set[str] = field(default_factory=set)
    after: dict[str, Snapshot] = field(default_factory=dict)


def _memberships(warehouse: Warehouse) -> dict[tuple[str, str], str]:
    rows = warehouse.query(
        "select contact_id, segment_id, why_values from segments.segment_memberships"
    )
    return {(contact_id, segment_id): why for contact_id, segment_id, why in rows}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    workdir = Path(tmp_path_factory.mktemp("history"))
    result = Runs()
    for as_of in DATES:
        warehouse = build_warehouse(workdir, {"as_of": as_of.isoformat()})
        as_of_built = warehouse.query("select distinct as_of from segments.segment_memberships")
        assert as_of_built == [(as_of,)], as_of_built
        result.memberships[as_of] = _memberships(warehouse)
    result.catalog = {row[0] for row in warehouse.query(
        "select segment_id from segments.segment_catalog"
    )}
    result.after["three dates"] = Snapshot.of(warehouse)
    last_vars = {"as_of": LAST.isoformat()}
    result.after["same date again"] = Snapshot.of(build_warehouse(workdir, last_vars))
    result.after["full refresh"] = Snapshot.of(
        build_warehouse(workdir, last_vars, flags=["--full-refresh"])
    )
    reset = build_warehouse(workdir, {**last_vars, "reset_history": True})
    result.after["reset"] = Snapshot.of(reset)
    assert _memberships(reset) == result.memberships[LAST]
    return result


def _replay(changes: list[dict[str, Any]], as_of: date) -> dict[tuple[str, str], str]:
    """Members at ``as_of``: pairs whose latest change on or before it is 'entered'."""
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for row in sorted(changes, key=lambda row: row["as_of"]):
        if row["as_of"] <= as_of:
            latest[(row["contact_id"], row["segment_id"])] = row
    return {pair: row["why_values"] for pair, row in latest.items()
            if row["change"] == "entered"}


def _members_from_intervals(history: list[dict[str, Any]], as_of: date) -> set[tuple[str, str]]:
    return {
        (row["contact_id"], row["segment_id"]) for row in history
        if row["valid_from"] <= as_of and (row["valid_to"] is None or as_of < row["valid_to"])
    }


def test_the_demo_dates_have_entries_and_exits(runs: Runs) -> None:
    """Otherwise the checks below could pass on a history that never changes."""
    changes = runs.after["three dates"].changes
    counts = Counter((row["as_of"], row["change"]) for row in changes)
    for as_of in DATES[1:]:
        assert counts[(as_of, "entered")] > 0, counts
        assert counts[(as_of, "exited")] > 0, counts
    assert counts[(DATES[0], "entered")] == len(runs.memberships[DATES[0]]), counts
    assert counts[(DATES[0], "exited")] == 0, counts


def test_replaying_changes_reproduces_each_dates_memberships(runs: Runs) -> None:
    changes = runs.after["three dates"].changes
    history = runs.after["three dates"].history
    for as_of in DATES:
        expected = runs.memberships[as_of]
        replayed = _replay(changes, as_of)
        assert set(replayed) == set(expected), f"{as_of}: " + describe_set_difference(
            set(expected), set(replayed)
        )
        from_intervals = _members_from_intervals(history, as_of)
        assert from_intervals == set(expected), f"{as_of} (intervals): " + (
            describe_set_difference(set(expected), from_intervals)
        )
        # an entry records the why-values of that date's build
        entered = {(row["contact_id"], row["segment_id"]): row["why_values"]
                   for row in changes if row["as_of"] == as_of and row["change"] == "entered"}
        wrong = {pair: (why, expected[pair]) for pair, why in entered.items()
                 if why != expected[pair]}
        assert not wrong, f"{as_of}: entered why_values differ from segment_memberships: {wrong}"


def test_exits_carry_the_why_values_of_the_entry(runs: Runs) -> None:
    changes = runs.after["three dates"].changes
    last_entry: dict[tuple[str, str], str] = {}
    exits = 0
    for row in sorted(changes, key=lambda row: row["as_of"]):
        pair = (row["contact_id"], row["segment_id"])
        if row["change"] == "entered":
            last_entry[pair] = row["why_values"]
        else:
            exits += 1
            assert row["why_values"] == last_entry[pair], row
    assert exits > 0


def test_rerunning_the_same_as_of_changes_nothing(runs: Runs) -> None:
    before, after = runs.after["three dates"], runs.after["same date again"]
    for name in HISTORY_TABLES:
        assert after.tables[name] == before.tables[name], name


def test_full_refresh_keeps_the_history(runs: Runs) -> None:
    before, after = runs.after["three dates"], runs.after["full refresh"]
    dates = {row["as_of"] for row in after.changes}
    assert dates == set(DATES), dates
    for name in HISTORY_TABLES:
        assert after.tables[name] == before.tables[name], name


def test_reset_history_restarts_at_the_as_of_date(runs: Runs) -> None:
    reset = runs.after["reset"]
    changes = reset.changes
    assert {row["as_of"] for row in changes} == {LAST}
    assert {row["change"] for row in changes} == {"entered"}
    expected = runs.memberships[LAST]
    assert {(row["contact_id"], row["segment_id"]): row["why_values"] for row in changes} \
        == expected
    assert {row["as_of"] for row in reset.sizes} == {LAST}
    history = reset.history
    assert {row["valid_from"] for row in history} == {LAST}
    assert all(row["valid_to"] is None and row["is_current"] for row in history)
    assert len(history) == len(expected)


@pytest.mark.parametrize("snapshot", ["three dates", "reset"])
def test_sizes_count_the_memberships(runs: Runs, snapshot: str) -> None:
    sizes = runs.after[snapshot].sizes
    changes = runs.after[snapshot].changes
    dates = DATES if snapshot == "three dates" else [LAST]
    assert {row["as_of"] for row in sizes} == set(dates)
    for as_of in dates:
        rows = {row["segment_id"]: row for row in sizes if row["as_of"] == as_of}
        assert set(rows) == runs.catalog, as_of
        members = Counter(segment for _, segment in runs.memberships[as_of])
        moves = Counter((row["segment_id"], row["change"]) for row in changes
                        if row["as_of"] == as_of)
        for segment_id, row in rows.items():
            assert row["members"] == members[segment_id], (as_of, row)
            assert row["entered"] == moves[(segment_id, "entered")], (as_of, row)
            assert row["exited"] == moves[(segment_id, "exited")], (as_of, row)


@pytest.mark.parametrize("snapshot", ["three dates", "reset"])
def test_intervals_never_overlap(runs: Runs, snapshot: str) -> None:
    by_pair: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in runs.after[snapshot].history:
        by_pair[(row["contact_id"], row["segment_id"])].append(row)
    closed = sum(row["valid_to"] is not None for rows in by_pair.values() for row in rows)
    assert closed > 0 or snapshot == "reset"
    for pair, intervals in by_pair.items():
        intervals.sort(key=lambda row: row["valid_from"])
        for earlier, later in pairwise(intervals):
            assert earlier["valid_to"] is not None, (pair, intervals)
            assert earlier["valid_to"] <= later["valid_from"], (pair, intervals)
        for row in intervals:
            assert row["valid_to"] is None or row["valid_from"] < row["valid_to"], row
            assert row["is_current"] == (row["valid_to"] is None), row
        assert sum(row["is_current"] for row in intervals) <= 1, (pair, intervals)
