with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.first_order_at
    from contacts
    where
        contacts.order_count = 1

)

select * from members
