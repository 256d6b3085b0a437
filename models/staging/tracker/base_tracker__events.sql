{{ config(
    materialized=incremental_or_table(),
    incremental_strategy='delete+insert',
    unique_key='event_id',
    on_schema_change='fail',
    pre_hook=[
        "{{ restage_snapshot_pre_hook('events') }}",
        "{{ unreadable_rows_pre_hook('events') }}",
    ],
    post_hook=[
        "{{ unreadable_rows_post_hook('events') }}",
        "{{ record_staged_loads('events') }}",
    ],
) }}
{#-
    Every raw event row, cleaned, with the reject rule it broke (null: accepted). Incremental
    by load (macros/staged_loads.sql): a scheduled refresh stages only the load files it has
    not staged, then judges the duplicate rule again for each event_id those rows carry,
    over the new rows and the staged rows sharing it, and replaces that group (unique_key
    event_id), so late rows and re-sent copies end where a full build puts them.
-#}
{%- set staged_columns = [
    'raw_load', 'raw_row', 'raw_loaded_at', 'raw_event_id', 'event_id', 'occurred_at',
    'anonymous_id', 'customer_id', 'email', 'event_type', 'product_id', 'order_id',
    'device_type', 'platform', 'traffic_source', 'utm_campaign', 'referrer_domain',
    'page_path', 'country_code'] %}
with

raw_rows as {{ inlined_cte() }} (

    -- The raw rows of the loads this run stages.
    {{ raw_load_rows('tracker', 'events') | indent(4) }}

),

cleaned as {{ inlined_cte() }} (

    select
        raw_load,
        raw_row,
        raw_loaded_at,
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
        {{ is_unreadable_row() }} as is_unreadable
    from raw_rows

),

new_rows as {{ inlined_cte() }} (

    -- The row rules; the first broken rule in the contract's column order names the
    -- rejection.
    select
        {{ staged_columns | join(',\n        ') }},
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

restaged_rows as (

    -- A refresh: the staged rows sharing an event_id with the new rows, their row rule
    -- as staged and the duplicate rule to judge again. A full build: none.
    {%- if is_incremental() %}
    select
        {{ staged_columns | join(',\n        ') }},
        case when rejected_rule != 'event_id_duplicate' then rejected_rule end as row_rule
    from {{ this }}
    where event_id in (select new_rows.event_id from new_rows)
    {%- else %}
    select * from new_rows
    where 1 = 0
    {%- endif %}

),

candidates as {{ inlined_cte() }} (

    select * from new_rows
    union all
    select * from restaged_rows

),

repeated_event_ids as (

    -- Only an event_id on several rows that pass the row rules can be a duplicate; on
    -- DuckDB a 64-bit hash of it finds them (candidate_key: a false match only ranks a
    -- row alone).
    select {{ candidate_key('event_id') }} as event_id_key
    from candidates
    where row_rule is null
    group by {{ candidate_key('event_id') }}
    having count(*) > 1

),

event_id_ranks as (

    -- A repeated event_id keeps the earliest occurred_at; ties keep the first row by the
    -- remaining columns, then by raw event_id, then in load order (load name, row number):
    -- identical copies (tracker retries, re-sent loads) keep the first one loaded.
    select
        raw_load,
        raw_row,
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
                platform asc,
                utm_campaign asc nulls last,
                referrer_domain asc nulls last,
                country_code asc nulls last,
                raw_event_id asc,
                raw_load asc,
                raw_row asc
        ) as event_id_rank
    from candidates
    where
        row_rule is null
        and {{ candidate_key('event_id') }} in (
            select /*+ broadcast(repeated_event_ids) */ repeated_event_ids.event_id_key
            from repeated_event_ids
        )

),

final as (

    -- The broadcast hints (a comment to DuckDB and PostgreSQL) keep Spark from shuffling
    -- every staged row twice, by event_id for the semi join and by (raw_load, raw_row)
    -- for this join, when the other side holds only the repeated event_ids: SF0.1, 10M
    -- events, 108 s without them, 67 s with them (local[2]; BENCHMARKS.md, "Spark at
    -- SF0.1").
    select /*+ broadcast(ranks) */
        {%- for column in staged_columns %}
        candidates.{{ column }},
        {%- endfor %}
        {{ next_ingest_seq() }} as ingest_seq,
        coalesce(
            candidates.row_rule,
            case when ranks.event_id_rank > 1 then 'event_id_duplicate' end
        ) as rejected_rule
    from candidates
    left join event_id_ranks as ranks
        on
            candidates.raw_load = ranks.raw_load
            and candidates.raw_row = ranks.raw_row

)

select * from final
