with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.household_size
    from contacts
    where
        contacts.household_size >= 4

)

select * from members
