{{ config(
    materialized=incremental_or_table(),
    incremental_strategy='delete+insert',
    unique_key='order_id',
    on_schema_change='fail',
    pre_hook=[
        "{{ restage_snapshot_pre_hook('order_items') }}",
        "{{ unreadable_rows_pre_hook('order_items') }}",
    ],
    post_hook=[
        "{{ unreadable_rows_post_hook('order_items') }}",
        "{{ record_staged_loads('order_items') }}",
    ],
) }}
{#-
    Every raw order line, cleaned, with the reject rule it broke (null: accepted).
    Incremental by load (macros/staged_loads.sql): a scheduled refresh stages only the load
    files it has not staged, then judges the rules again for every order_id whose lines or
    whose order rows changed: the new lines, and the staged lines of those order_ids and of
    the orders the latest orders run staged (a late order accepts its waiting lines), and
    replaces that group (unique_key order_id), so it ends where a full build puts it.
-#}
{%- set staged_columns = [
    'raw_load', 'raw_row', 'raw_loaded_at', 'raw_order_id', 'raw_line_number', 'order_id',
    'line_number', 'product_id', 'quantity', 'unit_price'] %}
{%- set orders_watermark = processed_watermark(
    'orders_ingest_seq', ref('base_shop__orders')) %}
with

raw_rows as {{ inlined_cte() }} (

    -- The raw rows of the loads this run stages.
    {{ raw_load_rows('shop', 'order_items') | indent(4) }}

),

orders_ingested as (

    -- The orders staging's highest ingest sequence: the order rows these lines were
    -- judged against.
    select max(ingest_seq) as orders_ingest_seq
    from {{ ref('base_shop__orders') }}

),

accepted_orders as (

    -- The one cross-table reject rule: a line must belong to an accepted order
    -- (whatever its date: scope is applied later).
    select distinct order_id from {{ ref('stg_shop__orders') }}

),

cleaned as {{ inlined_cte() }} (

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

new_rows as {{ inlined_cte() }} (

    select
        {{ staged_columns | join(',\n        ') }},
        is_unreadable
    from cleaned

),

restaged_rows as (

    -- A refresh: the staged lines of the order_ids the new lines carry, and of the order
    -- rows staged since this table last ran (orders_ingest_seq), to judge again (with
    -- watermark 0, every line). A full build: none.
    {%- if is_incremental() %}
    select
        {{ staged_columns | join(',\n        ') }},
        coalesce(rejected_rule = 'row_unreadable', false) as is_unreadable
    from {{ this }}
    where
        order_id in (select new_rows.order_id from new_rows)
        or order_id in (
            select orders.order_id
            from {{ ref('base_shop__orders') }} as orders
            where orders.ingest_seq > {{ orders_watermark }}
        )
    {%- else %}
    select * from new_rows
    where 1 = 0
    {%- endif %}

),

candidates as {{ inlined_cte() }} (

    select * from new_rows
    union all
    select * from restaged_rows

),

row_rules as {{ inlined_cte() }} (

    -- A join, not `order_id not in (subquery)` inside the case: Spark plans that as a
    -- nested-loop existence join of every line with every order (an SF0.1 build never
    -- finished), PostgreSQL as an unhashed subplan; an equality join hashes everywhere.
    select
        candidates.*,
        case
            when candidates.is_unreadable then 'row_unreadable'
            when accepted_orders.order_id is null then 'order_id_unmatched'
            when candidates.product_id is null then 'product_id_blank'
            when candidates.quantity is null or candidates.quantity < 1 then 'quantity_invalid'
            when candidates.unit_price is null or candidates.unit_price < 0
                then 'unit_price_invalid'
        end as row_rule
    from candidates
    left join accepted_orders
        on candidates.order_id = accepted_orders.order_id

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
        {{ next_ingest_seq() }} as ingest_seq,
        orders_ingested.orders_ingest_seq,
        coalesce(
            row_rules.row_rule,
            case when line_ranks.line_rank > 1 then 'line_number_duplicate' end
        ) as rejected_rule
    from row_rules
    left join line_ranks
        on
            row_rules.raw_load = line_ranks.raw_load
            and row_rules.raw_row = line_ranks.raw_row
    cross join orders_ingested

)

select * from final
