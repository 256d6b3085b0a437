with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.last_cart_at,
        contacts.last_cart_product_id,
        contacts.last_cart_category
    from contacts
    where
        contacts.contact_kind in ('customer', 'email')
        and contacts.last_cart_at
        >= {{ window_start(checked_var('abandoned_cart_days'), 'contacts.cutoff_at') }}
        -- no valid order at or after the latest cart event
        and not coalesce(contacts.last_order_at >= contacts.last_cart_at, false)

)

select * from members
