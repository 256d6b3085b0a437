{{ config(materialized='view') }}
{#- The accepted raw subscribers: downstream reads these, never rejected_rule. -#}
with

base_subscribers as (

    select * from {{ ref('base_email__subscribers') }}

),

final as (

    select
        raw_load,
        raw_row,
        subscriber_id,
        email,
        customer_id,
        status,
        subscribed_at,
        unsubscribed_at,
        signup_source,
        sms_opt_in,
        whatsapp_opt_in,
        interests
    from base_subscribers
    where rejected_rule is null

)

select * from final
