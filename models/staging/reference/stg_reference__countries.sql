with

source as (

    select * from {{ ref('countries') }}

),

final as (

    select
        {{ clean_iso_code('country_code') }} as country_code,
        {{ clean_text('country_name') }} as country_name,
        {{ clean_iso_code('currency') }} as currency,
        {{ clean_code('hemisphere') }} as hemisphere
    from source

)

select * from final
