with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.order_count,
        contacts.discounted_order_count,
        {{ ratio('contacts.discounted_order_count', 'contacts.order_count') }}
            as discounted_order_share
    from contacts
    where
        contacts.order_count >= {{ checked_var('coupon_min_orders') }}
        and contacts.discounted_order_count
        >= {{ exact_number(checked_var('coupon_share')) }} * contacts.order_count

)

select * from members
