with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.income_band
    from contacts
    where
        contacts.income_band = 'high'

)

select * from members
