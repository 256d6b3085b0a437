{{ config(
    materialized=incremental_or_table(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_changed_sessions_pre_hook() }}",
) }}
{#-
    Sessions: events grouped per device in occurred_at order (ties by event_id); a session
    starts at a device's first event and at every event more than 30 minutes after the
    previous one. A session takes its device, platform and traffic source from its first
    event. Built from every accepted event, whatever the as-of date (later events cannot
    change a session that started earlier), so it can be incremental: a scheduled run
    rebuilds, per device with newly staged event rows, only its sessions from the one its
    first change can reach (macros/touched_state.sql), numbering on from the sessions it
    keeps, which keeps sessions crossing a load boundary and late-arriving events exact.
    Contacts and the as-of scope are applied by int_contact_sessions_aggregated.
-#}
{%- set watermark = processed_watermark() %}
{%- set rebuild_from_date = sessions_rebuild_from_date(watermark) %}
{#- A refresh with nothing to rebuild compares with null: no event. -#}
{%- set rebuild_from = 'null' if rebuild_from_date is none
    else 'cast(' ~ date_literal(rebuild_from_date) ~ ' as ' ~ dbt.type_timestamp() ~ ')' %}
{%- set by_device = 'partition by anonymous_id order by occurred_at, event_id' %}
with

staged_changes as (

    -- A refresh: the devices with newly staged event rows. A full build: none.
    {%- if is_incremental() and watermark > 0 %}
    {{ staged_device_changes_sql(watermark) | indent(4) }}
    {%- else %}
    select
        anonymous_id,
        occurred_at as first_changed_at
    from {{ ref('base_tracker__events') }}
    where 1 = 0
    {%- endif %}

),

kept_sessions as (

    -- A refresh, after the pre-hook deleted the sessions it rebuilds: per changed device,
    -- the sessions it keeps, how many and when the last one ends. A full build: none.
    {%- if is_incremental() and watermark > 0 %}
    select
        anonymous_id,
        count(*) as kept_session_count,
        max(ended_at) as kept_until
    from {{ this }}
    where anonymous_id in (select staged_changes.anonymous_id from staged_changes)
    group by anonymous_id
    {%- else %}
    select
        anonymous_id,
        count(*) as kept_session_count,
        max(first_changed_at) as kept_until
    from staged_changes
    group by anonymous_id
    {%- endif %}

),

events as (

    -- A full build: every accepted event. A refresh: the changed devices' events after
    -- their last kept session (on or after the first date any of them needs, so the scan
    -- skips older events), each with the number of sessions kept before it.
    select
        events.anonymous_id,
        events.event_id,
        events.occurred_at,
        events.device_type,
        events.platform,
        events.traffic_source,
        coalesce(kept_sessions.kept_session_count, 0) as kept_session_count
    from {{ ref('stg_tracker__events') }} as events
    left join kept_sessions
        on events.anonymous_id = kept_sessions.anonymous_id
    {%- if is_incremental() and watermark > 0 %}
    where
        events.anonymous_id in (select staged_changes.anonymous_id from staged_changes)
        and events.occurred_at >= {{ rebuild_from }}
        and (kept_sessions.kept_until is null or events.occurred_at > kept_sessions.kept_until)
    {%- endif %}

),

ingested as (

    -- Every staged row counts, accepted or not: a row rejected by this run can change
    -- its device's sessions (an accepted copy was replaced by an earlier one).
    select max(ingest_seq) as processed_ingest_seq
    from {{ ref('base_tracker__events') }}

),

events_with_neighbours as (

    -- One sort of each device's events gives every event its neighbours' times and its
    -- position. A session starts at a device's first event and at every event strictly more
    -- than 30 minutes after the previous one, so it ends at an event followed by none or by
    -- one strictly more than 30 minutes later.
    select
        anonymous_id,
        occurred_at,
        device_type,
        platform,
        traffic_source,
        kept_session_count,
        lag(occurred_at) over ({{ by_device }}) as previous_occurred_at,
        lead(occurred_at) over ({{ by_device }}) as next_occurred_at,
        row_number() over ({{ by_device }}) as event_number
    from events

),

session_edges as (

    -- Only a session's first and last events go on (a one-event session's is both).
    select
        *,
        (
            previous_occurred_at is null
            or occurred_at > {{ dbt.dateadd('minute', 30, 'previous_occurred_at') }}
        ) as is_session_start,
        (
            next_occurred_at is null
            or next_occurred_at > {{ dbt.dateadd('minute', 30, 'occurred_at') }}
        ) as is_session_end
    from events_with_neighbours

),

session_edges_paired as (

    -- Starts and ends alternate per device, so a start that is not also an end finds its
    -- session's last event on the next edge row: a sort of about two rows per session, not
    -- of every event.
    select
        *,
        kept_session_count + sum(case when is_session_start then 1 else 0 end) over (
            partition by anonymous_id
            order by event_number
            rows between unbounded preceding and current row
        ) as session_number,
        lead(occurred_at) over (
            partition by anonymous_id order by event_number
        ) as next_edge_occurred_at,
        lead(event_number) over (
            partition by anonymous_id order by event_number
        ) as next_edge_event_number
    from session_edges
    where is_session_start or is_session_end

),

sessions as (

    -- The session's first event gives its device, platform and traffic source.
    select
        anonymous_id,
        session_number,
        occurred_at as started_at,
        case
            when is_session_end then occurred_at else next_edge_occurred_at
        end as ended_at,
        cast(
            case
                when is_session_end then 1
                else next_edge_event_number - event_number + 1
            end as {{ dbt.type_bigint() }}
        ) as event_count,
        device_type,
        platform,
        traffic_source
    from session_edges_paired
    where is_session_start

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
