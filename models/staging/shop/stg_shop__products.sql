{{ config(materialized='view') }}
{#- The accepted raw products: downstream reads these, never rejected_rule. -#}
with

base_products as (

    select * from {{ ref('base_shop__products') }}

),

final as (

    select
        raw_load,
        raw_row,
        product_id,
        title,
        brand,
        category,
        price,
        unit_cost,
        launched_at,
        replenishment_days,
        is_consumable,
        is_sustainable
    from base_products
    where rejected_rule is null

)

select * from final
