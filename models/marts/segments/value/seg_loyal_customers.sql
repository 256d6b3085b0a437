with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.order_count,
        contacts.lifetime_net_revenue,
        contacts.days_since_last_order
    from contacts
    where
        contacts.order_count >= {{ checked_var('loyal_min_orders') }}
        -- above the plain mean over purchasers, kept exact by multiplying out
        and contacts.lifetime_net_revenue * contacts.purchaser_count
        > contacts.purchasers_net_revenue
        and contacts.days_since_last_order <= {{ checked_var('active_days') }}

)

select * from members
