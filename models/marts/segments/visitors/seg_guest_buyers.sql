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
        contacts.contact_kind = 'email'
        and contacts.order_count >= 1

)

select * from members
