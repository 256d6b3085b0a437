{#-
    In-scope accepted orders with the contact they belong to, their units, and their net
    revenue in the reporting currency: (subtotal - discount - refunded) x rate_to_usd of the
    order's currency / rate_to_usd of the reporting currency. An order belongs to its
    customer_id; a guest order to the owner of its email.
-#}
with

orders as (

    select * from {{ ref('int_orders_scoped') }}

),

order_lines as (

    select * from {{ ref('int_order_lines_enriched') }}

),

emails_owned as (

    select
        email,
        contact_id
    from {{ ref('int_emails_owned') }}

),

currency_rates as (

    select
        currency,
        rate_to_usd
    from {{ ref('stg_reference__currency_rates') }}

),

reporting_rate as (

    select rate_to_usd from currency_rates
    where currency = {{ text_literal(checked_var('reporting_currency')) }}

),

order_units as (

    select
        order_id,
        sum(quantity) as units,
        sum(case when is_sustainable then quantity else 0 end) as sustainable_units
    from order_lines
    group by order_id

),

final as (

    select
        orders.order_id,
        case
            when orders.customer_id is not null then 'customer:' || orders.customer_id
            else emails_owned.contact_id
        end as contact_id,
        orders.customer_id,
        orders.email,
        orders.ordered_at,
        cast(orders.ordered_at as date) as ordered_date,
        orders.status,
        orders.status != 'cancelled' as is_valid,
        orders.channel,
        orders.currency,
        orders.subtotal_amount,
        orders.discount_amount,
        orders.refunded_amount,
        orders.total_amount,
        orders.coupon_code,
        orders.discount_amount > 0 or orders.coupon_code is not null as is_discounted,
        orders.is_gift,
        orders.shipping_country_code,
        coalesce(order_units.units, 0) as units,
        coalesce(order_units.sustainable_units, 0) as sustainable_units,
        cast(
            (orders.subtotal_amount - orders.discount_amount - orders.refunded_amount)
            * currency_rates.rate_to_usd / reporting_rate.rate_to_usd
            as {{ revenue_type() }}
        ) as net_revenue
    from orders
    inner join currency_rates
        on orders.currency = currency_rates.currency
    left join reporting_rate on 1 = 1
    left join order_units
        on orders.order_id = order_units.order_id
    left join emails_owned
        on orders.email = emails_owned.email

)

select * from final
