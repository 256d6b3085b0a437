{#-
    Which contact each device (anonymous_id) belongs to, retroactively: the customer of its
    latest event that carries a customer_id; failing that, the owner of the email of its
    latest event that carries an email (an account's customer contact, or the email
    contact); failing that, the device is an anonymous contact of its own. "Latest" is by
    occurred_at, then event_id (as text). Read from the per-device-day state
    (int_device_days_aggregated), never from the events.
-#}
with

device_days as (

    select
        anonymous_id,
        event_date,
        last_customer_at,
        last_customer_event_id,
        last_customer_id,
        last_email_at,
        last_email_event_id,
        last_email
    from {{ ref('int_device_days_aggregated') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

device_days_scoped as (

    select device_days.*
    from device_days
    inner join reporting_period
        on device_days.event_date <= reporting_period.as_of_date

),

emails_owned as (

    select
        email,
        contact_id
    from {{ ref('int_emails_owned') }}

),

devices as (

    -- Per device, the customer_id and the email of its latest event carrying each: the
    -- latest of its days' latest ones.
    select
        anonymous_id,
        {{ latest_value(
            'last_customer_id',
            ['last_customer_at', 'last_customer_event_id'],
            'last_customer_at is not null') }} as customer_id,
        {{ latest_value(
            'last_email',
            ['last_email_at', 'last_email_event_id'],
            'last_email_at is not null') }} as email
    from device_days_scoped
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
