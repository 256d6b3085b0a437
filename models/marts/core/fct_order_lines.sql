{#- One row per accepted line of a valid order, with the order's contact and date. -#}
with

orders as (

    select
        order_id,
        contact_id,
        ordered_at,
        ordered_date
    from {{ ref('fct_orders') }}

),

order_lines as (

    select * from {{ ref('int_order_lines_enriched') }}

),

final as (

    select
        order_lines.order_id,
        order_lines.line_number,
        orders.contact_id,
        orders.ordered_at,
        orders.ordered_date,
        order_lines.product_id,
        order_lines.quantity,
        order_lines.unit_price,
        order_lines.category,
        order_lines.launched_at,
        order_lines.replenishment_days,
        order_lines.is_consumable,
        order_lines.is_sustainable,
        {{ dbt.datediff('order_lines.launched_at', 'orders.ordered_date', 'day') }}
            as days_after_launch
    from order_lines
    inner join orders
        on order_lines.order_id = orders.order_id

)

select * from final
