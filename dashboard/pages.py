"""One function per dashboard page; each draws from one snapshot of the serving file.

Numbers a reader (or a test) looks for are written as text (metrics, captions, small
tables), not only drawn: the interactive ``st.dataframe`` grid is painted on a canvas.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import charts, queries
from dashboard.serving import Snapshot

ALL_SEGMENTS = "(all segments)"
TOP_SEGMENTS_SHOWN = 5
CHANNEL_TITLES = {"email": "email", "sms": "SMS", "whatsapp": "WhatsApp"}


def count(value: int | float) -> str:
    return f"{int(value):,}"


def share(value: float | None) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{value:.1%}"


def jaccard(value: float | None) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{value:.3f}"


def segment_line(row: pd.Series) -> str:
    """The one-line summary of a segment shown under the catalogue's picker."""
    reach = ", ".join(
        f"{title} {count(row[name])}" for name, title in CHANNEL_TITLES.items()
        if name in row and not pd.isna(row[name])
    )
    return (
        f"**{row['segment_id']}** ({row['label']}, {row['family']}): "
        f"{count(row['member_count'])} members, {share(row['member_share'])} of contacts"
        + (f"; reachable by {reach}" if reach else "")
    )


def catalogue_page(snapshot: Snapshot) -> None:
    st.header("Segment catalogue")
    catalogue = queries.catalogue(snapshot)
    contacts = queries.contact_count(snapshot)
    largest = catalogue.iloc[0] if len(catalogue) else None
    left, middle, right = st.columns(3)
    left.metric("Segments", count(len(catalogue)))
    middle.metric("Contacts", count(contacts))
    right.metric(
        "Largest segment",
        count(largest["member_count"]) if largest is not None else "0",
        delta=str(largest["segment_id"]) if largest is not None else None,
        delta_color="off", delta_arrow="off",
    )
    if not len(catalogue):
        st.info("The catalogue is empty.")
        return
    segment_ids = list(catalogue["segment_id"])
    chosen = st.selectbox("Segment", segment_ids, key="segment", bind="query-params")
    row = catalogue[catalogue["segment_id"] == chosen].iloc[0]
    st.markdown(segment_line(row))
    st.caption(
        "Share is of all contacts; reachable counts the members who may be sent email, SMS "
        "or WhatsApp (their consent flags `can_email`, `can_sms`, `can_whatsapp`, as on "
        "every segment table)."
    )
    st.dataframe(
        catalogue,
        hide_index=True,
        column_config={
            "segment_id": "segment",
            "member_count": st.column_config.NumberColumn("members", format="%d"),
            "member_share": st.column_config.NumberColumn("share", format="percent"),
            "email": st.column_config.NumberColumn("email", format="%d"),
            "sms": st.column_config.NumberColumn("SMS", format="%d"),
            "whatsapp": st.column_config.NumberColumn("WhatsApp", format="%d"),
        },
    )
    st.altair_chart(charts.segment_sizes(catalogue), width="stretch")


def sizes_page(snapshot: Snapshot) -> None:
    st.header("Segment size over time")
    sizes = queries.segment_sizes(snapshot)
    if not len(sizes):
        st.info("No history in this serving file yet (history.segment_sizes).")
        return
    dates = sorted(sizes["as_of"].unique())
    latest = sizes[sizes["as_of"] == dates[-1]].sort_values(
        ["members", "segment_id"], ascending=[False, True]
    )
    st.markdown(
        f"The history holds **{len(dates)}** as-of date{'s' if len(dates) != 1 else ''}, "
        f"from {pd.Timestamp(dates[0]).date()} to {pd.Timestamp(dates[-1]).date()}."
    )
    options = sorted(sizes["segment_id"].unique())
    chosen = st.multiselect(
        "Segments", options, default=list(latest["segment_id"][:TOP_SEGMENTS_SHOWN]),
        key="sizes_segments",
    )
    shown = sizes[sizes["segment_id"].isin(chosen)]
    if len(shown):
        st.altair_chart(charts.size_over_time(shown), width="stretch")
    columns = ["segment_id", "members", "entered", "exited"]
    table = latest[latest["segment_id"].isin(chosen)][columns]
    st.subheader(f"At {pd.Timestamp(dates[-1]).date()}")
    st.table(table.set_index("segment_id"))


def changes_page(snapshot: Snapshot) -> None:
    st.header("Entered and exited per as-of date")
    catalogue = queries.catalogue(snapshot)
    chosen = st.selectbox(
        "Segment", [ALL_SEGMENTS, *sorted(catalogue["segment_id"])], key="changes_segment",
    )
    segment_id = None if chosen == ALL_SEGMENTS else str(chosen)
    changes = queries.membership_changes(snapshot, segment_id)
    if not len(changes):
        st.info("No membership changes in this serving file (history.segment_membership_changes).")
        return
    last = changes.iloc[-1]
    left, right = st.columns(2)
    left.metric(f"Entered at {pd.Timestamp(last['as_of']).date()}", count(last["entered"]))
    right.metric(f"Exited at {pd.Timestamp(last['as_of']).date()}", count(last["exited"]))
    st.altair_chart(charts.entered_exited(changes), width="stretch")
    st.caption(
        "The first as-of date built counts every member as entered. The same feed "
        "(history.segment_membership_changes) is what an email tool or ad platform syncs."
    )
    st.table(changes.assign(as_of=changes["as_of"].astype(str)).set_index("as_of"))


