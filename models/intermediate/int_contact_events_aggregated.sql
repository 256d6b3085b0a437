{#-
    Events per contact (through the device each event came from): first and last seen, the
    latest product view, cart event, email engagement and event country, and the fixed
    30-day counts. "Latest" is by occurred_at, then event_id.
-#}
{%- set by_time = ['occurred_at', 'event_id'] %}
with

events as (

    select * from {{ ref('int_events_scoped') }}

),

devices_linked as (

    select
        anonymous_id,
        contact_id
    from {{ ref('int_devices_linked') }}

),

products as (

    select
        product_id,
        category
    from {{ ref('stg_shop__products') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

events_attributed as (

    select
        devices_linked.contact_id,
        events.event_id,
        events.occurred_at,
        events.event_type,
        events.product_id,
        events.country_code,
        case
            when events.event_type = 'product_view' then 'product_view'
            when events.event_type in ('add_to_cart', 'checkout_started') then 'cart'
            when events.event_type in ('email_open', 'email_click') then 'email_engagement'
        end as signal_type,
        events.occurred_at >= {{ dbt.dateadd('day', -30, 'reporting_period.cutoff_at') }}
            as is_in_last_30_days
    from events
    inner join devices_linked
        on events.anonymous_id = devices_linked.anonymous_id
    cross join reporting_period

),

aggregated as (

    -- Counts, and the latest product view, cart event, email engagement and country.
    select
        contact_id,
        count(*) as events_total,
        min(occurred_at) as first_seen_at,
        max(occurred_at) as last_seen_at,
        sum(case when is_in_last_30_days and event_type = 'add_to_cart' then 1 else 0 end)
            as cart_adds_30d,
        sum(case when is_in_last_30_days and event_type = 'chat_started' then 1 else 0 end)
            as chats_30d,
        sum(case when is_in_last_30_days and event_type = 'product_view' then 1 else 0 end)
            as product_views_30d,
        max(case when signal_type = 'product_view' then occurred_at end)
            as last_product_view_at,
        {{ latest_value('product_id', by_time, "signal_type = 'product_view'") }}
            as last_product_viewed_id,
        max(case when signal_type = 'cart' then occurred_at end) as last_cart_at,
        {{ latest_value('product_id', by_time, "signal_type = 'cart'") }}
            as last_cart_product_id,
        max(case when signal_type = 'email_engagement' then occurred_at end)
            as last_email_engagement_at,
        {{ latest_value('country_code', by_time, 'country_code is not null') }}
            as last_event_country_code
    from events_attributed
    group by contact_id

),

final as (

    select
        aggregated.contact_id,
        aggregated.events_total,
        aggregated.first_seen_at,
        aggregated.last_seen_at,
        aggregated.cart_adds_30d,
        aggregated.chats_30d,
        aggregated.product_views_30d,
        aggregated.last_product_view_at,
        aggregated.last_product_viewed_id,
        aggregated.last_cart_at,
        aggregated.last_cart_product_id,
        products.category as last_cart_category,
        aggregated.last_email_engagement_at,
        aggregated.last_event_country_code
    from aggregated
    left join products
        on aggregated.last_cart_product_id = products.product_id

)

select * from final
