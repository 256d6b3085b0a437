{{ config(
    materialized=incremental_or_table(),
    incremental_strategy='delete+insert',
    unique_key=['raw_fingerprint', 'raw_occurrence'],
    on_schema_change='fail',
    pre_hook="{{ unreadable_rows_pre_hook('orders') }}",
    post_hook="{{ unreadable_rows_post_hook('orders') }}",
) }}
{#-
    Incremental: a scheduled run stages only raw rows not staged before (and re-judges the
    duplicate rule for the order_ids they touch); see macros/incremental_staging.sql.
-#}
with

{{ raw_rows_keyed('source', 'shop', 'orders', 'order_id') }},

currency_rates as (

    -- The reference seed decides which currencies are known (rule currency_unknown).
    select currency from {{ ref('currency_rates') }}

),

-- Before cleaning: an incremental run cleans only the rows it stages.
{{ incremental_batch('batch', 'source', 'order_id') }},

cleaned as (

    select
        raw_fingerprint,
        raw_occurrence,
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
        {{ is_unreadable_row() }} as is_unreadable,
        has_repeated_id
    from batch

),

row_rules as {{ inlined_cte() }} (

    -- Inlined, read twice: the ranking below reads only the rows whose order_id repeats.
    -- The first broken rule in the contract's column order names the rejection.
    select
        *,
        case
            when is_unreadable then 'row_unreadable'
            when order_id is null then 'order_id_blank'
            when customer_id is null and email is null then 'customer_and_email_blank'
            when ordered_at is null then 'ordered_at_null'
            when
                status is null
                or status not in ('placed', 'shipped', 'delivered', 'returned', 'cancelled')
                then 'status_invalid'
            when
                currency is null
                or currency not in (select currency_rates.currency from currency_rates)
                then 'currency_unknown'
            when subtotal_amount is null or subtotal_amount < 0 then 'subtotal_amount_invalid'
            when raw_discount_amount < 0 then 'discount_amount_negative'
            -- No null rule for total_amount: blank reads as null, anything else must parse.
            when has_total_amount and total_amount is null then 'total_amount_invalid'
        end as row_rule
    from cleaned

),

order_id_ranks as (

    -- Only an order_id on several rows that pass the row rules can be a duplicate. Among
    -- them, a repeated order_id keeps the latest ordered_at; exact ties keep the first row
    -- by the remaining columns, then (rows equal once cleaned) the smallest raw_fingerprint.
    select
        raw_fingerprint,
        raw_occurrence,
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
                raw_fingerprint asc,
                raw_occurrence asc
        ) as order_id_rank
    from row_rules
    where has_repeated_id and row_rule is null

),

duplicates_ranked as (

    select
        row_rules.*,
        coalesce(ranks.order_id_rank, 1) as order_id_rank
    from row_rules
    left join order_id_ranks as ranks
        on
            row_rules.raw_fingerprint = ranks.raw_fingerprint
            and row_rules.raw_occurrence = ranks.raw_occurrence

),

final as (

    select
        raw_fingerprint,
        raw_occurrence,
        {{ next_ingest_seq() }} as ingest_seq,
        raw_order_id,
        order_id,
        customer_id,
        email,
        ordered_at,
        status,
        channel,
        currency,
        subtotal_amount,
        coalesce(raw_discount_amount, 0) as discount_amount,
        coupon_code,
        shipping_amount,
        tax_amount,
        total_amount,
        refunded_amount,
        shipping_country_code,
        is_gift,
        coalesce(
            row_rule,
            case when order_id_rank > 1 then 'order_id_duplicate' end
        ) as rejected_rule
    from duplicates_ranked

)

select * from final
