with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.order_count
    from contacts
    where
        contacts.is_purchaser
        and contacts.discounted_order_count = 0

)

select * from members
