{{ config(materialized='view') }}
{#- The accepted raw customers: downstream reads these, never rejected_rule. -#}
with

base_customers as (

    select * from {{ ref('base_shop__customers') }}

),

final as (

    select
        raw_load,
        raw_row,
        customer_id,
        email,
        created_at,
        updated_at,
        version_at,
        birth_date,
        gender,
        country_code,
        region,
        city,
        postal_code,
        locality_type,
        household_size,
        income_band,
        social_followers,
        is_business
    from base_customers
    where rejected_rule is null

)

select * from final
