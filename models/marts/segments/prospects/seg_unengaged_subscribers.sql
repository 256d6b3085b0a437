with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.subscribed_at
    from contacts
    where
        contacts.is_subscribed
        and (
            contacts.subscribed_at is null
            or contacts.subscribed_at
            < {{ window_start(checked_var('engaged_days'), 'contacts.cutoff_at') }}
        )
        and not coalesce(
            contacts.last_email_engagement_at
            >= {{ window_start(checked_var('engaged_days'), 'contacts.cutoff_at') }},
            false
        )

)

select * from members
