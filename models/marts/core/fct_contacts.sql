with

contacts as (

    select * from {{ ref('int_contacts_identified') }}

),

accounts as (

    select * from {{ ref('int_accounts_resolved') }}

),

subscriptions as (

    select * from {{ ref('int_subscriptions_resolved') }}

),

contact_orders as (

    select * from {{ ref('int_contact_orders_aggregated') }}

),

contact_sessions as (

    select * from {{ ref('int_contact_sessions_aggregated') }}

),

contact_events as (

    select * from {{ ref('int_contact_events_aggregated') }}

),

contact_tickets as (

    select * from {{ ref('int_contact_tickets_aggregated') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

joined as (

    select
        contacts.contact_id,
        contacts.contact_kind,
        contacts.customer_id,
        contacts.anonymous_id,
        coalesce(contacts.email, subscriptions.email) as email,
        reporting_period.as_of_date,
        reporting_period.cutoff_at,

        -- account (the version in effect at the as-of date)
        accounts.customer_id is not null as has_account,
        accounts.created_at as account_created_at,
        accounts.birth_date,
        case
            when accounts.birth_date is not null
                then {{ age_in_years('accounts.birth_date', 'reporting_period.as_of_date') }}
        end as age_years,
        accounts.gender,
        accounts.region,
        accounts.city,
        accounts.postal_code,
        accounts.locality_type,
        accounts.household_size,
        accounts.income_band,
        accounts.social_followers,
        coalesce(accounts.is_business, false) as is_business,
        coalesce(
            accounts.country_code,
            contact_orders.last_shipping_country_code,
            contact_events.last_event_country_code
        ) as country_code,

        -- subscription and consent
        subscriptions.subscriber_id is not null as has_subscription,
        subscriptions.status as subscription_status,
        coalesce(subscriptions.is_subscribed, false) as is_subscribed,
        subscriptions.subscribed_at,
        subscriptions.unsubscribed_at,
        subscriptions.signup_source,
        coalesce(subscriptions.is_subscribed, false) as can_email,
        coalesce(subscriptions.sms_opt_in, false) as can_sms,
        coalesce(subscriptions.whatsapp_opt_in, false) as can_whatsapp,
        coalesce(subscriptions.has_sustainability_interest, false)
            as has_sustainability_interest,

        -- orders
        coalesce(contact_orders.order_count, 0) as order_count,
        coalesce(contact_orders.lifetime_net_revenue, 0) as lifetime_net_revenue,
        contact_orders.first_order_at,
        contact_orders.last_order_at,
        {{ dbt.datediff(
            'cast(contact_orders.last_order_at as date)', 'reporting_period.as_of_date', 'day'
        ) }} as days_since_last_order,
        coalesce(contact_orders.discounted_order_count, 0) as discounted_order_count,
        coalesce(contact_orders.total_units, 0) as total_units,
        coalesce(contact_orders.orders_365d, 0) as orders_365d,
        coalesce(contact_orders.store_or_phone_orders_365d, 0) as store_or_phone_orders_365d,
        coalesce(contact_orders.units_365d, 0) as units_365d,
        coalesce(contact_orders.sustainable_units_365d, 0) as sustainable_units_365d,

        -- web and app activity
        contact_events.first_seen_at,
        contact_events.last_seen_at,
        coalesce(contact_events.cart_adds_30d, 0) as cart_adds_30d,
        coalesce(contact_events.chats_30d, 0) as chats_30d,
        contact_events.last_product_view_at,
        contact_events.last_product_viewed_id,
        contact_events.last_cart_at,
        contact_events.last_cart_product_id,
        contact_events.last_cart_category,
        contact_events.last_email_engagement_at,
        contact_sessions.first_session_at,
        contact_sessions.first_traffic_source,
        contact_sessions.first_device_type,
        coalesce(contact_sessions.sessions_30d, 0) as sessions_30d,
        coalesce(contact_sessions.sessions_90d, 0) as sessions_90d,
        coalesce(contact_sessions.active_days_30d, 0) as active_days_30d,
        coalesce(contact_sessions.mobile_sessions_90d, 0) as mobile_sessions_90d,
        coalesce(contact_sessions.desktop_sessions_90d, 0) as desktop_sessions_90d,
        coalesce(contact_sessions.tablet_sessions_90d, 0) as tablet_sessions_90d,

        -- service
        coalesce(contact_tickets.tickets_365d, 0) as tickets_365d,
        coalesce(contact_tickets.handle_minutes_365d, 0) as handle_minutes_365d,
        coalesce(contact_tickets.rated_tickets_365d, 0) as rated_tickets_365d,
        contact_tickets.satisfaction_sum_365d,
        {{ ratio('contact_tickets.satisfaction_sum_365d', 'contact_tickets.rated_tickets_365d') }}
            as avg_satisfaction_365d
    from contacts
    cross join reporting_period
    left join accounts
        on contacts.customer_id = accounts.customer_id
    left join subscriptions
        on contacts.contact_id = subscriptions.contact_id
    left join contact_orders
        on contacts.contact_id = contact_orders.contact_id
    left join contact_sessions
        on contacts.contact_id = contact_sessions.contact_id
    left join contact_events
        on contacts.contact_id = contact_events.contact_id
    left join contact_tickets
        on contacts.contact_id = contact_tickets.contact_id

),

final as (

    select
        *,
        order_count > 0 as is_purchaser,
        -- Benchmarks over all purchasers (non-purchasers add 0 revenue): the mean over
        -- purchasers is purchasers_net_revenue / purchaser_count; segments compare
        -- revenue x purchaser_count with the total to stay exact.
        sum(case when order_count > 0 then 1 else 0 end) over () as purchaser_count,
        sum(lifetime_net_revenue) over () as purchasers_net_revenue
    from joined

)

select * from final
