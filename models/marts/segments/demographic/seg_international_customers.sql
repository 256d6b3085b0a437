{#-
    Purchasers whose country is known and not the home country, with what a campaign needs
    to localise: currency, hemisphere, season at the as-of date, and the next holiday within
    30 days (as-of date included).
-#}
with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

countries as (

    select * from {{ ref('stg_reference__countries') }}

),

holidays as (

    select * from {{ ref('stg_reference__holidays') }}

),

international as (

    select *
    from contacts
    where
        is_purchaser
        and country_code is not null
        and country_code != {{ text_literal(checked_var('home_country')) }}

),

upcoming_holidays as (

    select
        international.contact_id,
        holidays.holiday_date,
        holidays.holiday_name,
        row_number() over (
            partition by international.contact_id
            order by holidays.holiday_date asc, holidays.holiday_name asc
        ) as holiday_rank
    from international
    inner join holidays
        on
            international.country_code = upper(trim(holidays.country_code))
            and international.as_of_date <= holidays.holiday_date
            and holidays.holiday_date
            <= cast({{ dbt.dateadd('day', 30, 'international.as_of_date') }} as date)

),

members as (

    select
        {{ segment_contact_columns('international') }},
        international.country_code,
        countries.currency,
        countries.hemisphere,
        {{ season_at('international.as_of_date', 'countries.hemisphere') }} as season,
        upcoming_holidays.holiday_date as next_holiday_date,
        upcoming_holidays.holiday_name as next_holiday_name
    from international
    left join countries
        on international.country_code = upper(trim(countries.country_code))
    left join upcoming_holidays
        on
            international.contact_id = upcoming_holidays.contact_id
            and upcoming_holidays.holiday_rank = 1

)

select * from members
