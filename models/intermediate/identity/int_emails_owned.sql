{#-
    Who each email seen in scope belongs to. Emails come from subscriber, order, ticket and
    event rows (an email found only on an account row creates no contact). An email belongs
    to an account when it is the winning account version's email (several accounts: the
    earliest created, then the smallest customer_id); otherwise when an in-scope row carries
    both the email and a customer_id (several: the smallest customer_id). Otherwise the email
    is a contact of its own. Nothing else merges emails into accounts.
-#}
with

subscribers as (

    select
        email,
        customer_id
    from {{ ref('int_subscribers_scoped') }}

),

orders as (

    select
        email,
        customer_id
    from {{ ref('int_orders_scoped') }}

),

support_tickets as (

    select
        email,
        customer_id
    from {{ ref('int_support_tickets_scoped') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

events as (

    -- The (email, customer_id) pairs of in-scope events, from the per-date identity state.
    select
        identity_days.email,
        identity_days.customer_id
    from {{ ref('int_identity_days_collected') }} as identity_days
    inner join reporting_period
        on identity_days.event_date <= reporting_period.as_of_date
    where identity_days.email is not null

),

accounts as (

    select
        customer_id,
        email,
        created_at
    from {{ ref('int_accounts_resolved') }}
    where email is not null

),

email_rows as (

    select
        email,
        customer_id
    from subscribers
    union all
    select
        email,
        customer_id
    from orders
    union all
    select
        email,
        customer_id
    from support_tickets
    union all
    select
        email,
        customer_id
    from events

),

emails_seen as (

    select
        email,
        min(customer_id) as smallest_row_customer_id
    from email_rows
    where email is not null
    group by email

),

account_emails as (

    select
        email,
        customer_id,
        row_number() over (
            partition by email order by created_at asc, customer_id asc
        ) as account_rank
    from accounts

),

owners as (

    select
        emails_seen.email,
        coalesce(account_emails.customer_id, emails_seen.smallest_row_customer_id)
            as owner_customer_id,
        case
            when account_emails.customer_id is not null then 'account_email'
            when emails_seen.smallest_row_customer_id is not null then 'row_customer_id'
            else 'unowned'
        end as ownership_rule
    from emails_seen
    left join account_emails
        on
            emails_seen.email = account_emails.email
            and account_emails.account_rank = 1

),

final as (

    select
        email,
        owner_customer_id,
        ownership_rule,
        case
            when owner_customer_id is not null then 'customer:' || owner_customer_id
            else 'email:' || email
        end as contact_id
    from owners

)

select * from final
