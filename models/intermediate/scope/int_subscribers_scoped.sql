{{ config(materialized='view') }}
{#-
    Accepted subscriber rows as they were at the as-of date: a row subscribed at or after
    the cutoff does not exist yet; a row unsubscribed at or after the cutoff was still
    subscribed then (status `subscribed`, unsubscribed_at null).
-#}
with

subscribers as (

    select * from {{ ref('stg_email__subscribers') }}

),

reporting_period as (

    select * from {{ ref('int_reporting_period') }}

),

in_scope as (

    select
        subscribers.*,
        subscribers.unsubscribed_at >= reporting_period.cutoff_at as is_unsubscribed_later
    from subscribers
    cross join reporting_period
    where
        subscribers.subscribed_at is null
        or subscribers.subscribed_at < reporting_period.cutoff_at

),

final as (

    select
        subscriber_id,
        email,
        customer_id,
        case when is_unsubscribed_later then 'subscribed' else status end as status,
        subscribed_at,
        case when is_unsubscribed_later then null else unsubscribed_at end as unsubscribed_at,
        signup_source,
        sms_opt_in,
        whatsapp_opt_in,
        interests
    from in_scope

)

select * from final
