with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.last_email_engagement_at
    from contacts
    where
        contacts.is_subscribed
        and contacts.last_email_engagement_at
        >= {{ window_start(checked_var('engaged_days'), 'contacts.cutoff_at') }}

)

select * from members
