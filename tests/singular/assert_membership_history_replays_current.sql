{#-
    Replaying segment_membership_changes up to the current as-of date D gives exactly
    segment_memberships, and segment_sizes at D counts the same members and D's changes.
    Fails with every (contact, segment) on one side only and every segment whose size row
    disagrees.
-#}
with

reporting_period as (

    select as_of_date as as_of from {{ ref('int_reporting_period') }}

),

latest_changes as (

    select
        changes.contact_id,
        changes.segment_id,
        changes.change,
        row_number() over (
            partition by changes.contact_id, changes.segment_id
            order by changes.as_of desc
        ) as recency
    from {{ ref('segment_membership_changes') }} as changes
    where changes.as_of <= (select reporting_period.as_of from reporting_period)

),

replayed as (

    select
        contact_id,
        segment_id
    from latest_changes
    where recency = 1 and change = 'entered'

),

memberships as (

    select
        contact_id,
        segment_id
    from {{ ref('segment_memberships') }}

),

pair_differences as (

    select
        coalesce(replayed.segment_id, memberships.segment_id) as segment_id,
        coalesce(replayed.contact_id, memberships.contact_id) as contact_id,
        case
            when memberships.contact_id is null then 'replayed only'
            else 'segment_memberships only'
        end as problem
    from replayed
    full outer join memberships
        on
            replayed.contact_id = memberships.contact_id
            and replayed.segment_id = memberships.segment_id
    where replayed.contact_id is null or memberships.contact_id is null

),

expected_sizes as (

    select
        segment_id,
        count(*) as members
    from memberships
    group by segment_id

),

changes_at_d as (

    select
        segment_id,
        sum(case when change = 'entered' then 1 else 0 end) as entered,
        sum(case when change = 'exited' then 1 else 0 end) as exited
    from {{ ref('segment_membership_changes') }}
    where as_of = (select reporting_period.as_of from reporting_period)
    group by segment_id

),

size_differences as (

    select
        sizes.segment_id,
        cast(null as {{ dbt.type_string() }}) as contact_id,
        'segment_sizes disagrees' as problem
    from {{ ref('segment_sizes') }} as sizes
    left join expected_sizes
        on sizes.segment_id = expected_sizes.segment_id
    left join changes_at_d
        on sizes.segment_id = changes_at_d.segment_id
    where
        sizes.as_of = (select reporting_period.as_of from reporting_period)
        and (
            sizes.members != coalesce(expected_sizes.members, 0)
            or sizes.entered != coalesce(changes_at_d.entered, 0)
            or sizes.exited != coalesce(changes_at_d.exited, 0)
        )

)

select * from pair_differences
union all
select * from size_differences
