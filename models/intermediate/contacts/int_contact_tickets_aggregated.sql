{#-
    Support tickets per contact opened in the last 365 days. A ticket belongs to its
    customer_id; otherwise to the owner of its email.
-#}
with

support_tickets as (

    select * from {{ ref('int_support_tickets_scoped') }}

),

emails_owned as (

    select
        email,
        contact_id
    from {{ ref('int_emails_owned') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

tickets_attributed as (

    select
        case
            when support_tickets.customer_id is not null
                then 'customer:' || support_tickets.customer_id
            else emails_owned.contact_id
        end as contact_id,
        support_tickets.ticket_id,
        support_tickets.satisfaction_score,
        support_tickets.handle_minutes,
        support_tickets.opened_at
        >= {{ dbt.dateadd('day', -365, 'reporting_period.cutoff_at') }}
            as is_in_last_365_days
    from support_tickets
    left join emails_owned
        on support_tickets.email = emails_owned.email
    cross join reporting_period

),

final as (

    select
        contact_id,
        count(*) as tickets_total,
        sum(case when is_in_last_365_days then 1 else 0 end) as tickets_365d,
        sum(case when is_in_last_365_days then handle_minutes else 0 end)
            as handle_minutes_365d,
        sum(
            case when is_in_last_365_days and satisfaction_score is not null then 1 else 0 end
        ) as rated_tickets_365d,
        sum(case when is_in_last_365_days then satisfaction_score end)
            as satisfaction_sum_365d
    from tickets_attributed
    group by contact_id

)

select * from final
