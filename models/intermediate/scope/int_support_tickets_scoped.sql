{{ config(materialized='view') }}
{#- Accepted tickets opened before the cutoff (a later closed_at does not matter). -#}
with

support_tickets as (

    select * from {{ ref('stg_helpdesk__support_tickets') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

final as (

    select support_tickets.*
    from support_tickets
    inner join reporting_period
        on support_tickets.opened_at < reporting_period.cutoff_at

)

select * from final
