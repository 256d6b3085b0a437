{{ config(
    materialized=incremental_or_table(),
    incremental_strategy='delete+insert',
    unique_key='order_id',
    on_schema_change='fail',
    pre_hook=[
        "{{ restage_snapshot_pre_hook('orders') }}",
        "{{ unreadable_rows_pre_hook('orders') }}",
    ],
    post_hook=[
        "{{ unreadable_rows_post_hook('orders') }}",
        "{{ record_staged_loads('orders') }}",
    ],
) }}
{#-
    Every raw order row, cleaned, with the reject rule it broke (null: accepted). Incremental
    by load (macros/staged_loads.sql): a scheduled refresh stages only the load files it has
    not staged, then judges the duplicate rule again for each order_id those rows carry,
    over the new rows and the staged rows sharing it, and replaces that group (unique_key
    order_id), so late rows and re-sent copies end where a full build puts them.
-#}
{%- set staged_columns = [
    'raw_load', 'raw_row', 'raw_loaded_at', 'raw_order_id', 'order_id', 'customer_id',
    'email', 'ordered_at', 'status', 'channel', 'currency', 'subtotal_amount',
    'raw_discount_amount', 'coupon_code', 'shipping_amount', 'tax_amount', 'total_amount',
    'refunded_amount', 'shipping_country_code', 'is_gift'] %}
with

raw_rows as {{ inlined_cte() }} (

    -- The raw rows of the loads this run stages.
    {{ raw_load_rows('shop', 'orders') | indent(4) }}

),

known_currencies as (

    -- The reference seed decides which currencies are known (rule currency_unknown).
    select distinct currency from {{ ref('stg_reference__currency_rates') }}

),

cleaned as {{ inlined_cte() }} (

    select
        raw_load,
        raw_row,
        raw_loaded_at,
        cast(order_id as {{ dbt.type_string() }}) as raw_order_id,
        {{ clean_id('order_id') }} as order_id,
        {{ clean_id('customer_id') }} as customer_id,
        {{ clean_email('email') }} as email,
        {{ to_timestamp('ordered_at') }} as ordered_at,
        {{ clean_code('status') }} as status,
        {{ code_or_default(
            'channel', ['web', 'app', 'store', 'phone', 'marketplace'], "'unknown'"
        ) }} as channel,
        {{ clean_iso_code('currency') }} as currency,
        {{ to_money('subtotal_amount') }} as subtotal_amount,
        {{ to_money('discount_amount') }} as raw_discount_amount,
        {{ clean_text('coupon_code') }} as coupon_code,
        coalesce({{ to_money('shipping_amount') }}, 0) as shipping_amount,
        coalesce({{ to_money('tax_amount') }}, 0) as tax_amount,
        {{ to_money('total_amount') }} as total_amount,
        {{ clean_text('total_amount') }} is not null as has_total_amount,
        coalesce({{ to_money('refunded_amount') }}, 0) as refunded_amount,
        {{ clean_iso_code('shipping_country_code') }} as shipping_country_code,
        coalesce({{ to_boolean('is_gift') }}, false) as is_gift,
        {{ is_unreadable_row() }} as is_unreadable
    from raw_rows

),

new_rows as {{ inlined_cte() }} (

    -- The row rules; the first broken rule in the contract's column order names the
    -- rejection.
    select
        cleaned.{{ staged_columns | join(',\n        cleaned.') }},
        case
            when cleaned.is_unreadable then 'row_unreadable'
            when cleaned.order_id is null then 'order_id_blank'
            when cleaned.customer_id is null and cleaned.email is null
                then 'customer_and_email_blank'
            when cleaned.ordered_at is null then 'ordered_at_null'
            when
                cleaned.status is null
                or cleaned.status not in ('placed', 'shipped', 'delivered', 'returned', 'cancelled')
                then 'status_invalid'
            when known_currencies.currency is null then 'currency_unknown'
            when cleaned.subtotal_amount is null or cleaned.subtotal_amount < 0
                then 'subtotal_amount_invalid'
            when cleaned.raw_discount_amount < 0 then 'discount_amount_negative'
            -- No null rule for total_amount: blank reads as null, anything else must parse.
            when cleaned.has_total_amount and cleaned.total_amount is null
                then 'total_amount_invalid'
        end as row_rule
    from cleaned
    -- A join, not `not in (subquery)` inside the case (a nested loop on Spark).
    left join known_currencies
        on cleaned.currency = known_currencies.currency

),

restaged_rows as (

    -- A refresh: the staged rows sharing an order_id with the new rows, their row rule
    -- as staged and the duplicate rule to judge again. A full build: none.
    {%- if is_incremental() %}
    select
        {{ staged_columns | join(',\n        ') }},
        case when rejected_rule != 'order_id_duplicate' then rejected_rule end as row_rule
    from {{ this }}
    where order_id in (select new_rows.order_id from new_rows)
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

repeated_order_ids as (

    -- Only an order_id on several rows that pass the row rules can be a duplicate.
    select {{ candidate_key('order_id') }} as order_id_key
    from candidates
    where row_rule is null
    group by {{ candidate_key('order_id') }}
    having count(*) > 1

),

order_id_ranks as (

    -- A repeated order_id keeps the latest ordered_at; ties keep the first row by the
    -- remaining columns, then by raw order_id, then in load order (load name, row number).
    select
        raw_load,
        raw_row,
        row_number() over (
            partition by order_id
            order by
                ordered_at desc,
                customer_id asc nulls last,
                email asc nulls last,
                status asc,
                subtotal_amount desc,
                total_amount desc nulls last,
                raw_discount_amount desc nulls last,
                channel asc,
                currency asc,
                coupon_code asc nulls last,
                shipping_amount desc,
                tax_amount desc,
                refunded_amount desc,
                shipping_country_code asc nulls last,
                is_gift asc,
                raw_order_id asc,
                raw_load asc,
                raw_row asc
        ) as order_id_rank
    from candidates
    where
        row_rule is null
        and {{ candidate_key('order_id') }} in (
            select repeated_order_ids.order_id_key from repeated_order_ids
        )

),

final as (

    select
        candidates.raw_load,
        candidates.raw_row,
        candidates.raw_loaded_at,
        candidates.raw_order_id,
        candidates.order_id,
        candidates.customer_id,
        candidates.email,
        candidates.ordered_at,
        candidates.status,
        candidates.channel,
        candidates.currency,
        candidates.subtotal_amount,
        coalesce(candidates.raw_discount_amount, 0) as discount_amount,
        candidates.raw_discount_amount,
        candidates.coupon_code,
        candidates.shipping_amount,
        candidates.tax_amount,
        candidates.total_amount,
        candidates.refunded_amount,
        candidates.shipping_country_code,
        candidates.is_gift,
        {{ next_ingest_seq() }} as ingest_seq,
        coalesce(
            candidates.row_rule,
            case when ranks.order_id_rank > 1 then 'order_id_duplicate' end
        ) as rejected_rule
    from candidates
    left join order_id_ranks as ranks
        on
            candidates.raw_load = ranks.raw_load
            and candidates.raw_row = ranks.raw_row

)

select * from final
