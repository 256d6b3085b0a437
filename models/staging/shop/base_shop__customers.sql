{{ config(
    pre_hook="{{ unreadable_rows_pre_hook('customers') }}",
    post_hook="{{ unreadable_rows_post_hook('customers') }}",
) }}
with

raw_rows as (

    -- The raw rows of every load: this table is staged whole on every run.
    {{ raw_load_rows('shop', 'customers') | indent(4) }}

),

cleaned as (

    select
        raw_load,
        raw_row,
        raw_loaded_at,
        cast(customer_id as {{ dbt.type_string() }}) as raw_customer_id,
        {{ clean_id('customer_id') }} as customer_id,
        {{ clean_email('email') }} as email,
        {{ to_timestamp('created_at') }} as created_at,
        {{ to_timestamp('updated_at') }} as updated_at,
        {{ to_date('birth_date') }} as birth_date,
        case
            when {{ clean_code('gender') }} in ('f', 'female', 'woman') then 'female'
            when {{ clean_code('gender') }} in ('m', 'male', 'man') then 'male'
            when {{ clean_code('gender') }} is not null then 'other'
        end as gender,
        {{ clean_iso_code('country_code') }} as country_code,
        {{ clean_text('region') }} as region,
        {{ clean_text('city') }} as city,
        {{ clean_text('postal_code') }} as postal_code,
        {{ code_or_default('locality_type', ['urban', 'suburban', 'rural'], 'null') }}
            as locality_type,
        {{ to_integer('household_size') }} as raw_household_size,
        {{ code_or_default('income_band', ['low', 'middle', 'high'], 'null') }} as income_band,
        {{ to_integer('social_followers') }} as raw_social_followers,
        coalesce({{ to_boolean('is_business') }}, false) as is_business,
        {{ is_unreadable_row() }} as is_unreadable
    from raw_rows

),

final as (

    select
        raw_load,
        raw_row,
        raw_loaded_at,
        raw_customer_id,
        customer_id,
        email,
        created_at,
        updated_at,
        -- The version's position in time: which version is in effect at the as-of date.
        coalesce(updated_at, created_at) as version_at,
        -- Birth dates after the as-of date are blanked in intermediate (they need as_of).
        case when birth_date >= cast('1900-01-01' as date) then birth_date end as birth_date,
        gender,
        country_code,
        region,
        city,
        postal_code,
        locality_type,
        case when raw_household_size between 1 and 20 then raw_household_size end
            as household_size,
        income_band,
        case when raw_social_followers >= 0 then raw_social_followers end as social_followers,
        is_business,
        case
            when is_unreadable then 'row_unreadable'
            when customer_id is null then 'customer_id_blank'
            when created_at is null then 'created_at_null'
        end as rejected_rule
    from cleaned

)

select * from final
