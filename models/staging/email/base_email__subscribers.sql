{{ config(
    pre_hook="{{ unreadable_rows_pre_hook('subscribers') }}",
    post_hook="{{ unreadable_rows_post_hook('subscribers') }}",
) }}
with

raw_rows as (

    -- The raw rows of every load: this table is staged whole on every run.
    {{ raw_load_rows('email', 'subscribers') | indent(4) }}

),

cleaned as (

    select
        raw_load,
        raw_row,
        raw_loaded_at,
        cast(subscriber_id as {{ dbt.type_string() }}) as raw_subscriber_id,
        {{ clean_id('subscriber_id') }} as subscriber_id,
        {{ clean_email('email') }} as email,
        {{ clean_id('customer_id') }} as customer_id,
        {{ clean_code('status') }} as status,
        {{ to_timestamp('subscribed_at') }} as subscribed_at,
        {{ to_timestamp('unsubscribed_at') }} as unsubscribed_at,
        {{ code_or_default(
            'signup_source', ['popup', 'checkout', 'store', 'coupon', 'footer', 'import'],
            "'other'") }} as signup_source,
        coalesce({{ to_boolean('sms_opt_in') }}, false) as sms_opt_in,
        coalesce({{ to_boolean('whatsapp_opt_in') }}, false) as whatsapp_opt_in,
        {{ clean_text('interests') }} as interests,
        {{ is_unreadable_row() }} as is_unreadable
    from raw_rows

),

final as (

    select
        raw_load,
        raw_row,
        raw_loaded_at,
        raw_subscriber_id,
        subscriber_id,
        email,
        customer_id,
        status,
        subscribed_at,
        unsubscribed_at,
        signup_source,
        sms_opt_in,
        whatsapp_opt_in,
        interests,
        case
            when is_unreadable then 'row_unreadable'
            when subscriber_id is null then 'subscriber_id_blank'
            when email is null or {{ dbt.position("'@'", 'email') }} = 0 then 'email_invalid'
            when
                status is null
                or status not in ('subscribed', 'unsubscribed', 'pending', 'cleaned')
                then 'status_invalid'
        end as rejected_rule
    from cleaned

)

select * from final
