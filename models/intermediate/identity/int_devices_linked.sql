{#-
    Which contact each device (anonymous_id) belongs to, retroactively: the customer of its
    latest event that carries a customer_id; failing that, the owner of the email of its
    latest event that carries an email (an account's customer contact, or the email
    contact); failing that, the device is an anonymous contact of its own. "Latest" is by
    occurred_at, then event_id (as text), among the events on or before the as-of date. Read
    from the per-device event state (int_device_events_scoped), never from the events.
-#}
with

devices as (

    -- Per device, the customer_id and the email of its latest event carrying each.
    select
        anonymous_id,
        last_customer_id as customer_id,
        last_email as email
    from {{ ref('int_device_events_scoped') }}

),

emails_owned as (

    select
        email,
        contact_id
    from {{ ref('int_emails_owned') }}

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
