{#-
    One row per contact and product bought in a valid order: when it was last bought, how
    many units that order had (every line of it), the replenishment due date for
    consumables (date of that order + replenishment_days x those units), and how soon after
    the product's launch the contact first bought it.
-#}
with

order_lines as (

    select * from {{ ref('fct_order_lines') }}

),

product_orders as (

    select
        contact_id,
        product_id,
        order_id,
        ordered_at,
        ordered_date,
        max(replenishment_days) as replenishment_days,
        sum(quantity) as units
    from order_lines
    group by contact_id, product_id, order_id, ordered_at, ordered_date

),

latest_product_orders as (

    select
        *,
        row_number() over (
            partition by contact_id, product_id order by ordered_at desc, order_id desc
        ) as order_rank
    from product_orders

),

product_totals as (

    select
        contact_id,
        product_id,
        count(distinct order_id) as order_count,
        sum(quantity) as total_units,
        min(case when days_after_launch >= 0 then days_after_launch end)
            as first_days_after_launch
    from order_lines
    group by contact_id, product_id

),

final as (

    select
        product_totals.contact_id,
        product_totals.product_id,
        product_totals.order_count,
        product_totals.total_units,
        product_totals.first_days_after_launch,
        latest_product_orders.order_id as last_order_id,
        latest_product_orders.ordered_at as last_ordered_at,
        latest_product_orders.units as last_order_units,
        latest_product_orders.replenishment_days,
        cast(
            {{ dbt.dateadd(
                'day',
                'latest_product_orders.replenishment_days * latest_product_orders.units',
                'latest_product_orders.ordered_date'
            ) }} as date
        ) as replenishment_due_date
    from product_totals
    inner join latest_product_orders
        on
            product_totals.contact_id = latest_product_orders.contact_id
            and product_totals.product_id = latest_product_orders.product_id
            and latest_product_orders.order_rank = 1

)

select * from final
