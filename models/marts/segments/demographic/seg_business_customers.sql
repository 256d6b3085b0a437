with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.is_business
    from contacts
    where
        contacts.contact_kind = 'customer'
        and contacts.is_business

)

select * from members
