with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

members as (

    select
        {{ segment_contact_columns() }},
        contacts.lifetime_net_revenue,
        contacts.order_count
    from contacts
    where
        contacts.is_purchaser
        -- revenue > multiple x (total / purchasers), kept exact by multiplying out
        and contacts.lifetime_net_revenue * contacts.purchaser_count
        > {{ exact_number(checked_var('big_spender_multiple')) }} * contacts.purchasers_net_revenue

)

select * from members
