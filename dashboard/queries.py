"""The dashboard's queries: each reads one snapshot of the serving file into a DataFrame."""

from __future__ import annotations

import pandas as pd

from dashboard.serving import Snapshot

# The lifecycle stages in the order a contact moves through them (the model assigns them
# first match wins: prospect, new, loyal, lapsed, at_risk, active; each contact has one).
LIFECYCLE_ORDER = ("prospect", "new", "active", "loyal", "at_risk", "lapsed")
CHANNELS = ("can_email", "can_sms", "can_whatsapp")


def catalogue(snapshot: Snapshot) -> pd.DataFrame:
    """One row per segment: id, label, family, members, share, and who each channel reaches.

    The reach per channel counts the members whose consent flag (``can_email``, ``can_sms``,
    ``can_whatsapp`` of marts.fct_contacts, as on every segment table) is true; null when
    marts is not published.
    """
    frame = snapshot.frame(
        """
        select segment_id, label, family, member_count, member_share
        from segments.segment_catalog
        order by member_count desc, segment_id
        """
    )
    reach = channel_reach(snapshot)
    frame = frame.merge(reach, on="segment_id", how="left")
    if len(reach):  # a segment without members reaches nobody
        names = [channel.removeprefix("can_") for channel in CHANNELS]
        frame[names] = frame[names].fillna(0).astype("int64")
    return frame.reset_index(drop=True)


def channel_reach(snapshot: Snapshot) -> pd.DataFrame:
    """Members per segment that each channel may reach."""
    names = [channel.removeprefix("can_") for channel in CHANNELS]
    if not (
        snapshot.has_table("segments", "segment_memberships")
        and snapshot.has_table("marts", "fct_contacts")
    ):
        return pd.DataFrame(columns=["segment_id", *names])
    counts = ", ".join(
        f"count(*) filter (where contacts.{channel}) as {name}"
        for channel, name in zip(CHANNELS, names, strict=True)
    )
    return snapshot.frame(
        f"""
        select memberships.segment_id, {counts}
        from segments.segment_memberships as memberships
        inner join marts.fct_contacts as contacts
            on memberships.contact_id = contacts.contact_id
        group by memberships.segment_id
        """
    )


def contact_count(snapshot: Snapshot) -> int:
    return int(snapshot.scalar("select count(*) from segments.contact_segments") or 0)


def segment_sizes(snapshot: Snapshot) -> pd.DataFrame:
    """Members, entered and exited per (as-of date, segment), from the history."""
    if not snapshot.has_table("history", "segment_sizes"):
        return pd.DataFrame(columns=["as_of", "segment_id", "members", "entered", "exited"])
    return snapshot.frame(
        """
        select as_of, segment_id, members::bigint as members, entered::bigint as entered,
            exited::bigint as exited
        from history.segment_sizes
        order by as_of, segment_id
        """
    )


def membership_changes(snapshot: Snapshot, segment_id: str | None = None) -> pd.DataFrame:
    """Contacts who entered and exited per as-of date (one segment, or all of them)."""
    columns = ["as_of", "entered", "exited"]
    if not snapshot.has_table("history", "segment_membership_changes"):
        return pd.DataFrame(columns=columns)
    where = "where segment_id = ?" if segment_id else ""
    return snapshot.frame(
        f"""
        select as_of,
            count(*) filter (where change = 'entered') as entered,
            count(*) filter (where change = 'exited') as exited
        from history.segment_membership_changes
        {where}
        group by as_of
        order by as_of
        """,
        [segment_id] if segment_id else [],
    )


def overlap_matrix(snapshot: Snapshot) -> pd.DataFrame:
    """Jaccard index for every ordered pair of segments (the table holds a < b only)."""
    return snapshot.frame(
        """
        with pairs as (
            select segment_a, segment_b, members_in_both, jaccard_index
            from segments.segment_overlap
        )
        select segment_a, segment_b, members_in_both, jaccard_index from pairs
        union all
        select segment_b, segment_a, members_in_both, jaccard_index from pairs
        union all
        select segment_id, segment_id, member_count,
            case when member_count > 0 then 1.0 end
        from segments.segment_catalog
        order by segment_a, segment_b
        """
    )


