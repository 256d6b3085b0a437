"""Altair charts for the dashboard pages (rendered by Streamlit's bundled Vega-Lite)."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

ROW_HEIGHT = 22  # pixels per bar or heatmap row: every label fits
LABEL_LIMIT = 220


def label_axis(**options: Any) -> alt.Axis:
    """An axis of segment (or rule) names: every label shown, long ones up to 220 px."""
    return alt.Axis(labelLimit=LABEL_LIMIT, labelOverlap=False, **options)


def segment_sizes(catalogue: pd.DataFrame) -> alt.Chart:
    """Members per segment, largest first, coloured by family."""
    return (
        alt.Chart(catalogue)
        .mark_bar()
        .encode(
            x=alt.X("member_count:Q", title="members"),
            y=alt.Y("segment_id:N", sort="-x", title=None,
                    axis=label_axis()),
            color=alt.Color("family:N", title="family", legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("segment_id:N", title="segment"),
                alt.Tooltip("label:N"),
                alt.Tooltip("member_count:Q", title="members", format=","),
                alt.Tooltip("member_share:Q", title="share of contacts", format=".1%"),
            ],
        )
        .properties(height=max(len(catalogue), 1) * ROW_HEIGHT)
    )


def size_over_time(sizes: pd.DataFrame) -> alt.Chart:
    """Members per as-of date, one line per segment (points, so one date still shows)."""
    return (
        alt.Chart(sizes)
        .mark_line(point=True)
        .encode(
            x=alt.X("as_of:T", title="as-of date", axis=alt.Axis(format="%Y-%m-%d")),
            y=alt.Y("members:Q", title="members"),
            color=alt.Color("segment_id:N", title="segment"),
            tooltip=[
                alt.Tooltip("as_of:T", title="as of"),
                alt.Tooltip("segment_id:N", title="segment"),
                alt.Tooltip("members:Q", format=","),
                alt.Tooltip("entered:Q", format=","),
                alt.Tooltip("exited:Q", format=","),
            ],
        )
        .properties(height=320)
    )


def entered_exited(changes: pd.DataFrame) -> alt.Chart:
    """Entered (up) and exited (down) per as-of date."""
    frame = changes.assign(
        as_of=changes["as_of"].astype(str), exited=-changes["exited"].astype("int64")
    )
    long = frame.melt(
        id_vars=["as_of"], value_vars=["entered", "exited"], var_name="change",
        value_name="contacts",
    )
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("as_of:O", title="as-of date"),
            y=alt.Y("contacts:Q", title="contacts (exited below zero)"),
            color=alt.Color(
                "change:N",
                scale=alt.Scale(domain=["entered", "exited"], range=["#2e7d32", "#c62828"]),
            ),
            tooltip=["as_of:O", "change:N", alt.Tooltip("contacts:Q", format=",")],
        )
        .properties(height=320)
    )


def overlap_heatmap(matrix: pd.DataFrame) -> alt.Chart:
    """Jaccard index of every pair of segments, 0 (disjoint) to 1 (same members)."""
    size = max(matrix["segment_a"].nunique(), 1) * ROW_HEIGHT
    return (
        alt.Chart(matrix)
        .mark_rect()
        .encode(
            x=alt.X("segment_b:N", title=None,
                    axis=label_axis(labelAngle=-60)),
            y=alt.Y("segment_a:N", title=None, axis=label_axis()),
            color=alt.Color(
                "jaccard_index:Q", title="Jaccard", scale=alt.Scale(scheme="blues", domain=[0, 1])
            ),
            tooltip=[
                alt.Tooltip("segment_a:N", title="segment"),
                alt.Tooltip("segment_b:N", title="and"),
                alt.Tooltip("members_in_both:Q", title="members in both", format=","),
                alt.Tooltip("jaccard_index:Q", title="Jaccard", format=".3f"),
            ],
        )
        .properties(width=size, height=size)
    )


def lifecycle_funnel(stages: pd.DataFrame) -> alt.LayerChart:
    """Contacts per lifecycle stage as centred bars, in journey order."""
    frame = stages.assign(
        left=-stages["contacts"] / 2, right=stages["contacts"] / 2,
        label=[
            f"{stage}: {count:,} ({share:.0%})"
            for stage, count, share in zip(
                stages["lifecycle_stage"], stages["contacts"], stages["share"], strict=True
            )
        ],
    )
    order = list(frame["lifecycle_stage"])
    base = alt.Chart(frame).encode(y=alt.Y("lifecycle_stage:N", sort=order, title=None))
    bars = base.mark_bar().encode(
        x=alt.X("left:Q", axis=None),
        x2="right:Q",
        color=alt.Color("lifecycle_stage:N", sort=order, legend=None),
        tooltip=["lifecycle_stage:N", alt.Tooltip("contacts:Q", format=","),
                 alt.Tooltip("share:Q", format=".1%")],
    )
    labels = base.mark_text(color="black", fontWeight="bold").encode(
        x=alt.datum(0), text="label:N"
    )
    return alt.layer(bars, labels).properties(height=len(frame) * 48)


def rejections_by_rule(rules: pd.DataFrame) -> alt.Chart:
    rejected = rules[rules["rows_rejected"] > 0].assign(
        rule=lambda frame: frame["raw_table"] + "." + frame["rule_name"]
    )
    return (
        alt.Chart(rejected)
        .mark_bar()
        .encode(
            x=alt.X("rows_rejected:Q", title="rows rejected"),
            y=alt.Y("rule:N", sort="-x", title=None, axis=label_axis()),
            color=alt.Color("raw_table:N", title="raw table"),
            tooltip=["raw_table:N", "rule_name:N", alt.Tooltip("rows_rejected:Q", format=",")],
        )
        .properties(height=max(len(rejected), 1) * ROW_HEIGHT)
    )


def reject_share(tables: pd.DataFrame) -> alt.Chart:
    frame = tables.assign(
        rejected_share=tables["rows_rejected"] / tables["rows_read"].where(tables["rows_read"] > 0)
    )
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("rejected_share:Q", title="share of rows rejected", axis=alt.Axis(format="%")),
            y=alt.Y("raw_table:N", sort="-x", title=None),
            tooltip=[
                "raw_table:N",
                alt.Tooltip("rows_read:Q", format=","),
                alt.Tooltip("rows_accepted:Q", format=","),
                alt.Tooltip("rows_rejected:Q", format=","),
                alt.Tooltip("rejected_share:Q", format=".2%"),
            ],
        )
        .properties(height=max(len(frame), 1) * ROW_HEIGHT * 1.5)
    )


def clv_distribution(scores: pd.DataFrame) -> alt.Chart:
    scored = scores[scores["predicted_clv"].notna()]
    return (
        alt.Chart(scored)
        .mark_bar()
        .encode(
            x=alt.X("predicted_clv:Q", bin=alt.Bin(maxbins=30), title="predicted CLV"),
            y=alt.Y("count():Q", title="purchasers"),
            tooltip=[alt.Tooltip("count():Q", title="purchasers")],
        )
        .properties(height=280)
    )


def p_alive_distribution(scores: pd.DataFrame) -> alt.Chart:
    scored = scores[scores["p_alive"].notna()]
    return (
        alt.Chart(scored)
        .mark_bar()
        .encode(
            x=alt.X("p_alive:Q", bin=alt.Bin(maxbins=20), title="P(alive)"),
            y=alt.Y("count():Q", title="purchasers"),
        )
        .properties(height=280)
    )


def rfm_groups(groups: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(groups)
        .mark_bar()
        .encode(
            x=alt.X("purchasers:Q"),
            y=alt.Y("rfm_group:N", sort="-x", title=None),
            tooltip=["rfm_group:N", "purchasers:Q",
                     alt.Tooltip("mean_revenue:Q", title="mean revenue", format=",.2f")],
        )
        .properties(height=max(len(groups), 1) * ROW_HEIGHT * 1.2)
    )
