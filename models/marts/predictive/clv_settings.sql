{#-
    One row: the dates and the CLV vars this build's predictive tables use. The as-of date
    comes from the reporting period; the calibration period of the backtest ends
    clv_holdout_days before it. The horizon is cut into discount periods of about a month
    (12 a year, at least one), as scripts/clv.py's clv() does; each period's revenue is
    discounted at its end by the annual rate over the days since the as-of date.
-#}
with

reporting_period as (

    select
        as_of_date,
        cutoff_at
    from {{ ref('int_reporting_period') }}

),

vars_in_effect as (

    select
        {{ var_sql('clv_horizon_days') }} as horizon_days,
        cast({{ var_sql('clv_annual_discount_rate') }} as {{ double_type() }})
            as annual_discount_rate,
        {{ var_sql('clv_holdout_days') }} as holdout_days,
        {{ var_sql('clv_min_repeat_buyers') }} as min_repeat_buyers

),

settings as (

    select
        reporting_period.as_of_date,
        reporting_period.cutoff_at,
        cast({{ dbt.dateadd(
            'day', -checked_var('clv_holdout_days'), 'reporting_period.as_of_date'
        ) }} as date) as calibration_end_date,
        vars_in_effect.holdout_days,
        vars_in_effect.horizon_days,
        vars_in_effect.annual_discount_rate,
        vars_in_effect.min_repeat_buyers,
        cast(
            greatest(1, round(vars_in_effect.horizon_days * 12 / 365.0)) as integer
        ) as discount_periods
    from reporting_period
    cross join vars_in_effect

),

final as (

    select
        *,
        cast(horizon_days as {{ double_type() }}) / discount_periods as period_days
    from settings

)

select * from final
