with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.rated_tickets_365d,
        contacts.avg_satisfaction_365d as avg_satisfaction
    from contacts
    where
        contacts.rated_tickets_365d >= 1
        and contacts.satisfaction_sum_365d <= 2.0 * contacts.rated_tickets_365d

)

select * from members
