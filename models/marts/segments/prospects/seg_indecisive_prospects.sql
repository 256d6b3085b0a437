with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.sessions_30d,
        contacts.cart_adds_30d,
        contacts.chats_30d
    from contacts
    where
        contacts.order_count = 0
        and contacts.sessions_30d >= {{ checked_var('indecisive_min_sessions') }}
        and (
            contacts.cart_adds_30d >= {{ checked_var('indecisive_min_cart_adds') }}
            or contacts.chats_30d >= 1
        )

)

select * from members
