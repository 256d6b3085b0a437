{#-
    One row per purchaser (every row of clv_purchaser_summary): the BG/NBD and Gamma-Gamma
    predictions at the as-of date, from this build's converged fits (clv_model_parameters);
    a score whose fit did not converge is null, never computed from bad parameters.

    - p_alive, expected_purchases: BG/NBD, over clv_horizon_days (clv_expected_purchases);
    - probability_purchase_in_horizon: P(alive) x (1 - ((alpha+T)/(alpha+T+H))^(r+x)), the
      chance of at least one order in the horizon H (an active customer's next purchase
      comes after an exponential wait whose rate is Gamma(r+x, alpha+T) given the history);
    - expected_next_order_date: the as-of date + the days d by which that chance reaches
      50%, d = (alpha+T) ((1 - 0.5 / P(alive))^(-1/(r+x)) - 1), rounded up: the median date
      of the next order. Null when it is past the horizon (probability below 0.5), which
      includes every customer with P(alive) <= 0.5;
    - expected_order_value: Gamma-Gamma, p (gamma + x mean) / (p x + q - 1) (the population
      mean gamma p / (q - 1) when x = 0); null for a repeat buyer whose repeat purchases net
      to zero or less (the model describes positive spend; scripts/clv.py would take the
      non-positive mean as it is);
    - predicted_clv: expected_order_value x the sum over the discount periods k of the
      purchases expected in period k, E[Y(k L)] - E[Y((k-1) L)], times
      (1 + clv_annual_discount_rate)^(-k L / 365), L = period_days: scripts/clv.py's clv()
      with periods = discount_periods, period_length = L and the per-period rate
      (1 + annual rate)^(L / 365) - 1, margin 1 (revenue, not profit).
-#}
with

settings as (

    select
        as_of_date,
        horizon_days,
        annual_discount_rate,
        discount_periods,
        period_days
    from {{ ref('clv_settings') }}

),

summaries as (

    select * from {{ ref('clv_purchaser_summary') }}

),

bgnbd as (

    select
        r,
        alpha
    from {{ ref('clv_model_parameters') }}
    where model = 'bgnbd' and is_converged

),

gamma_gamma as (

    select
        p,
        q,
        gamma
    from {{ ref('clv_model_parameters') }}
    where model = 'gamma_gamma' and is_converged

),

expectations as (

    select * from {{ ref('clv_expected_purchases') }}
    where model = 'bgnbd'

),

period_purchases as (

    select
        expectations.contact_id,
        expectations.period_number,
        expectations.p_alive,
        expectations.expected_purchases,
        expectations.expected_purchases - coalesce(
            lag(expectations.expected_purchases) over (
                partition by expectations.contact_id order by expectations.period_number
            ),
            0
        ) as purchases_in_period,
        power(
            1 + settings.annual_discount_rate,
            -expectations.period_number * settings.period_days / 365
        ) as discount_factor,
        expectations.period_number = settings.discount_periods as is_horizon_end
    from expectations
    cross join settings

),

horizon_purchases as (

    select
        contact_id,
        max(p_alive) as p_alive,
        max(case when is_horizon_end then expected_purchases end) as expected_purchases,
        case
            when count(expected_purchases) = count(*)
                then sum(purchases_in_period * discount_factor)
        end as discounted_purchases
    from period_purchases
    group by contact_id

),

scored as (

    select
        summaries.contact_id,
        settings.as_of_date,
        settings.horizon_days,
        horizon_purchases.p_alive,
        horizon_purchases.expected_purchases,
        horizon_purchases.discounted_purchases,
        horizon_purchases.p_alive * (
            1 - power(
                (bgnbd.alpha + summaries.tenure_days)
                / (bgnbd.alpha + summaries.tenure_days + settings.horizon_days),
                bgnbd.r + summaries.repeat_purchases
            )
        ) as probability_purchase_in_horizon,
        case
            when horizon_purchases.p_alive > 0.5
                then ceil(
                    (bgnbd.alpha + summaries.tenure_days) * (
                        power(
                            1 - 0.5 / horizon_purchases.p_alive,
                            -1 / (bgnbd.r + summaries.repeat_purchases)
                        ) - 1
                    )
                )
        end as days_to_next_order,
        case
            when summaries.repeat_purchases = 0
                then gamma_gamma.gamma * gamma_gamma.p / (gamma_gamma.q - 1)
            when summaries.mean_repeat_value > 0
                then gamma_gamma.p * (
                    gamma_gamma.gamma + summaries.repeat_purchases * summaries.mean_repeat_value
                ) / (gamma_gamma.p * summaries.repeat_purchases + gamma_gamma.q - 1)
        end as expected_order_value
    from summaries
    cross join settings
    left join bgnbd on 1 = 1
    left join gamma_gamma on 1 = 1
    left join horizon_purchases
        on summaries.contact_id = horizon_purchases.contact_id

),

final as (

    select
        contact_id,
        as_of_date,
        horizon_days,
        p_alive,
        expected_purchases,
        probability_purchase_in_horizon,
        case
            when days_to_next_order <= horizon_days
                then cast(
                    {{ dbt.dateadd('day', 'cast(days_to_next_order as integer)', 'as_of_date') }}
                    as date
                )
        end as expected_next_order_date,
        expected_order_value,
        expected_order_value * discounted_purchases as predicted_clv
    from scored

)

select * from final
