{#-
    Events per contact (through the device each event came from): first and last seen, the
    latest product view, cart event, email engagement and event country, and the fixed
    30-day counts. "Latest" is by occurred_at, then event_id. Aggregated from compact state,
    never from the events: the all-time facts from one row per device
    (int_device_events_scoped), the 30-day counts from the device-days of the window
    (int_device_days_aggregated).
-#}
with

device_events as (

    select * from {{ ref('int_device_events_scoped') }}

),

device_days as (

    select
        anonymous_id,
        event_date,
        cart_adds,
        chats,
        product_views
    from {{ ref('int_device_days_aggregated') }}

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

aggregated as (

    -- Counts, and the latest product view, cart event, email engagement and country: the
    -- latest of the devices' latest ones.
    select
        devices_linked.contact_id,
        cast(sum(device_events.events_total) as {{ dbt.type_bigint() }}) as events_total,
        min(device_events.first_event_at) as first_seen_at,
        max(device_events.last_event_at) as last_seen_at,
        max(device_events.last_product_view_at) as last_product_view_at,
        {{ latest_value(
            'device_events.last_product_viewed_id',
            ['device_events.last_product_view_at', 'device_events.last_product_view_event_id'],
            'device_events.last_product_view_at is not null') }} as last_product_viewed_id,
        max(device_events.last_cart_at) as last_cart_at,
        {{ latest_value(
            'device_events.last_cart_product_id',
            ['device_events.last_cart_at', 'device_events.last_cart_event_id'],
            'device_events.last_cart_at is not null') }} as last_cart_product_id,
        max(device_events.last_email_engagement_at) as last_email_engagement_at,
        {{ latest_value(
            'device_events.last_country_code',
            ['device_events.last_country_at', 'device_events.last_country_event_id'],
            'device_events.last_country_at is not null') }} as last_event_country_code
    from device_events
    inner join devices_linked
        on device_events.anonymous_id = devices_linked.anonymous_id
    group by devices_linked.contact_id

),

windowed as (

    -- The last 30 days: the days from the cutoff minus 30 days (the cutoff is midnight, so
    -- whole days) to the as-of date.
    select
        devices_linked.contact_id,
        sum(device_days.cart_adds) as cart_adds_30d,
        sum(device_days.chats) as chats_30d,
        sum(device_days.product_views) as product_views_30d
    from device_days
    inner join devices_linked
        on device_days.anonymous_id = devices_linked.anonymous_id
    inner join reporting_period
        on
            device_days.event_date
            >= cast({{ dbt.dateadd('day', -30, 'reporting_period.cutoff_at') }} as date)
            and device_days.event_date <= reporting_period.as_of_date
    group by devices_linked.contact_id

),

final as (

    select
        aggregated.contact_id,
        aggregated.events_total,
        aggregated.first_seen_at,
        aggregated.last_seen_at,
        coalesce(windowed.cart_adds_30d, 0) as cart_adds_30d,
        coalesce(windowed.chats_30d, 0) as chats_30d,
        coalesce(windowed.product_views_30d, 0) as product_views_30d,
        aggregated.last_product_view_at,
        aggregated.last_product_viewed_id,
        aggregated.last_cart_at,
        aggregated.last_cart_product_id,
        products.category as last_cart_category,
        aggregated.last_email_engagement_at,
        aggregated.last_event_country_code
    from aggregated
    left join windowed
        on aggregated.contact_id = windowed.contact_id
    left join products
        on aggregated.last_cart_product_id = products.product_id

)

select * from final
