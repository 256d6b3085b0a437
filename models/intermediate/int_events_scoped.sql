{{ config(materialized='view') }}
{#- Accepted events that occurred before the cutoff. -#}
with

events as (

    select * from {{ ref('stg_tracker__events') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

final as (

    select events.*
    from events
    inner join reporting_period
        on events.occurred_at < reporting_period.cutoff_at

)

select * from final
