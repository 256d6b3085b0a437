{{ config(
    materialized=incremental_or_table(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_touched_devices_pre_hook() }}",
) }}
{#-
    Compact session state per device, over all its sessions whatever the as-of date: the
    start of its latest session, its session count, and its first session (by started_at,
    then session_id) with that session's traffic source and device type.
    int_contact_sessions_aggregated applies the as-of date. Incremental like the sessions: a
    scheduled run rebuilds only the devices with newly staged event rows, from their
    sessions, which the same run has rebuilt.
-#}
{%- set watermark = processed_watermark() %}
with

sessions as (

    select
        anonymous_id,
        session_id,
        started_at,
        device_type,
        traffic_source
    from {{ ref('int_sessions_built') }}
    where {{ touched_devices_filter(watermark) }}

),

ingested as (

    -- Every staged row counts, accepted or not (see int_sessions_built).
    select max(ingest_seq) as processed_ingest_seq
    from {{ ref('base_tracker__events') }}

),

aggregated as (

    select
        sessions.anonymous_id,
        max(sessions.started_at) as last_started_at,
        {{ device_first_session_aggregates('sessions') | indent(8) }}
    from sessions
    group by sessions.anonymous_id

),

final as (

    select
        aggregated.*,
        ingested.processed_ingest_seq
    from aggregated
    cross join ingested

)

select * from final
