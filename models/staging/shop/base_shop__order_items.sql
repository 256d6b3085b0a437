{{ config(
    pre_hook="{{ unreadable_rows_pre_hook('order_items') }}",
    post_hook="{{ unreadable_rows_post_hook('order_items') }}",
) }}
with

raw_rows as (

    -- The raw rows of every load: this table is staged whole on every run.
    {{ raw_load_rows('shop', 'order_items') | indent(4) }}

),

accepted_orders as (

    -- The one cross-table reject rule: a line must belong to an accepted order
    -- (whatever its date: scope is applied later).
    select distinct order_id from {{ ref('stg_shop__orders') }}

),

cleaned as (

    select
        raw_load,
        raw_row,
        raw_loaded_at,
        cast(order_id as {{ dbt.type_string() }}) as raw_order_id,
        cast(line_number as {{ dbt.type_string() }}) as raw_line_number,
        {{ clean_id('order_id') }} as order_id,
        {{ to_integer('line_number') }} as line_number,
        {{ clean_id('product_id') }} as product_id,
        {{ to_integer('quantity') }} as quantity,
        {{ to_money('unit_price') }} as unit_price,
        {{ is_unreadable_row() }} as is_unreadable
    from raw_rows

),

row_rules as {{ inlined_cte() }} (

    -- A join, not `order_id not in (subquery)` inside the case: Spark plans that as a
    -- nested-loop existence join of every line with every order (an SF0.1 build never
    -- finished), PostgreSQL as an unhashed subplan; an equality join hashes everywhere.
    select
        cleaned.*,
        case
            when cleaned.is_unreadable then 'row_unreadable'
            when accepted_orders.order_id is null then 'order_id_unmatched'
            when cleaned.product_id is null then 'product_id_blank'
            when cleaned.quantity is null or cleaned.quantity < 1 then 'quantity_invalid'
            when cleaned.unit_price is null or cleaned.unit_price < 0 then 'unit_price_invalid'
        end as row_rule
    from cleaned
    left join accepted_orders
        on cleaned.order_id = accepted_orders.order_id

),

line_ranks as (

    -- A repeated (order_id, line_number) among the rows that pass the row rules keeps
    -- one row: the first by product_id, quantity, unit_price, then by the raw values, then
    -- in load order (a null line_number is a value of its own).
    select
        raw_load,
        raw_row,
        row_number() over (
            partition by order_id, line_number
            order by
                product_id asc,
                quantity desc,
                unit_price desc,
                raw_order_id asc,
                raw_line_number asc nulls first,
                raw_load asc,
                raw_row asc
        ) as line_rank
    from row_rules
    where row_rule is null

),

final as (

    select
        row_rules.raw_load,
        row_rules.raw_row,
        row_rules.raw_loaded_at,
        row_rules.raw_order_id,
        row_rules.raw_line_number,
        row_rules.order_id,
        row_rules.line_number,
        row_rules.product_id,
        row_rules.quantity,
        row_rules.unit_price,
        coalesce(
            row_rules.row_rule,
            case when line_ranks.line_rank > 1 then 'line_number_duplicate' end
        ) as rejected_rule
    from row_rules
    left join line_ranks
        on
            row_rules.raw_load = line_ranks.raw_load
            and row_rules.raw_row = line_ranks.raw_row

)

select * from final
