{#-
    Every contact as of the cutoff, one row each: customers (every customer_id on an
    in-scope accepted row, with or without an account), emails that belong to no account,
    and devices never linked to a person.
-#}
with

accounts as (

    select
        customer_id,
        email
    from {{ ref('int_accounts_resolved') }}

),

orders as (

    select customer_id from {{ ref('int_orders_scoped') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

events as (

    -- The customer_ids of in-scope events, from the per-date identity state.
    select identity_days.customer_id
    from {{ ref('int_identity_days_collected') }} as identity_days
    inner join reporting_period
        on identity_days.event_date <= reporting_period.as_of_date

),

subscribers as (

    select customer_id from {{ ref('int_subscribers_scoped') }}

),

support_tickets as (

    select customer_id from {{ ref('int_support_tickets_scoped') }}

),

emails_owned as (

    select
        email,
        contact_id,
        owner_customer_id
    from {{ ref('int_emails_owned') }}

),

devices_linked as (

    select
        anonymous_id,
        contact_id,
        link_rule
    from {{ ref('int_devices_linked') }}

),

customer_ids as (

    select customer_id from accounts
    union
    select customer_id from orders
    union
    select customer_id from events
    union
    select customer_id from subscribers
    union
    select customer_id from support_tickets

),

customer_contacts as (

    select
        'customer:' || customer_ids.customer_id as contact_id,
        'customer' as contact_kind,
        customer_ids.customer_id,
        accounts.email,
        cast(null as {{ dbt.type_string() }}) as anonymous_id
    from customer_ids
    left join accounts
        on customer_ids.customer_id = accounts.customer_id
    where customer_ids.customer_id is not null

),

email_contacts as (

    select
        contact_id,
        'email' as contact_kind,
        cast(null as {{ dbt.type_string() }}) as customer_id,
        email,
        cast(null as {{ dbt.type_string() }}) as anonymous_id
    from emails_owned
    where owner_customer_id is null

),

anonymous_contacts as (

    select
        contact_id,
        'anon' as contact_kind,
        cast(null as {{ dbt.type_string() }}) as customer_id,
        cast(null as {{ dbt.type_string() }}) as email,
        anonymous_id
    from devices_linked
    where link_rule = 'none'

),

final as (

    select * from customer_contacts
    union all
    select * from email_contacts
    union all
    select * from anonymous_contacts

)

select * from final
