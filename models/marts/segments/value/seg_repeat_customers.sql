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
        contacts.order_count >= 2

)

select * from members
