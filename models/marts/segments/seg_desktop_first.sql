with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.sessions_90d,
        contacts.desktop_sessions_90d,
        cast(contacts.desktop_sessions_90d as decimal(18, 6)) / contacts.sessions_90d
            as desktop_session_share
    from contacts
    where
        contacts.sessions_90d >= {{ var('device_min_sessions') }}
        -- sessions on an unknown device still count in the denominator
        and contacts.desktop_sessions_90d
        >= {{ exact_number(var('device_share')) }} * contacts.sessions_90d

)

select * from members
