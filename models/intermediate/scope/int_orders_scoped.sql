{{ config(materialized='view') }}
{#- Accepted orders placed before the cutoff (any status). -#}
with

orders as (

    select * from {{ ref('stg_shop__orders') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

final as (

    select orders.*
    from orders
    inner join reporting_period
        on orders.ordered_at < reporting_period.cutoff_at

)

select * from final
