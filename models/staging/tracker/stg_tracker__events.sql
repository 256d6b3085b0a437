{{ config(materialized='view') }}
{#- The accepted raw events: downstream reads these, never rejected_rule. -#}
with

base_events as (

    select * from {{ ref('base_tracker__events') }}

),

final as (

    select
        raw_load,
        raw_row,
        ingest_seq,
        event_id,
        occurred_at,
        anonymous_id,
        customer_id,
        email,
        event_type,
        product_id,
        order_id,
        device_type,
        platform,
        traffic_source,
        utm_campaign,
        referrer_domain,
        page_path,
        country_code
    from base_events
    where rejected_rule is null

)

select * from final
