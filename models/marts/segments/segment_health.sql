{#-
    One row per segment in segment_catalog: its size, its share of all contacts, the other
    segment it overlaps most (Jaccard index), and three advisory flags a marketer should
    look at before sending: too small (fewer than segment_health_min_members members), too
    broad (more than segment_health_max_share of all contacts) and a near duplicate (a
    Jaccard index above segment_health_max_jaccard with some other segment). Thresholds are
    compared exactly, on counts; the shares are for display. The warning tests in the YAML
    report the flagged segments; they never fail the build.
-#}
with

segments as (

    -- The member count, the share of all contacts and the contact count, as the catalog
    -- has them.
    select
        segment_id,
        member_count,
        member_share,
        contact_count
    from {{ ref('segment_catalog') }}

),

overlap as (

    select * from {{ ref('segment_overlap') }}

),

reporting_date as (

    -- Only the as-of date: the contacts are counted in segment_catalog.
    select max(as_of_date) as as_of_date
    from {{ ref('fct_contacts') }}

),

overlap_both_ways as (

    -- segment_overlap lists each pair once (segment_a < segment_b): here from both sides.
    select
        segment_a as segment_id,
        segment_b as other_segment_id,
        members_in_both,
        members_a + members_b - members_in_both as members_in_either
    from overlap
    union all
    select
        segment_b as segment_id,
        segment_a as other_segment_id,
        members_in_both,
        members_a + members_b - members_in_both as members_in_either
    from overlap

),

most_similar as (

    -- Per segment, the other segment with the highest Jaccard index (exact ties: the
    -- smaller segment id); none when the segment shares no member with any other.
    select
        segment_id,
        other_segment_id,
        members_in_both,
        members_in_either,
        row_number() over (
            partition by segment_id
            order by
                {{ ratio('members_in_both', 'members_in_either') }} desc,
                other_segment_id asc
        ) as similarity_rank
    from overlap_both_ways
    where members_in_both > 0

),

flagged as (

    select
        segments.segment_id,
        reporting_date.as_of_date,
        segments.member_count,
        segments.contact_count,
        segments.member_share,
        most_similar.other_segment_id as most_similar_segment_id,
        coalesce(most_similar.members_in_both, 0) as members_shared_with_most_similar,
        {{ ratio('most_similar.members_in_both', 'most_similar.members_in_either') }}
            as most_similar_jaccard_index,
        segments.member_count < {{ var_sql('segment_health_min_members') }}
            as is_below_min_members,
        segments.member_count
        > {{ exact_number(checked_var('segment_health_max_share')) }} * segments.contact_count
            as is_above_max_share,
        coalesce(
            most_similar.members_in_both
            > {{ exact_number(checked_var('segment_health_max_jaccard')) }}
            * most_similar.members_in_either,
            false
        ) as is_near_duplicate
    from segments
    cross join reporting_date
    left join most_similar
        on
            segments.segment_id = most_similar.segment_id
            and most_similar.similarity_rank = 1

),

final as (

    select
        *,
        case when is_below_min_members then 1 else 0 end
        + case when is_above_max_share then 1 else 0 end
        + case when is_near_duplicate then 1 else 0 end as health_issue_count
    from flagged

)

select * from final
