{#-
    One row per purchaser, fit and time span t: BG/NBD's P(alive) and expected purchases
    E[Y(t) | x, t_x, T] (Fader, Hardie & Lee 2005, eq. 10), in plain SQL so that every
    engine computes them. Two fits: `bgnbd` at the end of each discount period of the
    horizon (t = k x period_days, k = 1 .. discount_periods; clv_scores discounts them) and
    `bgnbd_calibration` over the holdout (t = holdout_days, calibration summary; for the
    backtest). Null when the fit did not converge.

    Eq. 10 needs the Gaussian hypergeometric function 2F1(r+x, b+x; a+b+x-1; z) with
    z = t / (alpha+T+t). Euler's transformation rewrites the bracket as
        1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z)
      = 1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z),
    whose series needs far fewer terms for frequent buyers and never overflows (the
    original's terms grow like x^k before they fall). The series
        2F1(A, B; C; z) = sum_k (A)_k (B)_k / ((C)_k k!) z^k
    converges for |z| < 1, which always holds here (alpha > 0, t finite). Each term is the
    previous times (A+k-1)(B+k-1) z / ((C+k-1) k): a running sum of logs (and a count of
    negative factors for the sign) over the terms, a window every engine has. A row takes
    n_terms terms (k0 + enough for the terms' z^k decay to reach e^-39, k0 where they start
    to decrease; at most 4095), and is_series_converged checks the rest: from n_terms on
    every ratio is at most rho = z max(1, (a-1+n)/(n+1)) (A+n >= 0; (A+k)/(C+k) < 1 as
    A < C), so the tail is at most |last term| rho / (1 - rho), which must be below 1e-15
    of the sum. A row that fails it gets null expectations, never a truncated value.

    The series depends on the fit, x, T and t only, not on the customer: it is summed once
    per distinct (fit, period, x, T) (`series_inputs`; at SF0.1, 176,000 series for 709,000
    rows) and joined back to every purchaser who shares them.
-#}
{#- `model` (the fit a row uses, as in clv_model_parameters) is a keyword to sqlfluff
    (RF04, hence the noqa) but not a reserved word on DuckDB, PostgreSQL or Spark. -#}
{%- set max_terms = 4095 -%}
with

settings as (

    select
        holdout_days,
        discount_periods,
        period_days
    from {{ ref('clv_settings') }}

),

summaries as (

    select * from {{ ref('clv_purchaser_summary') }}

),

fits as (

    select
        model,
        r,
        alpha,
        a,
        b
    from {{ ref('clv_model_parameters') }}
    where model in ('bgnbd', 'bgnbd_calibration') and is_converged

),

series_numbers as (

    select cast(generated_number as integer) as term_index
    from ({{ dbt.generate_series(max_terms) }}) as series

),

evaluations as (

    select
        summaries.contact_id,
        'bgnbd' as model,  -- noqa: RF04
        series_numbers.term_index as period_number,
        series_numbers.term_index * settings.period_days as horizon_days,
        summaries.repeat_purchases as x,
        summaries.recency_days as t_x,
        summaries.tenure_days as tenure
    from summaries
    cross join settings
    inner join series_numbers
        on settings.discount_periods >= series_numbers.term_index
    union all
    select
        summaries.contact_id,
        'bgnbd_calibration' as model,  -- noqa: RF04
        1 as period_number,
        cast(settings.holdout_days as {{ double_type() }}) as horizon_days,
        summaries.calibration_repeat_purchases as x,
        summaries.calibration_recency_days as t_x,
        summaries.calibration_tenure_days as tenure
    from summaries
    cross join settings
    where summaries.calibration_repeat_purchases is not null

),

evaluations_fitted as (

    select
        evaluations.*,
        fits.r,
        fits.alpha,
        fits.a,
        fits.b,
        evaluations.horizon_days / (fits.alpha + evaluations.tenure + evaluations.horizon_days)
            as series_z,
        fits.a + fits.b - 1 - fits.r as series_a,
        fits.a - 1 as series_b,
        fits.a + fits.b + evaluations.x - 1 as series_c
    from evaluations
    left join fits
        on evaluations.model = fits.model

),

series_inputs as (

    -- one series per distinct (fit, period, x, T): what the 2F1 depends on
    select distinct
        model,
        period_number,
        x,
        tenure,
        a,
        series_z,
        series_a,
        series_b,
        series_c,
        r is not null as has_fit
    from evaluations_fitted

),

series_sized as (

    select
        *,
        ceil(greatest(
            0, -series_a, (series_z * (a - 1) - 1) / (1 - series_z)
        )) as decreasing_from
    from series_inputs

),

series_bounded as (

    select
        model,
        period_number,
        x,
        tenure,
        series_z,
        series_a,
        series_b,
        series_c,
        -- no fit, no terms (least and greatest skip nulls on every engine: without the
        -- case, a row without a fit would take the maximum of null terms)
        case
            when has_fit
                then cast(least({{ max_terms }}, decreasing_from + ceil(
                    (39 + greatest(0, a - 2) * ln(2 + 39 / -ln(series_z))) / -ln(series_z)
                )) as integer)
        end as n_terms
    from series_sized

),

series_factors as (

    select
        series_bounded.model,
        series_bounded.period_number,
        series_bounded.x,
        series_bounded.tenure,
        series_numbers.term_index,
        (series_bounded.series_a + series_numbers.term_index - 1)
        * (series_bounded.series_b + series_numbers.term_index - 1)
        * series_bounded.series_z
        / nullif(
            (series_bounded.series_c + series_numbers.term_index - 1)
            * series_numbers.term_index,
            0
        ) as factor
    from series_bounded
    inner join series_numbers
        on series_bounded.n_terms >= series_numbers.term_index

),

series_products as (

    select
        model,
        period_number,
        x,
        tenure,
        term_index,
        sum(case when factor is null then 1 else 0 end) over terms_so_far as invalid_factors,
        sum(case when factor = 0 then 1 else 0 end) over terms_so_far as zero_factors,
        sum(case when factor < 0 then 1 else 0 end) over terms_so_far as negative_factors,
        sum(case when factor != 0 then ln(abs(factor)) end) over terms_so_far as log_magnitude
    from series_factors
    window terms_so_far as (
        partition by model, period_number, x, tenure
        order by term_index
        rows between unbounded preceding and current row
    )

),

series_terms as (

    select
        model,
        period_number,
        x,
        tenure,
        term_index,
        invalid_factors,
        case
            when zero_factors > 0 or log_magnitude < -700 then 0
            when mod(negative_factors, 2) = 1 then -exp(log_magnitude)
            else exp(log_magnitude)
        end as term
    from series_products

),

series_sums as (

    select
        series_terms.model,
        series_terms.period_number,
        series_terms.x,
        series_terms.tenure,
        1 + sum(series_terms.term) as hypergeometric_2f1,
        max(series_terms.invalid_factors) as invalid_factors,
        max(case
            when series_terms.term_index = series_bounded.n_terms
                then abs(series_terms.term)
        end) as last_term
    from series_terms
    inner join series_bounded
        on
            series_terms.model = series_bounded.model
            and series_terms.period_number = series_bounded.period_number
            and series_terms.x = series_bounded.x
            and series_terms.tenure = series_bounded.tenure
    group by
        series_terms.model,
        series_terms.period_number,
        series_terms.x,
        series_terms.tenure

),

evaluations_bounded as (

    -- every purchaser's row again, with the terms of its series
    select
        evaluations_fitted.*,
        series_bounded.n_terms
    from evaluations_fitted
    left join series_bounded
        on
            evaluations_fitted.model = series_bounded.model
            and evaluations_fitted.period_number = series_bounded.period_number
            and evaluations_fitted.x = series_bounded.x
            and evaluations_fitted.tenure = series_bounded.tenure

),

evaluations_summed as (

    select
        evaluations_bounded.*,
        series_sums.hypergeometric_2f1,
        series_sums.invalid_factors,
        series_sums.last_term,
        evaluations_bounded.series_z * greatest(
            1, (evaluations_bounded.a - 1 + evaluations_bounded.n_terms)
            / (evaluations_bounded.n_terms + 1)
        ) as ratio_bound,
        case
            when evaluations_bounded.x = 0 then null
            else
                ln(evaluations_bounded.a / (evaluations_bounded.b + evaluations_bounded.x - 1))
                + (evaluations_bounded.r + evaluations_bounded.x)
                * ln(
                    (evaluations_bounded.alpha + evaluations_bounded.tenure)
                    / (evaluations_bounded.alpha + evaluations_bounded.t_x)
                )
        end as log_dropout_odds
    from evaluations_bounded
    left join series_sums
        on
            evaluations_bounded.model = series_sums.model
            and evaluations_bounded.period_number = series_sums.period_number
            and evaluations_bounded.x = series_sums.x
            and evaluations_bounded.tenure = series_sums.tenure

),

evaluations_checked as (

    select
        *,
        coalesce(
            invalid_factors = 0
            and series_a + n_terms >= 0
            and ratio_bound < 1
            and last_term * ratio_bound / (1 - ratio_bound) <= 1e-15 * abs(hypergeometric_2f1),
            false
        ) as is_series_converged,
        case
            when r is null then null
            when x = 0 or log_dropout_odds < -700 then 1.0
            when log_dropout_odds > 700 then 0.0
            else 1 / (1 + exp(log_dropout_odds))
        end as p_alive
    from evaluations_summed

),

final as (

    select
        model,
        contact_id,
        period_number,
        horizon_days,
        x as repeat_purchases,
        t_x as recency_days,
        tenure as tenure_days,
        p_alive,
        case
            when is_series_converged
                then (a + b + x - 1) / nullif(a - 1, 0) * (
                    1 - power((alpha + tenure) / (alpha + tenure + horizon_days), a - 1)
                    * hypergeometric_2f1
                )
        end as expected_purchases_if_alive,
        case
            when is_series_converged
                then p_alive * (a + b + x - 1) / nullif(a - 1, 0) * (
                    1 - power((alpha + tenure) / (alpha + tenure + horizon_days), a - 1)
                    * hypergeometric_2f1
                )
        end as expected_purchases,
        series_a,
        series_b,
        series_c,
        series_z,
        n_terms,
        case when is_series_converged then hypergeometric_2f1 end as hypergeometric_2f1,
        case when r is not null then is_series_converged end as is_series_converged
    from evaluations_checked

)

select * from final
