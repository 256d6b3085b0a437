{{ config(
    materialized=incremental_or_table(),
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_touched_dates_pre_hook('event_date') }}",
) }}
{#-
    Compact identity state of the events: each distinct (event date, customer_id, email)
    that accepted events carry, where either is set. Contacts and email owners read these
    rows instead of the events (a pair is in scope when event_date <= as_of_date). A
    scheduled run rebuilds only the dates its newly staged event rows fall on
    (macros/touched_state.sql).
-#}
{%- set watermark = processed_watermark() %}
with

events as (

    select
        cast(occurred_at as date) as event_date,
        customer_id,
        email
    from {{ ref('stg_tracker__events') }}
    where
        (customer_id is not null or email is not null)
        and {{ touched_dates_filter('occurred_at', watermark) }}

),

ingested as (

    -- Every staged row counts, accepted or not (see int_sessions_built).
    select max(ingest_seq) as processed_ingest_seq
    from {{ ref('base_tracker__events') }}

),

identities as (

    select distinct
        event_date,
        customer_id,
        email
    from events

),

final as (

    select
        identities.*,
        ingested.processed_ingest_seq
    from identities
    cross join ingested

)

select * from final
