{{ config(
    pre_hook="{{ unreadable_rows_pre_hook('order_items') }}",
    post_hook="{{ unreadable_rows_post_hook('order_items') }}",
) }}
with

source as (

    {{ raw_rows('shop', 'order_items') | indent(4) }}

),

accepted_orders as (

    -- The one cross-table reject rule: a line must belong to an accepted order
    -- (whatever its date: scope is applied later).
    select order_id from {{ ref('stg_shop__orders') }}
    where rejected_rule is null

),

cleaned as (

    select
        cast(order_id as {{ dbt.type_string() }}) as raw_order_id,
        cast(line_number as {{ dbt.type_string() }}) as raw_line_number,
        {{ clean_id('order_id') }} as order_id,
        {{ to_integer('line_number') }} as line_number,
        {{ clean_id('product_id') }} as product_id,
        {{ to_integer('quantity') }} as quantity,
        {{ to_money('unit_price') }} as unit_price,
        {{ is_unreadable_row() }} as is_unreadable
    from source

),

row_rules as (

    select
        *,
        case
            when is_unreadable then 'row_unreadable'
            when
                order_id is null
                or order_id not in (select accepted_orders.order_id from accepted_orders)
                then 'order_id_unmatched'
            when product_id is null then 'product_id_blank'
            when quantity is null or quantity < 1 then 'quantity_invalid'
            when unit_price is null or unit_price < 0 then 'unit_price_invalid'
        end as row_rule
    from cleaned

),

duplicates_ranked as (

    -- A repeated (order_id, line_number) keeps one row: the first by product_id, quantity,
    -- unit_price (a null line_number is a value of its own).
    select
        *,
        row_number() over (
            partition by order_id, line_number, row_rule
            order by product_id asc, quantity desc, unit_price desc
        ) as line_rank
    from row_rules

),

final as (

    select
        raw_order_id,
        raw_line_number,
        order_id,
        line_number,
        product_id,
        quantity,
        unit_price,
        coalesce(
            row_rule,
            case when line_rank > 1 then 'line_number_duplicate' end
        ) as rejected_rule
    from duplicates_ranked

)

select * from final
