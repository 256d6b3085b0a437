with

source as (

    select * from {{ ref('holidays') }}

),

final as (

    select
        {{ clean_iso_code('country_code') }} as country_code,
        cast(holiday_date as date) as holiday_date,
        {{ clean_text('holiday_name') }} as holiday_name
    from source

)

select * from final
