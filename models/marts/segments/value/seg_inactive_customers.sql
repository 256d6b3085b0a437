with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.last_order_at,
        contacts.days_since_last_order
    from contacts
    where
        contacts.is_purchaser
        and contacts.days_since_last_order > {{ checked_var('active_days') }}

)

select * from members
