{{ config(
    materialized=incremental_or_table(),
    incremental_strategy='delete+insert',
    unique_key=['raw_fingerprint', 'raw_occurrence'],
    on_schema_change='fail',
    pre_hook="{{ unreadable_rows_pre_hook('events') }}",
    post_hook="{{ unreadable_rows_post_hook('events') }}",
) }}
{#-
    Incremental: a scheduled run stages only raw rows not staged before (and re-judges the
    duplicate rule for the event_ids they touch); see macros/incremental_staging.sql.
-#}
with

{{ raw_rows_keyed('source', 'tracker', 'events', 'event_id') }},

-- Before cleaning: an incremental run cleans only the rows it stages.
{{ incremental_batch('batch', 'source', 'event_id') }},

cleaned as (

    select
        raw_fingerprint,
        raw_occurrence,
        cast(event_id as {{ dbt.type_string() }}) as raw_event_id,
        {{ clean_id('event_id') }} as event_id,
        {{ to_timestamp('occurred_at') }} as occurred_at,
        {{ clean_id('anonymous_id') }} as anonymous_id,
        {{ clean_id('customer_id') }} as customer_id,
        {{ clean_email('email') }} as email,
        {{ clean_code('event_type') }} as event_type,
        {{ clean_id('product_id') }} as product_id,
        {{ clean_id('order_id') }} as order_id,
        {{ code_or_default('device_type', ['desktop', 'mobile', 'tablet'], "'unknown'") }}
            as device_type,
        {{ code_or_default('platform', ['web', 'app'], "'web'") }} as platform,
        {{ code_or_default(
            'traffic_source',
            ['direct', 'organic_search', 'paid_search', 'paid_social', 'organic_social',
             'email', 'referral', 'affiliate', 'display'],
            "'direct'") }} as traffic_source,
        {{ clean_text('utm_campaign') }} as utm_campaign,
        {{ clean_text('referrer_domain') }} as referrer_domain,
        {{ clean_text('page_path') }} as page_path,
        {{ clean_iso_code('country_code') }} as country_code,
        {{ is_unreadable_row() }} as is_unreadable,
        has_repeated_id
    from batch

),

row_rules as {{ inlined_cte() }} (

    -- Inlined, read twice: the ranking below reads only the rows whose event_id repeats.
    select
        *,
        case
            when is_unreadable then 'row_unreadable'
            when event_id is null then 'event_id_blank'
            when occurred_at is null then 'occurred_at_null'
            when anonymous_id is null then 'anonymous_id_blank'
            when event_type is null or event_type not in (
                'page_view', 'product_view', 'search', 'add_to_cart', 'remove_from_cart',
                'checkout_started', 'order_completed', 'chat_started', 'email_open',
                'email_click', 'login', 'signup'
            ) then 'event_type_invalid'
        end as row_rule
    from cleaned

),

event_id_ranks as (

    -- Only an event_id on several rows that pass the row rules can be a duplicate. A
    -- repeated event_id keeps the earliest occurred_at; exact ties keep the first row by the
    -- remaining columns, then (rows equal once cleaned) the smallest raw_fingerprint;
    -- identical copies (tracker retries) keep the first copy.
    select
        raw_fingerprint,
        raw_occurrence,
        row_number() over (
            partition by event_id
            order by
                occurred_at asc,
                anonymous_id asc,
                event_type asc,
                customer_id asc nulls last,
                email asc nulls last,
                product_id asc nulls last,
                order_id asc nulls last,
                device_type asc,
                traffic_source asc,
                page_path asc nulls last,
                raw_fingerprint asc,
                raw_occurrence asc
        ) as event_id_rank
    from row_rules
    where has_repeated_id and row_rule is null

),

duplicates_ranked as (

    select
        row_rules.*,
        coalesce(ranks.event_id_rank, 1) as event_id_rank
    from row_rules
    left join event_id_ranks as ranks
        on
            row_rules.raw_fingerprint = ranks.raw_fingerprint
            and row_rules.raw_occurrence = ranks.raw_occurrence

),

final as (

    select
        raw_fingerprint,
        raw_occurrence,
        {{ next_ingest_seq() }} as ingest_seq,
        raw_event_id,
        event_id,
        occurred_at,
        anonymous_id,
        customer_id,
        email,
        event_type,
        product_id,
        order_id,
        device_type,
        platform,
        traffic_source,
        utm_campaign,
        referrer_domain,
        page_path,
        country_code,
        coalesce(
            row_rule,
            case when event_id_rank > 1 then 'event_id_duplicate' end
        ) as rejected_rule
    from duplicates_ranked

)

select * from final
