{{ config(
    pre_hook="{{ unreadable_rows_pre_hook('products') }}",
    post_hook="{{ unreadable_rows_post_hook('products') }}",
) }}
with

raw_rows as (

    -- The raw rows of every load: this table is staged whole on every run.
    {{ raw_load_rows('shop', 'products') | indent(4) }}

),

cleaned as (

    select
        raw_load,
        raw_row,
        raw_loaded_at,
        cast(product_id as {{ dbt.type_string() }}) as raw_product_id,
        {{ clean_id('product_id') }} as product_id,
        {{ clean_text('title') }} as title,
        {{ clean_text('brand') }} as brand,
        coalesce({{ clean_text('category') }}, 'uncategorised') as category,
        {{ to_money('price') }} as price,
        {{ to_money('unit_cost') }} as unit_cost,
        {{ to_date('launched_at') }} as launched_at,
        {{ to_integer('replenishment_days') }} as raw_replenishment_days,
        coalesce({{ to_boolean('is_sustainable') }}, false) as is_sustainable,
        {{ is_unreadable_row() }} as is_unreadable
    from raw_rows

),

duplicates_ranked as (

    -- A repeated product_id keeps one row: the first by title, brand, category, price and
    -- the remaining columns, then by raw product_id, then in load order (unreadable rows,
    -- whose product_id is all that is known, are ranked apart).
    select
        *,
        case
            when is_unreadable then 'row_unreadable'
            when product_id is null then 'product_id_blank'
        end as row_rule,
        row_number() over (
            partition by product_id, is_unreadable
            order by
                title asc nulls last,
                brand asc nulls last,
                category asc,
                price asc nulls last,
                launched_at asc nulls last,
                unit_cost asc nulls last,
                raw_replenishment_days asc nulls last,
                is_sustainable asc,
                raw_product_id asc,
                raw_load asc,
                raw_row asc
        ) as product_rank
    from cleaned

),

final as (

    select
        raw_load,
        raw_row,
        raw_loaded_at,
        raw_product_id,
        product_id,
        title,
        brand,
        category,
        price,
        unit_cost,
        launched_at,
        case when raw_replenishment_days > 0 then raw_replenishment_days end
            as replenishment_days,
        coalesce(raw_replenishment_days > 0, false) as is_consumable,
        is_sustainable,
        coalesce(
            row_rule,
            case when product_rank > 1 then 'product_id_duplicate' end
        ) as rejected_rule
    from duplicates_ranked

)

select * from final
