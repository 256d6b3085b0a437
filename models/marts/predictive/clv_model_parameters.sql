{#-
    One row per fitted model: bgnbd, gamma_gamma and bgnbd_calibration.

    DuckDB: the fits of the Python model clv_model_fits (scripts/clv.py; dbt-duckdb runs it
    in dbt's own process). PostgreSQL and Spark cannot run Python models: there
    clv_model_fits is disabled and the parameters come from the vars clv_bgnbd_* and
    clv_gamma_gamma_* (copied from a DuckDB build's clv_model_parameters); a model whose vars
    are not all set is not converged, and its scores are null. The calibration fit of the
    backtest has no vars: it is never converged there. (One SQL model on every engine rather
    than a Python and a SQL model of the same name: dbt's partial parsing loses the enabled
    one of two same-named models when the disabled one is edited.)
-#}
{%- set bgnbd = ['r', 'alpha', 'a', 'b'] -%}
{%- set gamma_gamma = ['p', 'q', 'gamma'] -%}
{%- set ns = namespace(bgnbd_set=true, gamma_gamma_set=true) -%}
{%- for name in bgnbd if checked_var('clv_bgnbd_' ~ name) is none -%}
{%- set ns.bgnbd_set = false -%}
{%- endfor -%}
{%- for name in gamma_gamma if checked_var('clv_gamma_gamma_' ~ name) is none -%}
{%- set ns.gamma_gamma_set = false -%}
{%- endfor -%}
{%- if target.type == 'duckdb' %}
with

fits as (

    select * from {{ ref('clv_model_fits') }}

),

final as (

    select
        as_of_date,
        period_end_date,
        model,
        r,
        alpha,
        a,
        b,
        p,
        q,
        gamma,
        n,
        repeat_buyers,
        log_likelihood,
        is_converged,
        message
    from fits

)
{%- else %}
with

settings as (

    select
        as_of_date,
        calibration_end_date
    from {{ ref('clv_settings') }}

),

fits as (

    select
        'bgnbd' as model,
        {%- for name in bgnbd %}
        cast({{ var_sql('clv_bgnbd_' ~ name) if ns.bgnbd_set else 'null' }}
            as {{ double_type() }}) as {{ name }},
        {%- endfor %}
        {%- for name in gamma_gamma %}
        cast(null as {{ double_type() }}) as {{ name }},
        {%- endfor %}
        {{ 'true' if ns.bgnbd_set else 'false' }} as is_converged,
        {{ text_literal(
            'parameters from the vars clv_bgnbd_* (not fitted on this engine)' if ns.bgnbd_set
            else 'not fitted on this engine: set the vars clv_bgnbd_r, clv_bgnbd_alpha,'
                ~ ' clv_bgnbd_a and clv_bgnbd_b from a DuckDB build'
        ) }} as message
    union all
    select
        'gamma_gamma' as model,
        {%- for name in bgnbd %}
        cast(null as {{ double_type() }}) as {{ name }},
        {%- endfor %}
        {%- for name in gamma_gamma %}
        cast({{ var_sql('clv_gamma_gamma_' ~ name) if ns.gamma_gamma_set else 'null' }}
            as {{ double_type() }}) as {{ name }},
        {%- endfor %}
        {{ 'true' if ns.gamma_gamma_set else 'false' }} as is_converged,
        {{ text_literal(
            'parameters from the vars clv_gamma_gamma_* (not fitted on this engine)'
            if ns.gamma_gamma_set
            else 'not fitted on this engine: set the vars clv_gamma_gamma_p,'
                ~ ' clv_gamma_gamma_q and clv_gamma_gamma_gamma from a DuckDB build'
        ) }} as message
    union all
    select
        'bgnbd_calibration' as model,
        {%- for name in bgnbd + gamma_gamma %}
        cast(null as {{ double_type() }}) as {{ name }},
        {%- endfor %}
        false as is_converged,
        {{ text_literal('not fitted on this engine: the backtest needs the DuckDB build') }}
            as message

),

final as (

    select
        settings.as_of_date,
        case
            when fits.model = 'bgnbd_calibration' then settings.calibration_end_date
            else settings.as_of_date
        end as period_end_date,
        fits.model,
        fits.r,
        fits.alpha,
        fits.a,
        fits.b,
        fits.p,
        fits.q,
        fits.gamma,
        cast(null as integer) as n,
        cast(null as integer) as repeat_buyers,
        cast(null as {{ double_type() }}) as log_likelihood,
        fits.is_converged,
        fits.message
    from fits
    cross join settings

)

{%- endif %}

select * from final
