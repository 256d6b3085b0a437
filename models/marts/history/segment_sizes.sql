{#-
    One row per (as_of, segment): members at each as-of date D that was built (0 included for
    every segment in segment_catalog), and how many entered and exited at D. Same pre-hook
    as segment_membership_changes: re-running D replaces D, an earlier D rewinds later dates.
-#}
{{
    config(
        materialized=incremental_or_table(),
        incremental_strategy='append',
        full_refresh=history_full_refresh(),
        pre_hook="{{ history_rewind() }}",
    )
}}

with

reporting_period as (

    select as_of_date as as_of from {{ ref('int_reporting_period') }}

),

segments as (

    select segment_id from {{ ref('segment_catalog') }}

),

members as (

    select
        segment_id,
        count(*) as members
    from {{ ref('segment_memberships') }}
    group by segment_id

),

changes as (

    select
        segment_id,
        sum(case when change = 'entered' then 1 else 0 end) as entered,
        sum(case when change = 'exited' then 1 else 0 end) as exited
    from {{ ref('segment_membership_changes') }}
    where as_of = (select reporting_period.as_of from reporting_period)
    group by segment_id

),

final as (

    select
        reporting_period.as_of,
        segments.segment_id,
        coalesce(members.members, 0) as members,
        coalesce(changes.entered, 0) as entered,
        coalesce(changes.exited, 0) as exited
    from segments
    cross join reporting_period
    left join members
        on segments.segment_id = members.segment_id
    left join changes
        on segments.segment_id = changes.segment_id

)

select * from final
