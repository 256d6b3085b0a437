{{ config(
    materialized=incremental_or_table(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{% if is_incremental() %}delete from {{ this }} where anonymous_id in ({{ touched_devices_sql(sessions_watermark()) }}){% endif %}",
) }}
{#-
    Sessions: events grouped per device in occurred_at order (ties by event_id); a session
    starts at a device's first event and at every event more than 30 minutes after the
    previous one. A session takes its device, platform and traffic source from its first
    event. Built from every accepted event, whatever the as-of date (later events cannot
    change a session that started earlier), so it can be incremental: a scheduled run
    rebuilds the sessions of the devices with newly staged events only, from their whole
    history, which keeps sessions crossing a load boundary and late-arriving events exact.
    Contacts and the as-of scope are applied by int_contact_sessions_aggregated.
-#}
{%- set watermark = sessions_watermark() %}
{%- set by_time = ['occurred_at', 'event_id'] %}
with

events as (

    select
        anonymous_id,
        event_id,
        occurred_at,
        device_type,
        platform,
        traffic_source
    from {{ ref('stg_tracker__events') }}
    where
        rejected_rule is null
        and {{ touched_devices_filter(watermark) }}

),

ingested as (

    select max(ingest_seq) as processed_ingest_seq
    from {{ ref('stg_tracker__events') }}

),

events_with_previous as (

    select
        *,
        lag(occurred_at) over (
            partition by anonymous_id order by occurred_at, event_id
        ) as previous_occurred_at
    from events

),

starts_flagged as (

    select
        *,
        case
            when previous_occurred_at is null then 1
            -- strictly more than 30 minutes after the previous event starts a new session
            when occurred_at > {{ dbt.dateadd('minute', 30, 'previous_occurred_at') }} then 1
            else 0
        end as is_session_start
    from events_with_previous

),

sessions_numbered as (

    select
        *,
        sum(is_session_start) over (
            partition by anonymous_id
            order by occurred_at, event_id
            rows between unbounded preceding and current row
        ) as session_number
    from starts_flagged

),

sessions as (

    -- One pass: the session's span and size, and its first event's device, platform and
    -- traffic source.
    select
        anonymous_id,
        session_number,
        min(occurred_at) as started_at,
        max(occurred_at) as ended_at,
        count(*) as event_count,
        {{ earliest_value('device_type', by_time) }} as device_type,
        {{ earliest_value('platform', by_time) }} as platform,
        {{ earliest_value('traffic_source', by_time) }} as traffic_source
    from sessions_numbered
    group by anonymous_id, session_number

),

final as (

    select
        sessions.anonymous_id
        || '#'
        || cast(sessions.session_number as {{ dbt.type_string() }}) as session_id,
        sessions.anonymous_id,
        sessions.session_number,
        sessions.started_at,
        sessions.ended_at,
        cast(sessions.started_at as date) as started_date,
        sessions.event_count,
        sessions.device_type,
        sessions.platform,
        sessions.traffic_source,
        ingested.processed_ingest_seq
    from sessions
    cross join ingested

)

select * from final
