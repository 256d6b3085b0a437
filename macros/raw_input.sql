{#-
    Where the raw tables come from. Only staging models (and the test that counts raw rows)
    call `raw_table`, and it is the only place that calls `source()` or reads files, so the
    rest of the project never knows which input is in use:

    1. `raw_data_path` set: one file per table in that folder, `<table>.parquet` or
       `<table>.csv` (Parquet wins when both exist).
    2. `raw_schema` set: tables already in the warehouse, declared as sources.
    3. neither: the project's demo data, loaded by `dbt seed` (the default).

    A missing optional table (subscribers, support_tickets) reads as empty; a missing
    required table stops the build with a message naming the table and where it looked.
    Before a table is read, its input passes the gates of macros/input_gates.sql (columns,
    types, rows): at run start for files and warehouse tables, and wherever `raw_table` is
    compiled (the demo seeds only exist once `dbt seed` has loaded them).

    Engines: DuckDB reads Parquet and CSV files; Spark reads Parquet files (all seven must
    exist); PostgreSQL cannot read files (use raw_schema). Seeds and raw_schema work on all.
    Every path reaches SQL through text_literal() (Spark's `parquet.` form: backticks
    doubled).
-#}

{#- The contract's columns of each raw table, in order, with the contract's type. -#}
{% macro raw_contract() -%}
    {{ return({
        'customers': [
            ('customer_id', 'text'), ('email', 'text'), ('created_at', 'timestamp'),
            ('updated_at', 'timestamp'), ('birth_date', 'date'), ('gender', 'text'),
            ('country_code', 'text'), ('region', 'text'), ('city', 'text'),
            ('postal_code', 'text'), ('locality_type', 'text'), ('household_size', 'integer'),
            ('income_band', 'text'), ('social_followers', 'integer'),
            ('is_business', 'boolean')],
        'orders': [
            ('order_id', 'text'), ('customer_id', 'text'), ('email', 'text'),
            ('ordered_at', 'timestamp'), ('status', 'text'), ('channel', 'text'),
            ('currency', 'text'), ('subtotal_amount', 'decimal'),
            ('discount_amount', 'decimal'), ('coupon_code', 'text'),
            ('shipping_amount', 'decimal'), ('tax_amount', 'decimal'),
            ('total_amount', 'decimal'), ('refunded_amount', 'decimal'),
            ('shipping_country_code', 'text'), ('is_gift', 'boolean')],
        'order_items': [
            ('order_id', 'text'), ('line_number', 'integer'), ('product_id', 'text'),
            ('quantity', 'integer'), ('unit_price', 'decimal')],
        'products': [
            ('product_id', 'text'), ('title', 'text'), ('brand', 'text'),
            ('category', 'text'), ('price', 'decimal'), ('unit_cost', 'decimal'),
            ('launched_at', 'date'), ('replenishment_days', 'integer'),
            ('is_sustainable', 'boolean')],
        'events': [
            ('event_id', 'text'), ('occurred_at', 'timestamp'), ('anonymous_id', 'text'),
            ('customer_id', 'text'), ('email', 'text'), ('event_type', 'text'),
            ('product_id', 'text'), ('order_id', 'text'), ('device_type', 'text'),
            ('platform', 'text'), ('traffic_source', 'text'), ('utm_campaign', 'text'),
            ('referrer_domain', 'text'), ('page_path', 'text'), ('country_code', 'text')],
        'subscribers': [
            ('subscriber_id', 'text'), ('email', 'text'), ('customer_id', 'text'),
            ('status', 'text'), ('subscribed_at', 'timestamp'),
            ('unsubscribed_at', 'timestamp'), ('signup_source', 'text'),
            ('sms_opt_in', 'boolean'), ('whatsapp_opt_in', 'boolean'), ('interests', 'text')],
        'support_tickets': [
            ('ticket_id', 'text'), ('customer_id', 'text'), ('email', 'text'),
            ('opened_at', 'timestamp'), ('closed_at', 'timestamp'), ('channel', 'text'),
            ('satisfaction_score', 'integer'), ('handle_minutes', 'integer')],
    }) }}
{%- endmacro %}

{% macro raw_columns(table_name) -%}
    {%- set columns = [] -%}
    {%- for column, column_type in raw_contract()[table_name] -%}
        {%- do columns.append(column) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}

{% macro optional_raw_tables() -%}
    {{ return(['subscribers', 'support_tickets']) }}
{%- endmacro %}

{#- The source (models/staging/*/_*__sources.yml) each raw table is declared in. -#}
{% macro raw_source_names() -%}
    {{ return({
        'customers': 'shop', 'orders': 'shop', 'order_items': 'shop', 'products': 'shop',
        'events': 'tracker', 'subscribers': 'email', 'support_tickets': 'helpdesk',
    }) }}
{%- endmacro %}

{#- The raw key columns a quarantine row carries, per table (contract, precise reading 11). -#}
{% macro raw_key_columns(table_name) -%}
    {{ return({
        'customers': ['customer_id'], 'orders': ['order_id'],
        'order_items': ['order_id', 'line_number'], 'products': ['product_id'],
        'events': ['event_id'], 'subscribers': ['subscriber_id'],
        'support_tickets': ['ticket_id'],
    }[table_name]) }}
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

{#- Which input this invocation reads: 'files', 'schema' or 'seeds'. -#}
{% macro raw_input_mode() -%}
    {%- if checked_var('raw_data_path') -%}
        {{ return('files') }}
    {%- elif checked_var('raw_schema') -%}
        {{ return('schema') }}
    {%- else -%}
        {{ return('seeds') }}
    {%- endif -%}
{%- endmacro %}

{% macro raw_table(source_name, table_name) -%}
    {%- set mode = raw_input_mode() -%}
    {%- if mode == 'files' -%}
        {{ return(read_raw_file(checked_var('raw_data_path'), table_name)) }}
    {%- elif mode == 'schema' -%}
        {%- set relation = source(source_name, table_name) -%}
        {%- if execute -%}
            {%- set input = raw_relation_input(table_name, relation) -%}
            {%- do raise_raw_input_problems([gate_raw_input(input)]) -%}
            {%- if input['absent'] -%}
                {{ log("raw table " ~ relation ~ " not found: read as empty", info=true) }}
                {{ return(empty_raw_table(table_name)) }}
            {%- endif -%}
        {%- endif -%}
        {{ return(relation) }}
    {%- else -%}
        {%- set relation = ref(table_name) -%}
        {#- The demo seeds: checked once they are loaded (not in unit tests, which mock them,
            nor before `dbt seed` has run, e.g. while sqlfluff compiles). -#}
        {%- if execute and model is mapping and model.get('resource_type') in ['model', 'test'] -%}
            {%- set input = raw_relation_input(table_name, relation, 'demo seed') -%}
            {%- if not input['absent'] -%}
                {%- do raise_raw_input_problems([gate_raw_input(input)]) -%}
            {%- endif -%}
        {%- endif -%}
        {{ return(relation) }}
    {%- endif -%}
{%- endmacro %}

{#- A table in the warehouse as a gate input: its columns and types, or absent. -#}
{% macro raw_relation_input(table_name, relation, kind='raw table') -%}
    {%- set found = adapter.get_relation(
        database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
    {%- set input = {
        'table': table_name, 'kind': kind,
        'where': [relation.database, relation.schema, relation.identifier] | reject('none') | join('.'),
        'format': 'relation', 'relation': found, 'absent': found is none,
        'size': none, 'columns': [],
    } -%}
    {%- if found is not none -%}
        {%- for column in adapter.get_columns_in_relation(found) -%}
            {%- do input['columns'].append((column.name, column.dtype)) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(input) }}
{%- endmacro %}

{% macro read_raw_file(path, table_name) -%}
    {{ return(adapter.dispatch('read_raw_file')(path, table_name)) }}
{%- endmacro %}

{% macro default__read_raw_file(path, table_name) -%}
    {{ exceptions.raise_compiler_error(raw_files_unsupported_message()) }}
{%- endmacro %}

{% macro raw_files_unsupported_message() -%}
    {{ return("raw_data_path is not supported on " ~ target.type
        ~ ": load the raw tables into a schema and set raw_schema instead") }}
{%- endmacro %}

{#- Spark: Parquet files only (Spark SQL has no header option for CSV in a query), and every
    table's file must exist: Spark SQL cannot test for a file, so a missing one fails the
    build with Spark's "Path does not exist" naming it. -#}
{% macro spark__read_raw_file(path, table_name) -%}
    {%- set file = raw_file_base(path, table_name) ~ '.parquet' -%}
    {%- if execute -%}
        {%- do raise_raw_input_problems([gate_raw_input(spark_raw_file_input(table_name, file))]) -%}
    {%- endif -%}
    {{ return(spark_parquet_relation(file)) }}
{%- endmacro %}

{#- Spark's `parquet.`<path>`` relation; a backtick in the path is doubled. -#}
{% macro spark_parquet_relation(file) -%}
    {{ return("parquet.`" ~ file.replace('`', '``') ~ "`") }}
{%- endmacro %}

{% macro raw_file_base(path, table_name) -%}
    {{ return((path | string).rstrip('/') ~ '/' ~ table_name) }}
{%- endmacro %}

{% macro duckdb__read_raw_file(path, table_name) -%}
    {%- if not execute -%}
        {{ return(empty_raw_table(table_name)) }}
    {%- endif -%}
    {%- set input = duckdb_raw_file_input(path, table_name) -%}
    {%- do raise_raw_input_problems([gate_raw_input(input)]) -%}
    {%- if input['absent'] or input['size'] == 0 -%}
        {#- only an optional table gets here: a required one stopped at the gate -#}
        {{ log("raw table " ~ table_name ~ " not found or empty in " ~ path ~ ": read as empty", info=true) }}
        {{ return(empty_raw_table(table_name)) }}
    {%- elif input['format'] == 'parquet' -%}
        {{ return("read_parquet(" ~ text_literal(input['file']) ~ ")") }}
    {%- else -%}
        {{ return(duckdb_csv_relation(input)) }}
    {%- endif -%}
{%- endmacro %}

{#-
    DuckDB: the file of a raw table as a gate input (which file, its size, columns and types;
    `absent` when neither file exists). Parquet columns come from the file's metadata, CSV
    columns from DuckDB's sniffer (a sample of the file); nothing scans a whole file.
-#}
{% macro duckdb_raw_file_input(path, table_name) -%}
    {%- set base = raw_file_base(path, table_name) -%}
    {%- set found = run_query(
        "select "
        ~ "(select count(*) from glob(" ~ text_literal(base ~ '.parquet') ~ ")) as parquet_files, "
        ~ "(select count(*) from glob(" ~ text_literal(base ~ '.csv') ~ ")) as csv_files"
    ) -%}
    {%- if found.columns[0].values()[0] > 0 -%}
        {%- set format, file = 'parquet', base ~ '.parquet' -%}
    {%- elif found.columns[1].values()[0] > 0 -%}
        {%- set format, file = 'csv', base ~ '.csv' -%}
    {%- else -%}
        {{ return({
            'table': table_name, 'kind': 'raw table', 'format': none, 'absent': true,
            'where': base ~ '.parquet or ' ~ base ~ '.csv', 'path': path,
            'size': none, 'columns': [],
        }) }}
    {%- endif -%}
    {%- set input = {
        'table': table_name, 'kind': 'raw table', 'format': format, 'file': file,
        'where': file, 'path': path, 'absent': false, 'columns': [],
        'size': run_query("select size from read_blob(" ~ text_literal(file) ~ ")").columns[0].values()[0],
    } -%}
    {%- if input['size'] > 0 -%}
        {%- set reader = "read_parquet(" ~ text_literal(file) ~ ")" if format == 'parquet'
            else duckdb_read_csv(file) -%}
        {%- for row in run_query("describe select * from " ~ reader) -%}
            {%- do input['columns'].append((row[0], row[1])) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(input) }}
{%- endmacro %}

{#-
    How every raw CSV file is read, the same way by the gates, staging and the scan for
    unreadable rows: a header row, every value as text, DuckDB's sniffer for the dialect,
    and rows DuckDB cannot read (a line with too many or too few fields, invalid UTF-8, a
    broken quote) skipped instead of failing the query; staging quarantines those rows as
    `row_unreadable` (see raw_rows() below).
-#}
{% macro duckdb_read_csv(file, extra_options='') -%}
    {{ return("read_csv(" ~ text_literal(file)
        ~ ", header = true, all_varchar = true, ignore_errors = true" ~ extra_options ~ ")") }}
{%- endmacro %}

{#-
    The rows of a raw CSV file that DuckDB reads. DuckDB checks a value's UTF-8 only in the
    columns a query reads, so the filter reads every contract column (it is always true):
    whichever columns a consumer uses, a row with an invalid byte in any contract column is
    never among these rows, and the scan for unreadable rows (same filter) lists it.
    Columns outside the contract are dropped (the contract ignores extra columns).
-#}
{% macro duckdb_csv_relation(input) -%}
    {%- set columns = raw_input_contract_columns(input) -%}
    {{ return(
        "(select " ~ columns | join(', ') ~ " from " ~ duckdb_read_csv(input['file'])
        ~ " where " ~ duckdb_reads_every_column(columns) ~ ")"
    ) }}
{%- endmacro %}

{% macro duckdb_reads_every_column(columns) -%}
    {{ return("length(concat(" ~ columns | join(', ') ~ ")) >= 0") }}
{%- endmacro %}

{#- The contract columns an input has (all of them once it passed the gates). -#}
{% macro raw_input_contract_columns(input) -%}
    {%- set present = [] -%}
    {%- for name, dtype in input['columns'] -%}
        {%- do present.append(name | lower) -%}
    {%- endfor -%}
    {%- set columns = [] -%}
    {%- for column in raw_columns(input['table']) -%}
        {%- if column in present -%}
            {%- do columns.append(column) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}

{#- Spark: a Parquet file as a gate input (DESCRIBE QUERY reads its schema only; a missing
    file fails here with Spark's "Path does not exist" naming it). -#}
{% macro spark_raw_file_input(table_name, file) -%}
    {%- set input = {
        'table': table_name, 'kind': 'raw table', 'format': 'parquet', 'file': file,
        'where': file, 'absent': false, 'size': none, 'columns': [],
    } -%}
    {%- for row in run_query("describe query select * from " ~ spark_parquet_relation(file)) -%}
        {%- if row[0] and not (row[0] | string).startswith('#') -%}
            {%- do input['columns'].append((row[0], row[1])) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(input) }}
{%- endmacro %}

{#- The relation a gate probes for rows (is the table empty?). -#}
{% macro raw_input_relation_sql(input) -%}
    {%- if input['format'] == 'relation' -%}
        {{ return(input['relation'] | string) }}
    {%- elif target.type == 'spark' -%}
        {{ return(spark_parquet_relation(input['file'])) }}
    {%- elif input['format'] == 'parquet' -%}
        {{ return("read_parquet(" ~ text_literal(input['file']) ~ ")") }}
    {%- else -%}
        {{ return(duckdb_read_csv(input['file'])) }}
    {%- endif -%}
{%- endmacro %}

{#- Whether staging reads this table from a CSV file (the only input with unreadable rows). -#}
{% macro reads_raw_csv(table_name) -%}
    {%- if not execute or target.type != 'duckdb' or raw_input_mode() != 'files' -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set input = duckdb_raw_file_input(checked_var('raw_data_path'), table_name) -%}
    {{ return(input['format'] == 'csv' and input['size'] > 0) }}
{%- endmacro %}

{#-
    Unreadable rows. The rows of a raw CSV file DuckDB cannot read (too many or too few
    fields, invalid UTF-8 in a contract column, a broken quote, a line over the maximum
    size) are skipped by every read (ignore_errors) and quarantined by staging under the
    rule `row_unreadable`, so they count in `read` and `rejected` and never stop the build.

    A staging model's pre-hook, unreadable_rows_pre_hook(), scans its CSV file once with
    `store_rejects`: DuckDB writes the errors into temporary tables of the model's own
    connection (one row per error; a line short of fields has one per missing field), which
    the model's SQL then reads through raw_rows(). Other inputs have no unreadable rows
    (Parquet and tables are typed, seeds are loaded by dbt): there the hook is empty.
-#}
{% macro unreadable_rows_table(table_name) -%}
    {{ return('ecom_unreadable_' ~ table_name) }}
{%- endmacro %}

{% macro unreadable_rows_pre_hook(table_name) -%}
    {%- if not reads_raw_csv(table_name) -%}
        {{ return('') }}
    {%- endif -%}
    {%- set input = duckdb_raw_file_input(checked_var('raw_data_path'), table_name) -%}
    {%- set rejects = unreadable_rows_table(table_name) -%}
    {%- set columns = raw_input_contract_columns(input) -%}
    drop table if exists temp.main.{{ rejects }};
    drop table if exists temp.main.{{ rejects }}_scans;
    select count(*) from {{ duckdb_read_csv(input['file'],
        ", store_rejects = true, rejects_table = " ~ text_literal(rejects)
        ~ ", rejects_scan = " ~ text_literal(rejects ~ '_scans')) }}
    where {{ duckdb_reads_every_column(columns) }}
{%- endmacro %}

{#- Post-hook: names the unreadable lines in the log (file line numbers and DuckDB's error
    types, at most ten), so they can be found and fixed at the source. -#}
{% macro unreadable_rows_post_hook(table_name) -%}
    {%- if not reads_raw_csv(table_name) -%}
        {{ return('') }}
    {%- endif -%}
    {%- set rejects = unreadable_rows_table(table_name) -%}
    {%- set lines = run_query(
        "select line, string_agg(distinct cast(error_type as varchar), ', ') as errors,"
        ~ " count(*) over () as total_lines"
        ~ " from temp.main." ~ rejects ~ " group by line order by line limit 10") -%}
    {%- if lines.rows | length > 0 -%}
        {%- set shown = [] -%}
        {%- for row in lines.rows -%}
            {%- do shown.append("line " ~ row[0] ~ " (" ~ row[1] ~ ")") -%}
        {%- endfor -%}
        {%- set total = lines.rows[0][2] | int -%}
        {{ log("raw table " ~ table_name ~ " ("
            ~ raw_file_base(checked_var('raw_data_path'), table_name) ~ ".csv): " ~ total
            ~ " unreadable line" ~ ("s" if total != 1 else "") ~ " quarantined as row_unreadable: "
            ~ shown | join(', ') ~ (", ..." if total > shown | length else ""), info=true) }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}

{#-
    The select of a staging model's raw rows: every readable row, plus (CSV input) one row
    per unreadable line, whose contract columns are null except its raw key, recovered from
    the line by the key's position in the header when the line holds no quote character
    (else null). `unreadable_line` (the line as DuckDB saw it, an invalid byte shown as ?)
    is null on readable rows and tells staging which rows are unreadable; it is used for
    the row's fingerprint only, never stored.
-#}
{% macro raw_rows(source_name, table_name) -%}
    {%- set relation = raw_table(source_name, table_name) -%}
    {%- if not reads_raw_csv(table_name) -%}
select
    *,
    cast(null as {{ dbt.type_string() }}) as unreadable_line
from {{ relation }}
    {%- else -%}
    {%- set input = duckdb_raw_file_input(checked_var('raw_data_path'), table_name) -%}
    {%- set positions = {} -%}
    {%- for name, dtype in input['columns'] -%}
        {%- do positions.update({name | lower: loop.index}) -%}
    {%- endfor -%}
    {%- set rejects = unreadable_rows_table(table_name) -%}
select
    *,
    cast(null as {{ dbt.type_string() }}) as unreadable_line
from {{ relation }}
union all
select
    {%- for column in raw_input_contract_columns(input) %}
    {% if column in raw_key_columns(table_name) -%}
    case
        when unreadable.quote = '(empty)' or strpos(unreadable.csv_line, unreadable.quote) = 0
            then string_split(unreadable.csv_line, unreadable.delimiter)[{{ positions[column] }}]
    end
    {%- else -%}
    cast(null as {{ dbt.type_string() }})
    {%- endif %} as {{ column }},
    {%- endfor %}
    unreadable.csv_line as unreadable_line
from (
    select
        errors.scan_id,
        errors.file_id,
        errors.line,
        min(errors.csv_line) as csv_line,
        min(scans.delimiter) as delimiter,
        min(scans.quote) as quote
    from temp.main.{{ rejects }} as errors
    inner join temp.main.{{ rejects }}_scans as scans
        on errors.scan_id = scans.scan_id and errors.file_id = scans.file_id
    group by errors.scan_id, errors.file_id, errors.line
) as unreadable
    {%- endif -%}
{%- endmacro %}

{#- Staging: the condition that a raw row is unreadable (see raw_rows). -#}
{% macro is_unreadable_row(relation=none) -%}
    {{ (relation ~ '.' if relation else '') ~ 'unreadable_line' }} is not null
{%- endmacro %}
