{#-
    One row per valid order (accepted, not cancelled, placed before the cutoff), with its
    net revenue in the reporting currency and the next holiday on or after its order date
    in its country (the shipping country, else the contact's country).
-#}
with

orders as (

    select * from {{ ref('int_orders_enriched') }}
    where is_valid

),

contacts as (

    select
        contact_id,
        country_code
    from {{ ref('fct_contacts') }}

),

holidays as (

    select
        upper(trim(country_code)) as country_code,
        cast(holiday_date as date) as holiday_date,
        min(holiday_name) as holiday_name
    from {{ ref('stg_reference__holidays') }}
    group by upper(trim(country_code)), cast(holiday_date as date)

),

holidays_spaced as (

    select
        *,
        lag(holiday_date) over (partition by country_code order by holiday_date)
            as previous_holiday_date
    from holidays

),

orders_located as (

    select
        orders.*,
        coalesce(orders.shipping_country_code, contacts.country_code) as occasion_country_code
    from orders
    left join contacts
        on orders.contact_id = contacts.contact_id

),

final as (

    select
        orders_located.order_id,
        orders_located.contact_id,
        orders_located.customer_id,
        orders_located.email,
        orders_located.ordered_at,
        orders_located.ordered_date,
        orders_located.status,
        orders_located.channel,
        orders_located.currency,
        orders_located.subtotal_amount,
        orders_located.discount_amount,
        orders_located.refunded_amount,
        orders_located.total_amount,
        orders_located.coupon_code,
        orders_located.is_discounted,
        orders_located.is_gift,
        orders_located.shipping_country_code,
        orders_located.occasion_country_code,
        orders_located.units,
        orders_located.sustainable_units,
        orders_located.net_revenue,
        holidays_spaced.holiday_date as next_holiday_date,
        holidays_spaced.holiday_name as next_holiday_name,
        {{ dbt.datediff('orders_located.ordered_date', 'holidays_spaced.holiday_date', 'day') }}
            as days_to_next_holiday
    from orders_located
    left join holidays_spaced
        on
            orders_located.occasion_country_code = holidays_spaced.country_code
            and orders_located.ordered_date <= holidays_spaced.holiday_date
            and (
                holidays_spaced.previous_holiday_date is null
                or orders_located.ordered_date > holidays_spaced.previous_holiday_date
            )

)

select * from final
