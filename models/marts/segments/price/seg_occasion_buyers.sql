{#-
    Repeat buyers whose valid orders are mostly for occasions: gifts, or orders placed 0 to
    occasion_window_days calendar days before a holiday of the order's country (the
    shipping country, else the contact's country).
-#}
with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

orders as (

    select * from {{ ref('fct_orders') }}

),

occasion_orders as (

    select
        contact_id,
        count(*) as order_count,
        sum(
            case
                when is_gift or days_to_next_holiday <= {{ checked_var('occasion_window_days') }}
                    then 1
                else 0
            end
        ) as occasion_order_count
    from orders
    group by contact_id

),

members as (

    select
        {{ segment_contact_columns() }},
        occasion_orders.order_count,
        occasion_orders.occasion_order_count,
        {{ ratio('occasion_orders.occasion_order_count', 'occasion_orders.order_count') }}
            as occasion_order_share
    from contacts
    inner join occasion_orders
        on contacts.contact_id = occasion_orders.contact_id
    where
        occasion_orders.order_count >= 2
        and occasion_orders.occasion_order_count
        >= {{ exact_number(checked_var('occasion_share')) }} * occasion_orders.order_count

)

select * from members
