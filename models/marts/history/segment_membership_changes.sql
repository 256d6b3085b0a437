{#-
    One row per (as_of, contact, segment, change): who entered and who exited each segment at
    each as-of date D that was built. Before D the pair's state is its latest change with
    as_of < D ('entered' = member); entered = members at D that were not members before,
    exited = members before D that are not members at D. The pre-hook deletes rows with
    as_of >= D first, so re-running D replaces D and running an earlier D rewinds later dates.
    `change` is a keyword to sqlfluff (RF04, hence the noqa) but not a reserved word in
    DuckDB; an engine that reserves it (MySQL) would need it quoted.
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

memberships as (

    select
        contact_id,
        contact_kind,
        segment_id,
        why_values
    from {{ ref('segment_memberships') }}

),

{% if is_incremental() %}
recorded_changes as (

    select
        recorded.contact_id,
        recorded.contact_kind,
        recorded.segment_id,
        recorded.change,
        recorded.why_values,
        row_number() over (
            partition by recorded.contact_id, recorded.segment_id
            order by recorded.as_of desc
        ) as recency
    from {{ this }} as recorded
    where recorded.as_of < (select reporting_period.as_of from reporting_period)

),

prior_members as (

    -- the pairs whose latest change before D is 'entered', with the why of that entry
    select
        contact_id,
        contact_kind,
        segment_id,
        why_values
    from recorded_changes
    where recency = 1 and change = 'entered'

),
{% else %}
prior_members as (

    -- no history yet: nobody was a member before D
    select
        contact_id,
        contact_kind,
        segment_id,
        why_values
    from memberships
    where 1 = 0

),
{% endif %}

entered as (

    select
        reporting_period.as_of,
        memberships.contact_id,
        memberships.contact_kind,
        memberships.segment_id,
        'entered' as change,  -- noqa: RF04
        memberships.why_values
    from memberships
    cross join reporting_period
    left join prior_members
        on
            memberships.contact_id = prior_members.contact_id
            and memberships.segment_id = prior_members.segment_id
    where prior_members.contact_id is null

),

exited as (

    select
        reporting_period.as_of,
        prior_members.contact_id,
        prior_members.contact_kind,
        prior_members.segment_id,
        'exited' as change,  -- noqa: RF04
        prior_members.why_values
    from prior_members
    cross join reporting_period
    left join memberships
        on
            prior_members.contact_id = memberships.contact_id
            and prior_members.segment_id = memberships.segment_id
    where memberships.contact_id is null

),

final as (

    select * from entered
    union all
    select * from exited

)

select * from final
