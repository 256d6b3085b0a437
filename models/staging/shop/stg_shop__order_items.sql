{{ config(materialized='view') }}
{#- The accepted raw order items: downstream reads these, never rejected_rule. -#}
with

base_order_items as (

    select * from {{ ref('base_shop__order_items') }}

),

final as (

    select
        raw_load,
        raw_row,
        order_id,
        line_number,
        product_id,
        quantity,
        unit_price
    from base_order_items
    where rejected_rule is null

)

select * from final
