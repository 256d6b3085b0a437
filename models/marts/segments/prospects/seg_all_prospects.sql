with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.signup_source,
        contacts.account_created_at as created_at
    from contacts
    where
        contacts.contact_kind in ('customer', 'email')
        and contacts.order_count = 0
        and (contacts.has_account or contacts.is_subscribed)

)

select * from members
