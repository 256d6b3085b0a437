with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.order_count,
        contacts.total_units,
        {{ ratio('contacts.total_units', 'contacts.order_count') }} as avg_units_per_order
    from contacts
    where
        contacts.order_count >= 2
        and contacts.total_units
        <= {{ exact_number(checked_var('thrifty_max_units_per_order')) }} * contacts.order_count

)

select * from members
