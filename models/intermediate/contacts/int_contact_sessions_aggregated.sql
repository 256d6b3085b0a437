{#-
    Sessions started before the cutoff, attributed to the contact of their device, summed
    per contact over the fixed 30- and 90-day windows, and the first one. Aggregated from
    compact state: the all-time counts and the first session from one row per device
    (int_device_sessions_aggregated; a device with sessions after the cutoff, none when the
    as-of date is the latest activity, is aggregated again from its sessions before it),
    the windows from the sessions of the last 90 days.
-#}
with

device_sessions as (

    select * from {{ ref('int_device_sessions_aggregated') }}

),

sessions as (

    select
        anonymous_id,
        session_id,
        started_at,
        started_date,
        device_type,
        traffic_source
    from {{ ref('int_sessions_built') }}

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

devices_in_scope as (

    -- Every session of the device started before the cutoff.
    select
        device_sessions.anonymous_id,
        device_sessions.sessions_total,
        device_sessions.first_session_at,
        device_sessions.first_session_id,
        device_sessions.first_traffic_source,
        device_sessions.first_device_type
    from device_sessions
    inner join reporting_period
        on device_sessions.last_started_at < reporting_period.cutoff_at

),

devices_partly_in_scope as (

    -- The device has sessions from the cutoff on: its sessions before it, aggregated as
    -- int_device_sessions_aggregated does.
    select
        sessions.anonymous_id,
        {{ device_first_session_aggregates('sessions') | indent(8) }}
    from sessions
    inner join device_sessions
        on sessions.anonymous_id = device_sessions.anonymous_id
    inner join reporting_period
        on
            device_sessions.last_started_at >= reporting_period.cutoff_at
            and sessions.started_at < reporting_period.cutoff_at
    group by sessions.anonymous_id

),

devices_scoped as (

    select * from devices_in_scope
    union all
    select * from devices_partly_in_scope

),

aggregated as (

    -- The counts, and the first session (by started_at, then session_id) of all devices.
    select
        devices_linked.contact_id,
        cast(sum(devices_scoped.sessions_total) as {{ dbt.type_bigint() }}) as sessions_total,
        min(devices_scoped.first_session_at) as first_session_at,
        {{ earliest_value(
            'devices_scoped.first_traffic_source',
            ['devices_scoped.first_session_at', 'devices_scoped.first_session_id']) }}
            as first_traffic_source,
        {{ earliest_value(
            'devices_scoped.first_device_type',
            ['devices_scoped.first_session_at', 'devices_scoped.first_session_id']) }}
            as first_device_type
    from devices_scoped
    inner join devices_linked
        on devices_scoped.anonymous_id = devices_linked.anonymous_id
    group by devices_linked.contact_id

),

sessions_windowed as (

    -- The sessions of the last 90 days before the cutoff, and whether in the last 30.
    select
        devices_linked.contact_id,
        sessions.started_date,
        sessions.device_type,
        sessions.started_at
        >= {{ dbt.dateadd('day', -30, 'reporting_period.cutoff_at') }} as is_in_last_30_days
    from sessions
    inner join devices_linked
        on sessions.anonymous_id = devices_linked.anonymous_id
    inner join reporting_period
        on
            sessions.started_at >= {{ dbt.dateadd('day', -90, 'reporting_period.cutoff_at') }}
            and sessions.started_at < reporting_period.cutoff_at

),

windows_aggregated as (

    select
        contact_id,
        sum(case when is_in_last_30_days then 1 else 0 end) as sessions_30d,
        sum(1) as sessions_90d,
        count(distinct case when is_in_last_30_days then started_date end) as active_days_30d,
        sum(case when device_type = 'mobile' then 1 else 0 end) as mobile_sessions_90d,
        sum(case when device_type = 'desktop' then 1 else 0 end) as desktop_sessions_90d,
        sum(case when device_type = 'tablet' then 1 else 0 end) as tablet_sessions_90d
    from sessions_windowed
    group by contact_id

),

final as (

    select
        aggregated.contact_id,
        aggregated.sessions_total,
        coalesce(windows_aggregated.sessions_30d, 0) as sessions_30d,
        coalesce(windows_aggregated.sessions_90d, 0) as sessions_90d,
        coalesce(windows_aggregated.active_days_30d, 0) as active_days_30d,
        coalesce(windows_aggregated.mobile_sessions_90d, 0) as mobile_sessions_90d,
        coalesce(windows_aggregated.desktop_sessions_90d, 0) as desktop_sessions_90d,
        coalesce(windows_aggregated.tablet_sessions_90d, 0) as tablet_sessions_90d,
        aggregated.first_session_at,
        aggregated.first_traffic_source,
        aggregated.first_device_type
    from aggregated
    left join windows_aggregated
        on aggregated.contact_id = windows_aggregated.contact_id

)

select * from final