def closest_pairs(snapshot: Snapshot, limit: int = 10) -> pd.DataFrame:
    return snapshot.frame(
        """
        select segment_a, segment_b, members_a, members_b, members_in_both, jaccard_index
        from segments.segment_overlap
        where members_in_both > 0
        order by jaccard_index desc, segment_a, segment_b
        limit ?
        """,
        [limit],
    )


def health_issues(snapshot: Snapshot) -> pd.DataFrame:
    if not snapshot.has_table("segments", "segment_health"):
        return pd.DataFrame()
    return snapshot.frame(
        """
        select segment_id, member_count, member_share,
            most_similar_segment_id, most_similar_jaccard_index as jaccard,
            is_below_min_members, is_above_max_share, is_near_duplicate
        from segments.segment_health
        where health_issue_count > 0
        order by health_issue_count desc, segment_id
        """
    )


def lifecycle(snapshot: Snapshot) -> pd.DataFrame:
    """Contacts per lifecycle stage, in journey order (every stage, zero counts too)."""
    counts = snapshot.frame(
        """
        select lifecycle_stage, count(*) as contacts
        from segments.contact_segments
        group by lifecycle_stage
        """
    )
    known = pd.DataFrame({"lifecycle_stage": list(LIFECYCLE_ORDER)})
    frame = known.merge(counts, on="lifecycle_stage", how="outer")
    frame["contacts"] = frame["contacts"].fillna(0).astype("int64")
    order = {stage: index for index, stage in enumerate(LIFECYCLE_ORDER)}
    frame["step"] = frame["lifecycle_stage"].map(order).fillna(len(order)).astype("int64")
    total = int(frame["contacts"].sum())
    frame["share"] = frame["contacts"] / total if total else 0.0
    return frame.sort_values(["step", "lifecycle_stage"]).reset_index(drop=True)


def raw_table_quality(snapshot: Snapshot) -> pd.DataFrame:
    return snapshot.frame(
        """
        select raw_table, rows_read, rows_accepted::bigint as rows_accepted,
            rows_rejected::bigint as rows_rejected,
            rows_out_of_scope::bigint as rows_out_of_scope
        from data_quality.dq_raw_table_summary
        order by rows_read desc, raw_table
        """
    )


def rejections_by_rule(snapshot: Snapshot) -> pd.DataFrame:
    """Rows rejected per (raw table, rule), every declared rule (zero counts too)."""
    return snapshot.frame(
        """
        select raw_table, rule_name, rows_rejected
        from data_quality.dq_rejections_by_rule
        order by rows_rejected desc, raw_table, rule_order, rule_name
        """
    )


def has_predictive(snapshot: Snapshot) -> bool:
    return snapshot.has_table("predictive", "clv_scores") or snapshot.has_table(
        "predictive", "rfm_scores"
    )


def clv_scores(snapshot: Snapshot) -> pd.DataFrame:
    if not snapshot.has_table("predictive", "clv_scores"):
        return pd.DataFrame(columns=["contact_id", "p_alive", "predicted_clv"])
    return snapshot.frame(
        """
        select contact_id, p_alive, expected_purchases, predicted_clv
        from predictive.clv_scores
        order by contact_id
        """
    )


def rfm_groups(snapshot: Snapshot) -> pd.DataFrame:
    if not snapshot.has_table("predictive", "rfm_scores"):
        return pd.DataFrame(columns=["rfm_group", "purchasers"])
    return snapshot.frame(
        """
        select rfm_group, count(*) as purchasers, round(avg(monetary), 2)::double as mean_revenue
        from predictive.rfm_scores
        group by rfm_group
        order by purchasers desc, rfm_group
        """
    )
