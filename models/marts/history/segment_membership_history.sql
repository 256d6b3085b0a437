{#-
    One row per membership interval (contact, segment, valid_from), rebuilt on every run from
    segment_membership_changes: from an 'entered' (valid_from) to the pair's next change,
    which is its 'exited' (valid_to), or open (valid_to null) while the contact is still in.
    Intervals are half-open: a member on day T when valid_from <= T < valid_to.
-#}
{{
    config(
        materialized='table',
    )
}}

with

changes as (

    select
        contact_id,
        contact_kind,
        segment_id,
        as_of,
        change,
        why_values
    from {{ ref('segment_membership_changes') }}

),

sequenced as (

    select
        contact_id,
        contact_kind,
        segment_id,
        as_of,
        change,
        why_values,
        lead(change) over (
            partition by contact_id, segment_id
            order by as_of
        ) as next_change,
        lead(as_of) over (
            partition by contact_id, segment_id
            order by as_of
        ) as next_as_of
    from changes

),

final as (

    select
        contact_id,
        segment_id,
        contact_kind,
        as_of as valid_from,
        case when next_change = 'exited' then next_as_of end as valid_to,
        coalesce(next_change != 'exited', true) as is_current,
        why_values
    from sequenced
    where change = 'entered'

)

select * from final
