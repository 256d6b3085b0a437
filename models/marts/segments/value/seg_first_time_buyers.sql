with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.first_order_at
    from contacts
    where
        contacts.order_count = 1
        and contacts.first_order_at
        >= {{ window_start(checked_var('new_customer_days'), 'contacts.cutoff_at') }}

)

select * from members
