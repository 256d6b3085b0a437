{{ config(materialized='view') }}
{#- The accepted raw support tickets: downstream reads these, never rejected_rule. -#}
with

base_support_tickets as (

    select * from {{ ref('base_helpdesk__support_tickets') }}

),

final as (

    select
        raw_load,
        raw_row,
        ticket_id,
        customer_id,
        email,
        opened_at,
        closed_at,
        channel,
        satisfaction_score,
        handle_minutes
    from base_support_tickets
    where rejected_rule is null

)

select * from final
