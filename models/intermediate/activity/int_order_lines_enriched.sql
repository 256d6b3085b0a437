{#-
    Accepted order lines with the attributes of their product. A line whose product is not
    in the catalogue is kept: it is simply not a consumable, not sustainable and not a launch.
-#}
with

order_items as (

    select * from {{ ref('stg_shop__order_items') }}

),

products as (

    select * from {{ ref('stg_shop__products') }}

),

final as (

    select
        order_items.order_id,
        order_items.line_number,
        order_items.product_id,
        order_items.quantity,
        order_items.unit_price,
        products.category,
        products.launched_at,
        products.replenishment_days,
        coalesce(products.is_consumable, false) as is_consumable,
        coalesce(products.is_sustainable, false) as is_sustainable
    from order_items
    left join products
        on order_items.product_id = products.product_id

)

select * from final
