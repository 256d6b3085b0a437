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
        contacts.first_traffic_source in ('referral', 'affiliate')

)

select * from members
