with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.last_product_viewed_id,
        contacts.last_product_view_at,
        contacts.last_seen_at
    from contacts
    where
        contacts.order_count = 0
        and contacts.last_product_view_at
        >= {{ window_start(checked_var('curious_days'), 'contacts.cutoff_at') }}

)

select * from members
