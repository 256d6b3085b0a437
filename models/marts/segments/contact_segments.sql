{#-
    One row per contact: its segments and its lifecycle stage, a partition where the first
    match wins: prospect (no valid order), new (first_time_buyers), loyal (loyal_customers),
    lapsed (inactive_customers), at_risk (more than 90 days since the last order), active.
    rfm_group: the purchaser's RFM group (predictive.rfm_scores); null for non-purchasers.
-#}
with

contacts as (

    select * from {{ ref('fct_contacts') }}

),

memberships as (

    select * from {{ ref('segment_memberships') }}

),

rfm_groups as (

    select
        contact_id,
        rfm_group
    from {{ ref('rfm_scores') }}

),

contact_memberships as (

    select
        contact_id,
        count(*) as segment_count,
        {{ sorted_list_text('segment_id', "', '") }} as segment_ids,
        max(case when segment_id = 'first_time_buyers' then 1 else 0 end)
            as is_first_time_buyer,
        max(case when segment_id = 'loyal_customers' then 1 else 0 end) as is_loyal,
        max(case when segment_id = 'inactive_customers' then 1 else 0 end) as is_inactive
    from memberships
    group by contact_id

),

final as (

    select
        contacts.contact_id,
        contacts.contact_kind,
        contacts.customer_id,
        contacts.email,
        contacts.as_of_date as as_of,
        case
            when contacts.order_count = 0 then 'prospect'
            when contact_memberships.is_first_time_buyer = 1 then 'new'
            when contact_memberships.is_loyal = 1 then 'loyal'
            when contact_memberships.is_inactive = 1 then 'lapsed'
            when contacts.days_since_last_order > 90 then 'at_risk'
            else 'active'
        end as lifecycle_stage,
        coalesce(contact_memberships.segment_count, 0) as segment_count,
        contact_memberships.segment_ids,
        rfm_groups.rfm_group
    from contacts
    left join contact_memberships
        on contacts.contact_id = contact_memberships.contact_id
    left join rfm_groups
        on contacts.contact_id = rfm_groups.contact_id

)

select * from final
