{{ config(
    materialized=incremental_or_table(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_touched_devices_pre_hook() }}",
) }}
{#-
    Compact event state per device, over all its days whatever the as-of date: the device's
    latest event date, event count, first and last event, and its latest product view, cart
    event, email engagement, country, customer_id and email, each with the time and event_id
    that order it (the latest of its days' latest ones). int_device_events_scoped applies
    the as-of date. A scheduled run rebuilds only the devices with newly staged event rows
    (macros/touched_state.sql), from their rows in int_device_days_aggregated, which the
    same run has brought up to date.
-#}
{%- set watermark = processed_watermark() %}
with

device_days as (

    select * from {{ ref('int_device_days_aggregated') }}
    where {{ touched_devices_filter(watermark) }}

),

ingested as (

    -- Every staged row counts, accepted or not (see int_sessions_built).
    select max(ingest_seq) as processed_ingest_seq
    from {{ ref('base_tracker__events') }}

),

aggregated as (

    select
        anonymous_id,
        {{ device_event_state_aggregates() | indent(8) }}
    from device_days
    group by anonymous_id

),

final as (

    select
        aggregated.*,
        ingested.processed_ingest_seq
    from aggregated
    cross join ingested

)

select * from final
