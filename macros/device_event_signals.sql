{#-
    The per-device event state (int_device_events_aggregated, int_device_events_scoped),
    aggregated from rows of int_device_days_aggregated. One definition, so both models
    aggregate the same columns in the same way.

    device_event_signals(): per latest-row signal, its time column and the columns kept
    from its latest row, the first being the event_id that breaks ties on the time.
-#}
{% macro device_event_signals() -%}
    {{ return({
        'last_product_view_at': ['last_product_view_event_id', 'last_product_viewed_id'],
        'last_cart_at': ['last_cart_event_id', 'last_cart_product_id'],
        'last_country_at': ['last_country_event_id', 'last_country_code'],
        'last_customer_at': ['last_customer_event_id', 'last_customer_id'],
        'last_email_at': ['last_email_event_id', 'last_email'],
    }) }}
{%- endmacro %}

{#- The state's columns, in order, without anonymous_id: a select list of plain names. -#}
{% macro device_event_state_columns() -%}
    {%- set names = [] -%}
    {%- for time_column, kept in device_event_signals().items() -%}
        {%- do names.append(time_column) -%}
        {%- do names.extend(kept) -%}
    {%- endfor -%}
    {%- do names.extend([
        'last_event_date', 'events_total', 'first_event_at', 'last_event_at',
        'last_email_engagement_at',
    ]) -%}
    {{ names | join(',\n') }}
{%- endmacro %}

{#- The aggregates of those columns, in the same order, over device-day rows grouped by
    anonymous_id: the latest of the days' latest signals, the sums, minima and maxima. -#}
{% macro device_event_state_aggregates() -%}
    {%- set aggregates = [] -%}
    {%- for time_column, kept in device_event_signals().items() -%}
        {%- set kept_values = {} -%}
        {%- for column in kept -%}
            {%- do kept_values.update({column: column}) -%}
        {%- endfor -%}
        {%- do aggregates.append('max(' ~ time_column ~ ') as ' ~ time_column) -%}
        {%- do aggregates.append(latest_values(
            kept_values, [time_column, kept[0]], time_column ~ ' is not null')) -%}
    {%- endfor -%}
    {%- do aggregates.extend([
        'max(event_date) as last_event_date',
        'cast(sum(events_total) as ' ~ dbt.type_bigint() ~ ') as events_total',
        'min(first_event_at) as first_event_at',
        'max(last_event_at) as last_event_at',
        'max(last_email_engagement_at) as last_email_engagement_at',
    ]) -%}
    {{ aggregates | join(',\n') }}
{%- endmacro %}

{#- Per device, from its session rows (`sessions`: the relation name or alias): session
    count, first session start, and the first session's id, traffic source and device type
    (exact ties on the start: the smaller session_id). Used over all sessions
    (int_device_sessions_aggregated) and over those before the cutoff
    (int_contact_sessions_aggregated). -#}
{% macro device_first_session_aggregates(sessions) -%}
    {%- set order_columns = [sessions ~ '.started_at', sessions ~ '.session_id'] -%}
    {%- set aggregates = [
        'count(*) as sessions_total',
        'min(' ~ sessions ~ '.started_at) as first_session_at',
    ] -%}
    {%- for column in ['session_id', 'traffic_source', 'device_type'] -%}
        {%- do aggregates.append(
            earliest_value(sessions ~ '.' ~ column, order_columns) ~ ' as first_' ~ column) -%}
    {%- endfor -%}
    {{ aggregates | join(',\n') }}
{%- endmacro %}
