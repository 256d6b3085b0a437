{#-
    For every pair of segments (segment_a < segment_b): members of each, members in both, and
    the Jaccard index (both / either; null when neither has members).
-#}
with

memberships as (

    select
        contact_id,
        segment_id
    from {{ ref('segment_memberships') }}

),

segments as (

    select segment_id from {{ ref('segment_catalog') }}

),

segment_sizes as (

    select
        segments.segment_id,
        count(memberships.contact_id) as member_count
    from segments
    left join memberships
        on segments.segment_id = memberships.segment_id
    group by segments.segment_id

),

shared_members as (

    select
        memberships_a.segment_id as segment_a,
        memberships_b.segment_id as segment_b,
        count(*) as members_in_both
    from memberships as memberships_a
    inner join memberships as memberships_b
        on
            memberships_a.contact_id = memberships_b.contact_id
            and memberships_a.segment_id < memberships_b.segment_id
    group by memberships_a.segment_id, memberships_b.segment_id

),

pairs as (

    select
        sizes_a.segment_id as segment_a,
        sizes_b.segment_id as segment_b,
        sizes_a.member_count as members_a,
        sizes_b.member_count as members_b
    from segment_sizes as sizes_a
    inner join segment_sizes as sizes_b
        on sizes_a.segment_id < sizes_b.segment_id

),

final as (

    select
        pairs.segment_a,
        pairs.segment_b,
        pairs.members_a,
        pairs.members_b,
        coalesce(shared_members.members_in_both, 0) as members_in_both,
        {{ ratio(
            'coalesce(shared_members.members_in_both, 0)',
            'pairs.members_a + pairs.members_b - coalesce(shared_members.members_in_both, 0)'
        ) }} as jaccard_index
    from pairs
    left join shared_members
        on
            pairs.segment_a = shared_members.segment_a
            and pairs.segment_b = shared_members.segment_b

)

select * from final
