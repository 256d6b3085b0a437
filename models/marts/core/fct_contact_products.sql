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

    -- One row per contact, product and order (an order has one ordered_at).
    select
        contact_id,
        product_id,
        order_id,
        ordered_at,
        ordered_date,
        max(replenishment_days) as replenishment_days,
        sum(quantity) as units,
        min(case when days_after_launch >= 0 then days_after_launch end)
            as first_days_after_launch
    from order_lines
    group by contact_id, product_id, order_id, ordered_at, ordered_date

),

product_totals as (

    -- The totals, and the latest order (by ordered_at, then order_id) in the same pass.
    select
        contact_id,
        product_id,
        {{ latest_values({
            'last_order_id': 'order_id',
            'last_ordered_at': 'ordered_at',
            'last_ordered_date': 'ordered_date',
            'last_order_units': 'units',
            'replenishment_days': 'replenishment_days',
        }, ['ordered_at', 'order_id']) | indent(8) }},
        count(*) as order_count,
        sum(units) as total_units,
        min(first_days_after_launch) as first_days_after_launch
    from product_orders
    group by contact_id, product_id

),

final as (

    select
        contact_id,
        product_id,
        order_count,
        total_units,
        first_days_after_launch,
        last_order_id,
        last_ordered_at,
        last_order_units,
        replenishment_days,
        cast(
            {{ dbt.dateadd(
                'day',
                'replenishment_days * last_order_units',
                'last_ordered_date'
            ) }} as date
        ) as replenishment_due_date
    from product_totals

)

select * from final
