{#-
    Where the raw tables come from. Only staging models call `raw_table`, and it is the
    only place that calls `source()` or reads files, so the rest of the project never
    knows which input is in use:

    1. `raw_data_path` set: one file per table in that folder, `<table>.parquet` or
       `<table>.csv` (Parquet wins when both exist).
    2. `raw_schema` set: tables already in the warehouse, declared as sources.
    3. neither: the project's demo data, loaded by `dbt seed` (the default).

    A missing optional table (subscribers, support_tickets) reads as empty; a missing
    required table stops the build with a message naming the table and where it looked.

    Engines: DuckDB reads Parquet and CSV files; Spark reads Parquet files (all seven must
    exist); PostgreSQL cannot read files (use raw_schema). Seeds and raw_schema work on all.
-#}

{% macro raw_columns(table_name) -%}
    {%- set columns = {
        'customers': ['customer_id', 'email', 'created_at', 'updated_at', 'birth_date',
                      'gender', 'country_code', 'region', 'city', 'postal_code',
                      'locality_type', 'household_size', 'income_band', 'social_followers',
                      'is_business'],
        'orders': ['order_id', 'customer_id', 'email', 'ordered_at', 'status', 'channel',
                   'currency', 'subtotal_amount', 'discount_amount', 'coupon_code',
                   'shipping_amount', 'tax_amount', 'total_amount', 'refunded_amount',
                   'shipping_country_code', 'is_gift'],
        'order_items': ['order_id', 'line_number', 'product_id', 'quantity', 'unit_price'],
        'products': ['product_id', 'title', 'brand', 'category', 'price', 'unit_cost',
                     'launched_at', 'replenishment_days', 'is_sustainable'],
        'events': ['event_id', 'occurred_at', 'anonymous_id', 'customer_id', 'email',
                   'event_type', 'product_id', 'order_id', 'device_type', 'platform',
                   'traffic_source', 'utm_campaign', 'referrer_domain', 'page_path',
                   'country_code'],
        'subscribers': ['subscriber_id', 'email', 'customer_id', 'status', 'subscribed_at',
                        'unsubscribed_at', 'signup_source', 'sms_opt_in', 'whatsapp_opt_in',
                        'interests'],
        'support_tickets': ['ticket_id', 'customer_id', 'email', 'opened_at', 'closed_at',
                            'channel', 'satisfaction_score', 'handle_minutes'],
    } -%}
    {{ return(columns[table_name]) }}
{%- endmacro %}

{% macro optional_raw_tables() -%}
    {{ return(['subscribers', 'support_tickets']) }}
{%- endmacro %}

{#- A relation with the table's contract columns (all text) and no rows. -#}
{% macro empty_raw_table(table_name) -%}
    (
        select
            {%- for column in raw_columns(table_name) %}
            cast(null as {{ dbt.type_string() }}) as {{ column }}{{ "," if not loop.last }}
            {%- endfor %}
        where 1 = 0
    )
{%- endmacro %}

{% macro raw_table(source_name, table_name) -%}
    {%- set path = var('raw_data_path') -%}
    {%- if path -%}
        {{ return(read_raw_file(path, table_name)) }}
    {%- elif var('raw_schema') -%}
        {%- set relation = source(source_name, table_name) -%}
        {%- if execute and table_name in optional_raw_tables() -%}
            {%- if adapter.get_relation(relation.database, relation.schema, relation.identifier) is none -%}
                {{ log("raw table " ~ relation ~ " not found: read as empty", info=true) }}
                {{ return(empty_raw_table(table_name)) }}
            {%- endif -%}
        {%- endif -%}
        {{ return(relation) }}
    {%- else -%}
        {{ return(ref(table_name)) }}
    {%- endif -%}
{%- endmacro %}

{% macro read_raw_file(path, table_name) -%}
    {{ return(adapter.dispatch('read_raw_file')(path, table_name)) }}
{%- endmacro %}

{% macro default__read_raw_file(path, table_name) -%}
    {{ exceptions.raise_compiler_error(
        "raw_data_path is not supported on " ~ target.type
        ~ ": load the raw tables into a schema and set raw_schema instead") }}
{%- endmacro %}

{#- Spark: Parquet files only (Spark SQL has no header option for CSV in a query), and every
    table's file must exist: Spark SQL cannot test for a file, so a missing one fails the
    build with Spark's "Path does not exist" naming it. -#}
{% macro spark__read_raw_file(path, table_name) -%}
    {{ return("parquet.`" ~ path.rstrip('/') ~ "/" ~ table_name ~ ".parquet`") }}
{%- endmacro %}

{% macro duckdb__read_raw_file(path, table_name) -%}
    {%- set base = path.rstrip('/') ~ '/' ~ table_name -%}
    {%- if not execute -%}
        {{ return(empty_raw_table(table_name)) }}
    {%- endif -%}
    {%- set found = run_query(
        "select "
        ~ "(select count(*) from glob('" ~ base ~ ".parquet')) as parquet_files, "
        ~ "(select count(*) from glob('" ~ base ~ ".csv')) as csv_files"
    ) -%}
    {%- if found.columns[0].values()[0] > 0 -%}
        {{ return("read_parquet('" ~ base ~ ".parquet')") }}
    {%- elif found.columns[1].values()[0] > 0 -%}
        {{ return("read_csv('" ~ base ~ ".csv', header = true, all_varchar = true)") }}
    {%- elif table_name in optional_raw_tables() -%}
        {{ log("raw table " ~ table_name ~ " not found in " ~ path ~ ": read as empty", info=true) }}
        {{ return(empty_raw_table(table_name)) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "raw table '" ~ table_name ~ "' not found: expected " ~ base ~ ".parquet or "
            ~ base ~ ".csv (raw_data_path=" ~ path ~ ")") }}
    {%- endif -%}
{%- endmacro %}
