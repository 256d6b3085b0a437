with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.rated_tickets_365d,
        contacts.avg_satisfaction_365d as avg_satisfaction,
        contacts.order_count
    from contacts
    where
        contacts.rated_tickets_365d >= 2
        and contacts.satisfaction_sum_365d >= 4.5 * contacts.rated_tickets_365d
        and contacts.order_count >= 1

)

select * from members
