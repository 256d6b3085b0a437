with

source as (

    select * from {{ ref('currency_rates') }}

),

final as (

    select
        {{ clean_iso_code('currency') }} as currency,
        rate_to_usd
    from source

)

select * from final
