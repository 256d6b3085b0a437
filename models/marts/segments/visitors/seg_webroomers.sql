with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.sessions_90d,
        contacts.orders_365d,
        contacts.store_or_phone_orders_365d as store_orders_365d
    from contacts
    where
        contacts.sessions_90d >= 1
        and contacts.orders_365d >= 1
        -- every valid order of the last 365 days was placed in store or by phone
        and contacts.store_or_phone_orders_365d = contacts.orders_365d

)

select * from members
