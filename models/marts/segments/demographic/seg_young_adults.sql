with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.age_years as age
    from contacts
    where
        contacts.age_years between 18 and 24

)

select * from members
