with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.active_days_30d
    from contacts
    where
        contacts.active_days_30d >= 2

)

select * from members
