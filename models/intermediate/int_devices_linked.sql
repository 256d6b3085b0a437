{#-
    Which contact each device (anonymous_id) belongs to, retroactively: the customer of its
    latest event that carries a customer_id; failing that, the owner of the email of its
    latest event that carries an email (an account's customer contact, or the email
    contact); failing that, the device is an anonymous contact of its own. "Latest" is by
    occurred_at, then event_id (as text).
-#}
with

events as (

    select
        anonymous_id,
        event_id,
        occurred_at,
        customer_id,
        email
    from {{ ref('int_events_scoped') }}

),

emails_owned as (

    select
        email,
        contact_id
    from {{ ref('int_emails_owned') }}

),

devices as (

    select distinct anonymous_id from events

),

customer_links as (

    select
        anonymous_id,
        customer_id,
        row_number() over (
            partition by anonymous_id order by occurred_at desc, event_id desc
        ) as link_rank
    from events
    where customer_id is not null

),

email_links as (

    select
        anonymous_id,
        email,
        row_number() over (
            partition by anonymous_id order by occurred_at desc, event_id desc
        ) as link_rank
    from events
    where email is not null

),

final as (

    select
        devices.anonymous_id,
        case
            when customer_links.customer_id is not null
                then 'customer:' || customer_links.customer_id
            when email_links.email is not null then emails_owned.contact_id
            else 'anon:' || devices.anonymous_id
        end as contact_id,
        case
            when customer_links.customer_id is not null then 'customer_id'
            when email_links.email is not null then 'email'
            else 'none'
        end as link_rule
    from devices
    left join customer_links
        on
            devices.anonymous_id = customer_links.anonymous_id
            and customer_links.link_rank = 1
    left join email_links
        on
            devices.anonymous_id = email_links.anonymous_id
            and email_links.link_rank = 1
    left join emails_owned
        on email_links.email = emails_owned.email

)

select * from final
