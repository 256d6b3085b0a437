{#-
    Helpers of the incremental state built from the staged events (int_sessions_built per
    device, int_device_days_aggregated and int_identity_days_collected per event date).
    Each such table stores `processed_ingest_seq`, the staged events' highest ingest
    sequence when it was built; a scheduled run rebuilds only what the staged rows after
    that sequence touch.
-#}

{#-
    The highest ingest sequence of the upstream staging model (default: the staged events)
    that this table has processed, kept in its column `column`; 0 when the table is empty,
    on a full build, or when the upstream was rebuilt since (its highest sequence is lower),
    so the run rebuilds the table whole. A table built without the column (an older
    version of the project) stops the run with one line asking for a full refresh. Read when the model compiles, before its pre-hook
    deletes anything, so the hook and the model see the same rows as touched.
-#}
{% macro processed_watermark(column='processed_ingest_seq', upstream=none) -%}
    {%- if execute and is_incremental() -%}
        {%- set upstream = upstream if upstream is not none else ref('base_tracker__events') -%}
        {%- set present = adapter.get_columns_in_relation(this) | map(attribute='name')
            | map('lower') | list -%}
        {%- if column not in present -%}
            {{ exceptions.raise_compiler_error(this ~ " has no column " ~ column
                ~ ": it was built by an older version of the project; run"
                ~ " `dbt build --full-refresh` once") }}
        {%- endif -%}
        {%- set result = run_query(
            "select coalesce((select max(" ~ column ~ ") from " ~ this ~ "), 0), "
            ~ "coalesce((select max(ingest_seq) from " ~ upstream ~ "), 0)"
        ) -%}
        {%- set processed = result.columns[0].values()[0] | int -%}
        {%- set staged = result.columns[1].values()[0] | int -%}
        {{ return(processed if processed <= staged else 0) }}
    {%- else -%}
        {{ return(0) }}
    {%- endif -%}
{%- endmacro %}

{#- Devices with staged event rows (accepted or not) newer than the watermark. -#}
{% macro touched_devices_sql(watermark) -%}
    select distinct anonymous_id
    from {{ ref('base_tracker__events') }}
    where ingest_seq > {{ watermark }} and anonymous_id is not null
{%- endmacro %}

{#- The events filter of a sessions run: every device on a full build (or watermark 0),
    the touched ones on an incremental run. -#}
{% macro touched_devices_filter(watermark) -%}
    {%- if is_incremental() and watermark > 0 -%}
        anonymous_id in ({{ touched_devices_sql(watermark) }})
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#-
    The event dates (cast(occurred_at as date)) of the staged event rows, accepted or not,
    newer than the watermark, as a list of 'YYYY-MM-DD' texts read when the model compiles.
    A re-judged duplicate group is staged again whole, so the dates of the rows it replaces
    are in the list too.
-#}
{% macro touched_event_dates(watermark) -%}
    {%- if not (execute and is_incremental() and watermark > 0) -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set result = run_query(
        "select distinct cast(cast(occurred_at as date) as " ~ dbt.type_string() ~ ") from "
        ~ ref('base_tracker__events') ~ " where ingest_seq > " ~ watermark
        ~ " and occurred_at is not null order by 1"
    ) -%}
    {{ return(result.columns[0].values() | list) }}
{%- endmacro %}

{#- The filter of a per-date state run over `timestamp_column`: true on a full build
    (watermark 0), false when no date is touched, else the touched dates' day ranges
    (constant bounds, so the scan can skip by zone maps). -#}
{% macro touched_dates_filter(timestamp_column, watermark) -%}
    {%- if not (is_incremental() and watermark > 0) -%}
        true
    {%- else -%}
        {%- set dates = touched_event_dates(watermark) -%}
        {%- if dates | length == 0 -%}
            false
        {%- else -%}
            ({%- for day in dates %}
            {{ 'or ' if not loop.first }}({{ timestamp_column }} >= cast({{ date_literal(day) }} as {{ dbt.type_timestamp() }})
                and {{ timestamp_column }} < cast({{ dbt.dateadd('day', 1, date_literal(day)) }} as {{ dbt.type_timestamp() }}))
            {%- endfor %}
            )
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook of a per-date state table: deletes the touched dates' rows (every row when the
    watermark is 0). -#}
{% macro delete_touched_dates_pre_hook(date_column) -%}
    {%- if is_incremental() -%}
        {%- set watermark = processed_watermark() -%}
        {%- if watermark == 0 -%}
            delete from {{ this }}
        {%- else -%}
            {%- set dates = touched_event_dates(watermark) -%}
            {%- if dates | length > 0 -%}
                delete from {{ this }} where {{ date_column }} in (
                {%- for day in dates %}{{ ', ' if not loop.first }}{{ date_literal(day) }}{% endfor -%}
                )
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook of the sessions: deletes the touched devices' sessions (every session when the
    watermark is 0). -#}
{% macro delete_touched_devices_pre_hook() -%}
    {%- if is_incremental() -%}
        {%- set watermark = processed_watermark() -%}
        {%- if watermark == 0 -%}
            delete from {{ this }}
        {%- else -%}
            delete from {{ this }} where anonymous_id in ({{ touched_devices_sql(watermark) }})
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#-
    Sessions are rebuilt from the first staged change on. Per device with staged event rows
    newer than the watermark (accepted or not, with a time), the earliest of their times:
    no event before it was added, removed or changed.
-#}
{% macro staged_device_changes_sql(watermark) -%}
    select
        anonymous_id,
        min(occurred_at) as first_changed_at
    from {{ ref('base_tracker__events') }}
    where
        ingest_seq > {{ watermark }}
        and anonymous_id is not null
        and occurred_at is not null
    group by anonymous_id
{%- endmacro %}

{#-
    The session_ids a refresh rebuilds: the sessions of a device with staged changes that
    end 30 minutes or less before its first change, or after it (a change can extend,
    merge, split or remove only those). The device's earlier sessions end more than 30
    minutes before any change, so they stay as they are.
-#}
{% macro changed_sessions_sql(watermark) -%}
    select sessions.session_id
    from {{ this }} as sessions
    inner join ({{ staged_device_changes_sql(watermark) | indent(4) }}) as changes
        on sessions.anonymous_id = changes.anonymous_id
    where sessions.ended_at >= {{ dbt.dateadd('minute', -30, 'changes.first_changed_at') }}
{%- endmacro %}

{#-
    The first date a sessions refresh reads events from ('YYYY-MM-DD', read when the model
    compiles, before its pre-hook deletes): the earliest start of a session it rebuilds or
    first change. Only a constant bound lets the scan skip the older events by zone maps;
    each device's own bound (its last kept session) is applied in the model. None on a full
    build (every event) and when no staged row has a device and a time (nothing to rebuild).
-#}
{% macro sessions_rebuild_from_date(watermark) -%}
    {%- if not (execute and is_incremental() and watermark > 0) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set result = run_query(
        "select cast(cast(min(rebuilt_from) as date) as " ~ dbt.type_string() ~ ") from ("
        ~ " select min(changes.first_changed_at) as rebuilt_from from ("
        ~ staged_device_changes_sql(watermark) ~ ") as changes"
        ~ " union all select min(started_at) as rebuilt_from from " ~ this
        ~ " where session_id in (" ~ changed_sessions_sql(watermark) ~ ")) as bounds"
    ) -%}
    {{ return(result.columns[0].values()[0]) }}
{%- endmacro %}

{#- Pre-hook of the sessions: deletes the sessions a refresh rebuilds (every session when
    the watermark is 0). -#}
{% macro delete_changed_sessions_pre_hook() -%}
    {%- if is_incremental() -%}
        {%- set watermark = processed_watermark() -%}
        {%- if watermark == 0 -%}
            delete from {{ this }}
        {%- else -%}
            delete from {{ this }} where session_id in ({{ changed_sessions_sql(watermark) }})
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
