with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.order_count,
        contacts.total_units,
        cast(contacts.total_units as decimal(18, 6)) / contacts.order_count as avg_units_per_order
    from contacts
    where
        contacts.order_count >= 2
        and contacts.total_units
        <= {{ exact_number(var('thrifty_max_units_per_order')) }} * contacts.order_count

)

select * from members
