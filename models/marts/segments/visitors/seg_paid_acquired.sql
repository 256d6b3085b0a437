with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.first_traffic_source
    from contacts
    where
        contacts.first_traffic_source in ('paid_search', 'paid_social', 'display')

)

select * from members
