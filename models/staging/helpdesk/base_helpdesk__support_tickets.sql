{{ config(
    pre_hook="{{ unreadable_rows_pre_hook('support_tickets') }}",
    post_hook="{{ unreadable_rows_post_hook('support_tickets') }}",
) }}
with

raw_rows as (

    -- The raw rows of every load: this table is staged whole on every run.
    {{ raw_load_rows('helpdesk', 'support_tickets') | indent(4) }}

),

cleaned as (

    select
        raw_load,
        raw_row,
        raw_loaded_at,
        cast(ticket_id as {{ dbt.type_string() }}) as raw_ticket_id,
        {{ clean_id('ticket_id') }} as ticket_id,
        {{ clean_id('customer_id') }} as customer_id,
        {{ clean_email('email') }} as email,
        {{ to_timestamp('opened_at') }} as opened_at,
        {{ to_timestamp('closed_at') }} as closed_at,
        {{ code_or_default(
            'channel', ['email', 'chat', 'phone', 'social', 'whatsapp'], "'other'") }}
            as channel,
        {{ to_integer('satisfaction_score') }} as raw_satisfaction_score,
        {{ to_integer('handle_minutes') }} as raw_handle_minutes,
        {{ is_unreadable_row() }} as is_unreadable
    from raw_rows

),

final as (

    select
        raw_load,
        raw_row,
        raw_loaded_at,
        raw_ticket_id,
        ticket_id,
        customer_id,
        email,
        opened_at,
        closed_at,
        channel,
        case when raw_satisfaction_score between 1 and 5 then raw_satisfaction_score end
            as satisfaction_score,
        case when raw_handle_minutes > 0 then raw_handle_minutes else 0 end as handle_minutes,
        case
            when is_unreadable then 'row_unreadable'
            when ticket_id is null then 'ticket_id_blank'
            when customer_id is null and email is null then 'customer_and_email_blank'
            when opened_at is null then 'opened_at_null'
        end as rejected_rule
    from cleaned

)

select * from final
