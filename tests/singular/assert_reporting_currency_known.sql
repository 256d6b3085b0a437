{#- The reporting currency (var reporting_currency) must have a rate in currency_rates. -#}
select {{ text_literal(checked_var('reporting_currency')) }} as reporting_currency
where not exists (
    select 1 from {{ ref('currency_rates') }} as currency_rates
    where currency_rates.currency = {{ text_literal(checked_var('reporting_currency')) }}
)
