with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.first_session_at as first_seen_at
    from contacts
    where
        contacts.first_session_at
        >= {{ window_start(checked_var('new_visitor_days'), 'contacts.cutoff_at') }}

)

select * from members
