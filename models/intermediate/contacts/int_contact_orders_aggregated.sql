{#- Valid orders (accepted, not cancelled, before the cutoff) summed per contact. -#}
with

orders as (

    select * from {{ ref('int_orders_enriched') }}
    where is_valid

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

orders_windowed as (

    select
        orders.*,
        orders.ordered_at >= {{ dbt.dateadd('day', -365, 'reporting_period.cutoff_at') }}
            as is_in_last_365_days
    from orders
    cross join reporting_period

),

latest_shipping_country as (

    select
        contact_id,
        shipping_country_code,
        row_number() over (
            partition by contact_id order by ordered_at desc, order_id desc
        ) as order_rank
    from orders
    where shipping_country_code is not null

),

aggregated as (

    select
        contact_id,
        count(*) as order_count,
        sum(net_revenue) as lifetime_net_revenue,
        min(ordered_at) as first_order_at,
        max(ordered_at) as last_order_at,
        sum(case when is_discounted then 1 else 0 end) as discounted_order_count,
        sum(units) as total_units,
        sum(case when is_in_last_365_days then 1 else 0 end) as orders_365d,
        sum(
            case when is_in_last_365_days and channel in ('store', 'phone') then 1 else 0 end
        ) as store_or_phone_orders_365d,
        sum(case when is_in_last_365_days then units else 0 end) as units_365d,
        sum(case when is_in_last_365_days then sustainable_units else 0 end)
            as sustainable_units_365d
    from orders_windowed
    group by contact_id

),

final as (

    select
        aggregated.*,
        latest_shipping_country.shipping_country_code as last_shipping_country_code
    from aggregated
    left join latest_shipping_country
        on
            aggregated.contact_id = latest_shipping_country.contact_id
            and latest_shipping_country.order_rank = 1

)

select * from final
