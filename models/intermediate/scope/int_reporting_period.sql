{#-
    The as-of date D and the cutoff (D + 1 day at 00:00). With the var `as_of` unset, D is
    the date of the latest accepted order or event. Every window in the project is measured
    from here; nothing reads the wall clock.
-#}
with

orders as (

    select ordered_at from {{ ref('stg_shop__orders') }}

),

events as (

    select occurred_at from {{ ref('stg_tracker__events') }}

),

latest_activity as (

    select max(activity_at) as latest_activity_at
    from (
        select ordered_at as activity_at from orders
        union all
        select occurred_at as activity_at from events
    ) as activity

),

as_of as (

    select
        {% if checked_var('as_of') is not none -%}
            {{ date_literal(checked_var('as_of')) }}
        {%- else -%}
        cast(latest_activity_at as date)
        {%- endif %} as as_of_date
    from latest_activity

),

final as (

    select
        as_of_date,
        cast({{ dbt.dateadd('day', 1, 'as_of_date') }} as {{ dbt.type_timestamp() }})
            as cutoff_at
    from as_of

)

select * from final
