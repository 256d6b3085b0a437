"""The dashboard's pages, run by Streamlit's AppTest (no browser) on the demo serving file.

Every number asserted is worked out in tests/dashboard_harness.py from the serving file
itself (member counts from the membership rows, Jaccard from the membership sets, rejected
rows from the quarantine), never written here as a literal.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard_harness import (
    APP,
    PAGE_HEADERS,
    PAGE_IDS,
    SEGMENT,
    Expected,
    count,
    expected_from,
    publish,
)
from tests.dbt_harness import Warehouse

TIMEOUT = 60.0


@pytest.fixture(scope="module")
def expected(demo_serving: Path) -> Expected:
    return expected_from(demo_serving)


def run_page(serving: Path, page_id: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("DBT_SERVING_PATH", str(serving))
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    app.query_params["page"] = page_id
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    assert not app.error, [item.value for item in app.error]
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {item.label: str(item.value) for item in app.metric}


def texts(app: AppTest) -> str:
    return "\n".join(str(item.value) for item in app.markdown)


# Not named `page`: pytest-playwright would take a test with a `page` argument for one of
# its browser tests.
@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_every_page_shows_the_build_it_reads(
    page_id: str, demo_serving: Path, expected: Expected, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page(demo_serving, page_id, monkeypatch)
    assert [item.value for item in app.header] == [PAGE_HEADERS[page_id]]
    (banner,) = [str(item.value) for item in app.info]
    assert f"Serving file version {expected.version} " in banner, banner
    assert f"build {expected.build_invocation_id} " in banner, banner
    assert f"as of {expected.published_as_of.isoformat()} " in banner, banner
    assert app.get("vega_lite_chart"), f"page {page_id} draws no chart"


def test_catalogue_lists_every_segment_with_its_members(
    demo_serving: Path, expected: Expected, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page(demo_serving, "catalogue", monkeypatch)
    shown = metrics(app)
    largest, largest_members = expected.largest
    assert shown["Segments"] == count(expected.segment_count)
    assert shown["Contacts"] == count(expected.contact_count)
    assert shown["Largest segment"] == count(largest_members)
    table = app.dataframe[0].value
    assert len(table) == expected.segment_count
    assert dict(zip(table["segment_id"], table["member_count"], strict=True)) == expected.members
    reach = {
        segment: (int(email), int(sms), int(whatsapp))
        for segment, email, sms, whatsapp in zip(
            table["segment_id"], table["email"], table["sms"], table["whatsapp"], strict=True
        )
    }
    assert reach == expected.reach
    # The picker starts at the largest segment; picking another shows its line.
    assert f"**{largest}** " in texts(app)
    app.selectbox(key="segment").set_value(SEGMENT).run()
    line = texts(app)
    email, sms, whatsapp = expected.reach[SEGMENT]
    share = expected.members[SEGMENT] / expected.contact_count
    assert f"**{SEGMENT}** " in line
    assert f"{count(expected.members[SEGMENT])} members, {share:.1%} of contacts" in line, line
    assert f"email {count(email)}, SMS {count(sms)}, WhatsApp {count(whatsapp)}" in line, line


def test_history_pages_show_the_dates_and_changes(
    demo_serving: Path, expected: Expected, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes = run_page(demo_serving, "sizes", monkeypatch)
    dates = expected.history_dates
    assert (
        f"The history holds **{len(dates)}** as-of date{'s' if len(dates) != 1 else ''}, "
        f"from {dates[0].isoformat()} to {dates[-1].isoformat()}."
    ) in texts(sizes)
    latest_table = sizes.table[0].value
    assert {
        segment: int(members) for segment, members in latest_table["members"].items()
    }.items() <= expected.members.items()

    changes = run_page(demo_serving, "changes", monkeypatch)
    shown = metrics(changes)
    assert shown[f"Entered at {dates[-1].isoformat()}"] == count(expected.latest_entered)
    assert shown[f"Exited at {dates[-1].isoformat()}"] == count(expected.latest_exited)
    changes.selectbox(key="changes_segment").set_value(SEGMENT).run()
    per_segment = metrics(changes)
    # The demo history starts at the last as-of date: every member entered then.
    if len(dates) == 1:
        assert per_segment[f"Entered at {dates[-1].isoformat()}"] == count(
            expected.members[SEGMENT]
        )


def test_overlap_names_the_closest_pair(
    demo_serving: Path, expected: Expected, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page(demo_serving, "overlap", monkeypatch)
    first, second, jaccard, both = expected.closest_pair
    assert (
        f"Closest pair: **{first}** and **{second}**, Jaccard {jaccard:.3f} "
        f"({count(both)} members in both)."
    ) in texts(app)


def test_lifecycle_funnel_counts_every_contact_once(
    demo_serving: Path, expected: Expected, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page(demo_serving, "lifecycle", monkeypatch)
    table = app.table[0].value
    shown = {stage: int(contacts) for stage, contacts in table["contacts"].items() if contacts}
    assert shown == expected.lifecycle
    assert list(table.index) == ["prospect", "new", "active", "loyal", "at_risk", "lapsed"]
    assert f"**{count(expected.contact_count)}** contacts" in texts(app)


def test_data_quality_counts_rows_read_and_rejected(
    demo_serving: Path, expected: Expected, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page(demo_serving, "quality", monkeypatch)
    shown = metrics(app)
    assert shown["Rows read"] == count(expected.rows_read)
    assert shown["Rows rejected"] == count(expected.rows_rejected)
    assert shown["Rows accepted"] == count(expected.rows_read - expected.rows_rejected)
    per_table = app.table[0].value
    assert {
        table: int(rejected) for table, rejected in per_table["rows_rejected"].items() if rejected
    } == expected.rejected_by_table


def test_predictive_page_shows_clv_and_rfm(
    demo_serving: Path, expected: Expected, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page(demo_serving, "predictive", monkeypatch)
    shown = metrics(app)
    assert shown["Purchasers scored"] == count(expected.purchasers_scored)
    assert shown["With a predicted CLV"] == count(expected.purchasers_with_clv)
    assert shown["Median predicted CLV"] == f"{expected.median_clv:,.2f}"
    groups = app.table[0].value
    assert {group: int(n) for group, n in groups["purchasers"].items()} == expected.rfm_groups


def test_a_missing_serving_file_says_how_to_make_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "nothing-here" / "serving.duckdb"
    monkeypatch.setenv("DBT_SERVING_PATH", str(missing))
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not app.exception, [item.value for item in app.exception]
    (message,) = [str(item.value) for item in app.error]
    assert "\n" not in message
    assert str(missing) in message
    assert "make build" in message and "make publish" in message
    assert not app.metric and not app.header and not app.get("vega_lite_chart")


def test_a_republished_file_is_read_on_the_next_rerun(
    demo_warehouse: Warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refresh publishes while the dashboard is open: the next rerun shows the new version,
    even while another connection in the same process still holds the old one open."""
    serving = tmp_path / "serving.duckdb"
    first = publish(demo_warehouse, serving)
    monkeypatch.setenv("DBT_SERVING_PATH", str(serving))
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert f"Serving file version {first} " in str(app.info[0].value)

    held = duckdb.connect(str(serving), read_only=True)  # e.g. another session, or a BI tool
    try:
        second = publish(demo_warehouse, serving)
        assert second == first + 1
        app.button[0].click().run()  # Reload
        assert not app.exception, [item.value for item in app.exception]
        assert f"Serving file version {second} " in str(app.info[0].value)
        # The held connection still reads the version it opened: the dashboard does not
        # share it (its snapshot is a fresh DuckDB instance per render).
        row = held.execute("select max(version) from publish_manifest").fetchone()
        assert row is not None and row[0] == first
    finally:
        held.close()


def test_a_page_whose_tables_are_not_published_says_so(
    demo_warehouse: Warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A serving file published with fewer schemas: pages that need them say so in one line
    (or show that the optional ones are absent), never a traceback."""
    serving = tmp_path / "serving.duckdb"
    publish(demo_warehouse, serving, "--schemas", "segments")
    monkeypatch.setenv("DBT_SERVING_PATH", str(serving))
    for page_id in PAGE_IDS:
        app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        app.query_params["page"] = page_id
        app.run()
        assert not app.exception, (page_id, [item.value for item in app.exception])
        errors = [str(item.value) for item in app.error]
        if page_id == "quality":
            (message,) = errors
            assert "data_quality" in message and "make publish" in message, message
        else:
            assert errors == [], (page_id, errors)
