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

    -- Per device, the customer_id and the email of its latest event carrying each.
    select
        anonymous_id,
        {{ latest_value('customer_id', ['occurred_at', 'event_id'], 'customer_id is not null') }}
            as customer_id,
        {{ latest_value('email', ['occurred_at', 'event_id'], 'email is not null') }} as email
    from events
    group by anonymous_id

),

final as (

    select
        devices.anonymous_id,
        case
            when devices.customer_id is not null then 'customer:' || devices.customer_id
            when devices.email is not null then emails_owned.contact_id
            else 'anon:' || devices.anonymous_id
        end as contact_id,
        case
            when devices.customer_id is not null then 'customer_id'
            when devices.email is not null then 'email'
            else 'none'
        end as link_rule
    from devices
    left join emails_owned
        on devices.email = emails_owned.email

)

select * from final
