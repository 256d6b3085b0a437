with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.subscribed_at,
        contacts.signup_source
    from contacts
    where
        contacts.is_subscribed

)

select * from members
