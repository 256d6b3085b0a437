{#-
    Sessions started before the cutoff, attributed to the contact of their device, summed
    per contact over the fixed 30- and 90-day windows, and the first one.
-#}
with

sessions as (

    select * from {{ ref('int_sessions_built') }}

),

devices_linked as (

    select
        anonymous_id,
        contact_id
    from {{ ref('int_devices_linked') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

sessions_attributed as (

    select
        sessions.*,
        devices_linked.contact_id
    from sessions
    inner join devices_linked
        on sessions.anonymous_id = devices_linked.anonymous_id
    inner join reporting_period
        on sessions.started_at < reporting_period.cutoff_at

),

sessions_windowed as (

    select
        sessions_attributed.*,
        sessions_attributed.started_at
        >= {{ dbt.dateadd('day', -30, 'reporting_period.cutoff_at') }} as is_in_last_30_days,
        sessions_attributed.started_at
        >= {{ dbt.dateadd('day', -90, 'reporting_period.cutoff_at') }} as is_in_last_90_days
    from sessions_attributed
    cross join reporting_period

),

aggregated as (

    -- Counts, and the first session (by started_at, then session_id) in the same pass.
    select
        contact_id,
        count(*) as sessions_total,
        sum(case when is_in_last_30_days then 1 else 0 end) as sessions_30d,
        sum(case when is_in_last_90_days then 1 else 0 end) as sessions_90d,
        count(distinct case when is_in_last_30_days then started_date end) as active_days_30d,
        sum(case when is_in_last_90_days and device_type = 'mobile' then 1 else 0 end)
            as mobile_sessions_90d,
        sum(case when is_in_last_90_days and device_type = 'desktop' then 1 else 0 end)
            as desktop_sessions_90d,
        sum(case when is_in_last_90_days and device_type = 'tablet' then 1 else 0 end)
            as tablet_sessions_90d,
        min(started_at) as first_session_at,
        {{ earliest_value('traffic_source', ['started_at', 'session_id']) }}
            as first_traffic_source,
        {{ earliest_value('device_type', ['started_at', 'session_id']) }} as first_device_type
    from sessions_windowed
    group by contact_id

),

final as (

    select * from aggregated

)

select * from final
