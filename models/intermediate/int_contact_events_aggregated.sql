{#-
    Events per contact (through the device each event came from): first and last seen, the
    latest product view, cart event, email engagement and event country, and the fixed
    30-day counts. "Latest" is by occurred_at, then event_id. Aggregated from the
    per-device-day state (int_device_days_aggregated), never from the events.
-#}
with

device_days as (

    select * from {{ ref('int_device_days_aggregated') }}

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

device_days_attributed as (

    -- A day is in scope when it is on or before D; it is in the last 30 days when it is
    -- on or after the cutoff minus 30 days (the cutoff is midnight, so whole days).
    select
        devices_linked.contact_id,
        device_days.*,
        device_days.event_date
        >= cast({{ dbt.dateadd('day', -30, 'reporting_period.cutoff_at') }} as date)
            as is_in_last_30_days
    from device_days
    inner join devices_linked
        on device_days.anonymous_id = devices_linked.anonymous_id
    inner join reporting_period
        on device_days.event_date <= reporting_period.as_of_date

),

aggregated as (

    -- Counts, and the latest product view, cart event, email engagement and country: the
    -- latest of the days' latest ones.
    select
        contact_id,
        cast(sum(events_total) as {{ dbt.type_bigint() }}) as events_total,
        min(first_event_at) as first_seen_at,
        max(last_event_at) as last_seen_at,
        sum(case when is_in_last_30_days then cart_adds else 0 end) as cart_adds_30d,
        sum(case when is_in_last_30_days then chats else 0 end) as chats_30d,
        sum(case when is_in_last_30_days then product_views else 0 end) as product_views_30d,
        max(last_product_view_at) as last_product_view_at,
        {{ latest_value(
            'last_product_viewed_id',
            ['last_product_view_at', 'last_product_view_event_id'],
            'last_product_view_at is not null') }} as last_product_viewed_id,
        max(last_cart_at) as last_cart_at,
        {{ latest_value(
            'last_cart_product_id',
            ['last_cart_at', 'last_cart_event_id'],
            'last_cart_at is not null') }} as last_cart_product_id,
        max(last_email_engagement_at) as last_email_engagement_at,
        {{ latest_value(
            'last_country_code',
            ['last_country_at', 'last_country_event_id'],
            'last_country_at is not null') }} as last_event_country_code
    from device_days_attributed
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
