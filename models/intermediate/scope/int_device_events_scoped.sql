{#-
    Per device, its event state over the days on or before the as-of date, in the columns
    of int_device_events_aggregated. A device whose latest event date is on or before the
    as-of date takes its all-time state as it is; only a device with later days (none when
    the as-of date is the latest activity, the default) is aggregated again from its days
    in scope. So a refresh reads one row per device, not one per device and day.
-#}
with

device_events as (

    select * from {{ ref('int_device_events_aggregated') }}

),

device_days as (

    select * from {{ ref('int_device_days_aggregated') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

devices_in_scope as (

    -- Every day of the device is on or before the as-of date.
    select device_events.*
    from device_events
    inner join reporting_period
        on device_events.last_event_date <= reporting_period.as_of_date

),

device_days_partly_in_scope as (

    -- The days on or before the as-of date of the devices with later days.
    select device_days.*
    from device_days
    inner join device_events
        on device_days.anonymous_id = device_events.anonymous_id
    inner join reporting_period
        on
            device_events.last_event_date > reporting_period.as_of_date
            and device_days.event_date <= reporting_period.as_of_date

),

devices_partly_in_scope as (

    -- Those devices' days in scope, aggregated as int_device_events_aggregated does. A
    -- device with no day in scope has no row.
    select
        anonymous_id,
        {{ device_event_state_aggregates() | indent(8) }}
    from device_days_partly_in_scope
    group by anonymous_id

),

final as (

    select
        anonymous_id,
        {{ device_event_state_columns() | indent(8) }}
    from devices_in_scope
    union all
    select
        anonymous_id,
        {{ device_event_state_columns() | indent(8) }}
    from devices_partly_in_scope

)

select * from final
