with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.tickets_365d,
        contacts.handle_minutes_365d
    from contacts
    where
        contacts.tickets_365d >= {{ checked_var('high_maintenance_tickets') }}
        or (
            contacts.tickets_365d >= 1
            and contacts.handle_minutes_365d >= {{ checked_var('high_maintenance_minutes') }}
        )

)

select * from members
