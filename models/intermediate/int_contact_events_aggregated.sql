{#-
    Events per contact (through the device each event came from): first and last seen, the
    latest product view, cart event, email engagement and event country, and the fixed
    30-day counts. "Latest" is by occurred_at, then event_id.
-#}
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
    where rejected_rule is null

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

latest_signals as (

    select
        contact_id,
        signal_type,
        occurred_at,
        product_id,
        row_number() over (
            partition by contact_id, signal_type order by occurred_at desc, event_id desc
        ) as signal_rank
    from events_attributed
    where signal_type is not null

),

latest_countries as (

    select
        contact_id,
        country_code,
        row_number() over (
            partition by contact_id order by occurred_at desc, event_id desc
        ) as event_rank
    from events_attributed
    where country_code is not null

),

aggregated as (

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
            as product_views_30d
    from events_attributed
    group by contact_id

),

final as (

    select
        aggregated.*,
        product_views.occurred_at as last_product_view_at,
        product_views.product_id as last_product_viewed_id,
        carts.occurred_at as last_cart_at,
        carts.product_id as last_cart_product_id,
        products.category as last_cart_category,
        email_engagements.occurred_at as last_email_engagement_at,
        latest_countries.country_code as last_event_country_code
    from aggregated
    left join latest_signals as product_views
        on
            aggregated.contact_id = product_views.contact_id
            and product_views.signal_type = 'product_view'
            and product_views.signal_rank = 1
    left join latest_signals as carts
        on
            aggregated.contact_id = carts.contact_id
            and carts.signal_type = 'cart'
            and carts.signal_rank = 1
    left join products
        on carts.product_id = products.product_id
    left join latest_signals as email_engagements
        on
            aggregated.contact_id = email_engagements.contact_id
            and email_engagements.signal_type = 'email_engagement'
            and email_engagements.signal_rank = 1
    left join latest_countries
        on
            aggregated.contact_id = latest_countries.contact_id
            and latest_countries.event_rank = 1

)

select * from final
