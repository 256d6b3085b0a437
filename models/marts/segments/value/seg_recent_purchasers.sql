with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.last_order_at
    from contacts
    where
        contacts.last_order_at
        >= {{ window_start(checked_var('recent_days'), 'contacts.cutoff_at') }}

)

select * from members
