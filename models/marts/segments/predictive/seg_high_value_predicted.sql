{#-
    The top high_value_share of purchasers by predicted CLV (predictive.clv_scores): ranked
    by predicted_clv, highest first, ties broken by contact_id; a purchaser is in when its
    rank x 1 <= high_value_share x the number of purchasers (so the segment never holds more
    than the share). Purchasers without a predicted CLV (no converged fit, or repeat
    purchases that net to zero or less) are never in, but count in the number of purchasers.
-#}
with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

scores as (

    select * from {{ ref('clv_scores') }}

),

ranked as (

    select
        contact_id,
        predicted_clv,
        row_number() over (order by predicted_clv desc, contact_id asc) as predicted_clv_rank
    from scores
    where predicted_clv is not null

),

purchasers as (

    select count(*) as purchaser_count from scores

),

members as (

    select
        {{ segment_contact_columns() }},
        ranked.predicted_clv,
        ranked.predicted_clv_rank
    from ranked
    cross join purchasers
    inner join contacts
        on ranked.contact_id = contacts.contact_id
    where
        ranked.predicted_clv_rank
        <= {{ exact_number(checked_var('high_value_share')) }} * purchasers.purchaser_count

)

select * from members