def overlap_page(snapshot: Snapshot) -> None:
    st.header("Segment overlap (Jaccard index)")
    pairs = queries.closest_pairs(snapshot)
    if len(pairs):
        top = pairs.iloc[0]
        st.markdown(
            f"Closest pair: **{top['segment_a']}** and **{top['segment_b']}**, Jaccard "
            f"{top['jaccard_index']:.3f} ({count(top['members_in_both'])} members in both)."
        )
    st.caption(
        "Jaccard index = members in both / members in either: 0 when two segments share "
        "nobody, 1 when they have the same members."
    )
    st.altair_chart(charts.overlap_heatmap(queries.overlap_matrix(snapshot)))
    st.subheader("Closest pairs")
    st.table(
        pairs.assign(jaccard_index=[jaccard(value) for value in pairs["jaccard_index"]])
        .set_index(["segment_a", "segment_b"])
    )
    issues = queries.health_issues(snapshot)
    st.subheader("Segment health flags")
    if len(issues):
        st.table(
            issues.assign(
                member_share=[share(value) for value in issues["member_share"]],
                jaccard=[jaccard(value) for value in issues["jaccard"]],
            ).set_index("segment_id")
        )
    else:
        st.markdown("No segment is flagged by segments.segment_health.")


def lifecycle_page(snapshot: Snapshot) -> None:
    st.header("Lifecycle stages")
    stages = queries.lifecycle(snapshot)
    total = int(stages["contacts"].sum())
    st.markdown(
        f"**{count(total)}** contacts, each in exactly one stage "
        "(segments.contact_segments.lifecycle_stage), from prospect to lapsed."
    )
    st.altair_chart(charts.lifecycle_funnel(stages), width="stretch")
    table = stages.assign(share=[share(value) for value in stages["share"]])
    st.table(table[["lifecycle_stage", "contacts", "share"]].set_index("lifecycle_stage"))


def quality_page(snapshot: Snapshot) -> None:
    st.header("Data quality")
    tables = queries.raw_table_quality(snapshot)
    rules = queries.rejections_by_rule(snapshot)
    left, middle, right = st.columns(3)
    left.metric("Rows read", count(tables["rows_read"].sum()))
    middle.metric("Rows accepted", count(tables["rows_accepted"].sum()))
    right.metric("Rows rejected", count(tables["rows_rejected"].sum()))
    st.subheader("Per raw table")
    st.table(tables.set_index("raw_table"))
    st.altair_chart(charts.reject_share(tables), width="stretch")
    st.subheader("Rejected rows per rule")
    rejected = rules[rules["rows_rejected"] > 0]
    if len(rejected):
        st.altair_chart(charts.rejections_by_rule(rules), width="stretch")
        st.table(rejected.set_index(["raw_table", "rule_name"]))
    else:
        st.markdown("No row was rejected.")
    st.caption(
        "Counts of the build this file was published from (data_quality.dq_raw_table_summary "
        "and dq_rejections_by_rule); the rejected rows themselves are in "
        "data_quality.dq_quarantine. Earlier builds' counts are not kept in the serving file."
    )


def predictive_page(snapshot: Snapshot) -> None:
    st.header("Predictive value: CLV and RFM")
    if not queries.has_predictive(snapshot):
        st.info("No predictive tables in this serving file (predictive.clv_scores, rfm_scores).")
        return
    scores = queries.clv_scores(snapshot)
    scored = scores[scores["predicted_clv"].notna()]
    left, middle, right = st.columns(3)
    left.metric("Purchasers scored", count(len(scores)))
    middle.metric("With a predicted CLV", count(len(scored)))
    right.metric(
        "Median predicted CLV",
        f"{scored['predicted_clv'].median():,.2f}" if len(scored) else "n/a",
    )
    if len(scored):
        st.subheader("Predicted CLV over the horizon")
        st.altair_chart(charts.clv_distribution(scores), width="stretch")
        st.subheader("P(alive)")
        st.altair_chart(charts.p_alive_distribution(scores), width="stretch")
    else:
        st.markdown("No purchaser has a predicted CLV (the fit did not converge).")
    groups = queries.rfm_groups(snapshot)
    if len(groups):
        st.subheader("RFM groups")
        st.altair_chart(charts.rfm_groups(groups), width="stretch")
        st.table(
            groups.assign(mean_revenue=[f"{value:,.2f}" for value in groups["mean_revenue"]])
            .set_index("rfm_group")
        )


@dataclass(frozen=True)
class Page:
    title: str
    render: Callable[[Snapshot], None]


PAGES: dict[str, Page] = {
    "catalogue": Page("Segment catalogue", catalogue_page),
    "sizes": Page("Size over time", sizes_page),
    "changes": Page("Entered / exited", changes_page),
    "overlap": Page("Overlap", overlap_page),
    "lifecycle": Page("Lifecycle funnel", lifecycle_page),
    "quality": Page("Data quality", quality_page),
    "predictive": Page("CLV and RFM", predictive_page),
}
