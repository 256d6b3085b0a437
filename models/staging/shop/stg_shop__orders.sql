{{ config(materialized='view') }}
{#- The accepted raw orders: downstream reads these, never rejected_rule. -#}
with

base_orders as (

    select * from {{ ref('base_shop__orders') }}

),

final as (

    select
        raw_load,
        raw_row,
        ingest_seq,
        order_id,
        customer_id,
        email,
        ordered_at,
        status,
        channel,
        currency,
        subtotal_amount,
        discount_amount,
        coupon_code,
        shipping_amount,
        tax_amount,
        total_amount,
        refunded_amount,
        shipping_country_code,
        is_gift
    from base_orders
    where rejected_rule is null

)

select * from final
