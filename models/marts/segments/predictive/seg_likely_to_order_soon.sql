{#-
    Purchasers whose expected next order date (predictive.clv_scores: the median date of the
    next order, null when that chance stays below 50% over the CLV horizon) falls within
    likely_to_order_days days of the as-of date: D <= expected_next_order_date <= D + N.
-#}
with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

scores as (

    select * from {{ ref('clv_scores') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        scores.expected_next_order_date,
        scores.p_alive
    from scores
    inner join contacts
        on scores.contact_id = contacts.contact_id
    where
        scores.expected_next_order_date
        <= cast(
            {{ dbt.dateadd('day', checked_var('likely_to_order_days'), 'contacts.as_of_date') }}
            as date
        )

)

select * from members
