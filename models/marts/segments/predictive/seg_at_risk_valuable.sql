{#-
    Purchasers the BG/NBD model thinks have probably stopped buying (P(alive) below
    at_risk_max_p_alive) whose lifetime net revenue is above the mean over purchasers (kept
    exact, as in big_spenders, by multiplying out). No converged fit: P(alive) is null and
    the segment is empty.
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
        scores.p_alive,
        contacts.lifetime_net_revenue
    from scores
    inner join contacts
        on scores.contact_id = contacts.contact_id
    where
        scores.p_alive < {{ exact_number(checked_var('at_risk_max_p_alive')) }}
        and contacts.lifetime_net_revenue * contacts.purchaser_count
        > contacts.purchasers_net_revenue

)

select * from members
