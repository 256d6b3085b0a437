{#-
    Each contact's subscription: per email the subscriber row with the latest
    coalesce(unsubscribed_at, subscribed_at) (null sorts oldest; ties: latest subscribed_at,
    then the largest subscriber_id), and across a contact's emails the latest the same way
    (ties: the first email).
-#}
with

subscribers as (

    select * from {{ ref('int_subscribers_scoped') }}

),

emails_owned as (

    select
        email,
        contact_id
    from {{ ref('int_emails_owned') }}

),

email_winners as (

    select
        *,
        coalesce(unsubscribed_at, subscribed_at) as last_changed_at,
        row_number() over (
            partition by email
            order by
                coalesce(unsubscribed_at, subscribed_at) desc nulls last,
                subscribed_at desc nulls last,
                subscriber_id desc
        ) as email_rank
    from subscribers

),

contact_winners as (

    select
        emails_owned.contact_id,
        email_winners.*,
        row_number() over (
            partition by emails_owned.contact_id
            order by
                email_winners.last_changed_at desc nulls last,
                email_winners.subscribed_at desc nulls last,
                email_winners.email asc
        ) as contact_rank
    from email_winners
    inner join emails_owned
        on email_winners.email = emails_owned.email
    where email_winners.email_rank = 1

),

final as (

    select
        contact_id,
        subscriber_id,
        email,
        status,
        status = 'subscribed' as is_subscribed,
        subscribed_at,
        unsubscribed_at,
        signup_source,
        sms_opt_in,
        whatsapp_opt_in,
        interests,
        coalesce({{ has_list_token('interests', 'sustainability') }}, false)
            as has_sustainability_interest
    from contact_winners
    where contact_rank = 1

)

select * from final
