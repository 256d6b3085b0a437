{#-
    Where the raw tables come from. Only staging models (and the test that counts raw rows)
    call `raw_table`, and it is the only place that calls `source()` or reads files, so the
    rest of the project never knows which input is in use:

    1. `raw_data_path` set: per table, one file `<table>.parquet` or `<table>.csv` (Parquet
       wins when both exist), or a folder of load files `<table>/*.parquet` or
       `<table>/*.csv` (contract, "Loads"; a table cannot be both a file and a folder).
    2. `raw_schema` set: tables already in the warehouse, declared as sources; a table may
       carry `_loaded_at` (the loader's sync time).
    3. neither: the project's demo data, seeds landed in the schema the sources name
       (`raw_demo`), so staging reads them through `source()` like any warehouse table.

    Staging calls `source()` (and `ref()` of the demo seed, so the seeds load first) in
    every mode: the lineage graph is the same whatever the vars.

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

{#-
    All the rows of a raw table, as a relation (every load). Registers the table's source
    and demo seed with dbt in every mode, and runs the input gates where it compiles.
-#}
{% macro raw_table(source_name, table_name) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- set seed = ref(table_name) -%}
    {%- if not execute -%}
        {{ return(empty_raw_table(table_name)) }}
    {%- endif -%}
    {%- set input = raw_input(table_name) -%}
    {#- The demo seeds are checked once loaded: not in unit tests, which mock them, nor
        before `dbt seed` has run (e.g. while sqlfluff compiles). -#}
    {%- set is_demo_seed = raw_input_mode() == 'seeds' -%}
    {%- if not is_demo_seed or (not input['absent'] and model is mapping
                                and model.get('resource_type') in ['model', 'test']) -%}
        {%- do raise_raw_input_problems([gate_raw_input(input)]) -%}
    {%- endif -%}
    {%- if input['absent'] or (input['format'] != 'relation' and not raw_input_files(input)) -%}
        {#- only an optional table gets here: a required one stopped at the gate -#}
        {{ log("raw table " ~ table_name ~ " not found or empty (" ~ input['where'] ~ "): read as empty", info=true) }}
        {{ return(empty_raw_table(table_name)) }}
    {%- endif -%}
    {#- A table is read through what source() returned (a unit test's fixture, in tests). -#}
    {{ return(relation if input['format'] == 'relation' else raw_reader(input, raw_input_files(input))) }}
{%- endmacro %}

{#-
    The input of a raw table at execution time, as a dict the gates, staging and the load
    ledger read:
      table, kind, where (what to name in messages), path (raw_data_path or none),
      absent (nothing found), shape ('folder', 'file' or 'table'),
      format ('parquet', 'csv' or 'relation'), relation (tables only),
      files (files only: per file its full `path`, its `load` name relative to
      raw_data_path, `size` and `modified_at`, in name order),
      size (the smallest file size: 0 flags an empty file, see empty_file),
      columns ((name, type) pairs), has_loaded_at (a `_loaded_at` column).
-#}
{% macro raw_input(table_name) -%}
    {%- set mode = raw_input_mode() -%}
    {%- if mode == 'files' -%}
        {{ return(adapter.dispatch('raw_file_input')(checked_var('raw_data_path'), table_name)) }}
    {%- endif -%}
    {{ return(raw_relation_input(table_name, raw_source_relation(table_name),
        'raw table' if mode == 'schema' else 'demo seed')) }}
{%- endmacro %}

{#- The warehouse relation a raw table's source names, from the graph (inside a unit
    test, source() returns the test's fixture instead). -#}
{% macro raw_source_relation(table_name) -%}
    {%- set source_name = raw_source_names()[table_name] -%}
    {%- for node in (graph.get('sources') or {}).values()
          if node.source_name == source_name and node.name == table_name -%}
        {{ return(api.Relation.create(database=node.database, schema=node.schema,
                                      identifier=node.identifier)) }}
    {%- endfor -%}
    {#- A unit test's context has no graph of sources: the demo seed, which its mode reads. -#}
    {{ return(api.Relation.create(database=target.database, schema='raw_demo', identifier=table_name)) }}
{%- endmacro %}

{#- A table in the warehouse as an input: its columns and types, or absent. -#}
{% macro raw_relation_input(table_name, relation, kind='raw table') -%}
    {%- set found = adapter.get_relation(
        database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
    {%- set input = {
        'table': table_name, 'kind': kind, 'path': none,
        'where': [relation.database, relation.schema, relation.identifier] | reject('none') | join('.'),
        'shape': 'table', 'format': 'relation', 'relation': found, 'absent': found is none,
        'files': [], 'size': none, 'columns': [], 'has_loaded_at': false,
    } -%}
    {%- if found is not none -%}
        {%- for column in adapter.get_columns_in_relation(found) -%}
            {%- do input['columns'].append((column.name, column.dtype)) -%}
            {%- if column.name | lower == '_loaded_at' -%}
                {%- do input.update({'has_loaded_at': true}) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(input) }}
{%- endmacro %}

{% macro default__raw_file_input(path, table_name) -%}
    {{ exceptions.raise_compiler_error(raw_files_unsupported_message()) }}
{%- endmacro %}

{% macro raw_files_unsupported_message() -%}
    {{ return("raw_data_path is not supported on " ~ target.type
        ~ ": load the raw tables into a schema and set raw_schema instead") }}
{%- endmacro %}

{% macro raw_file_base(path, table_name) -%}
    {{ return((path | string).rstrip('/') ~ '/' ~ table_name) }}
{%- endmacro %}

{#-
    DuckDB: where a raw table's files are. One file `<table>.parquet|csv`, or a folder
    `<table>/` of `*.parquet` or `*.csv` load files; a table found both ways, or a folder
    holding both formats, stops the build (which would win is a guess). Parquet columns
    come from the files' metadata, CSV columns from DuckDB's sniffer; nothing scans a
    whole file. A folder's files are read together by name (union_by_name), so a load
    without an optional column reads it as null.
-#}
{% macro duckdb__raw_file_input(path, table_name) -%}
    {%- set base = raw_file_base(path, table_name) -%}
    {%- set prefix = (path | string).rstrip('/') ~ '/' -%}
    {%- set patterns = [
        ('file', 'parquet', base ~ '.parquet'), ('file', 'csv', base ~ '.csv'),
        ('folder', 'parquet', base ~ '/*.parquet'), ('folder', 'csv', base ~ '/*.csv')] -%}
    {%- set queries = [] -%}
    {%- for shape, format, pattern in patterns -%}
        {%- do queries.append(
            "select " ~ loop.index ~ " as pattern, filename as file, size, last_modified from read_blob("
            ~ text_literal(pattern) ~ ")") -%}
    {%- endfor -%}
    {%- set found = run_query(queries | join(' union all ') ~ " order by pattern, file") -%}
    {%- set by_pattern = {} -%}
    {%- for row in found.rows -%}
        {%- do by_pattern.setdefault(row[0], []).append(row) -%}
    {%- endfor -%}
    {%- set input = {
        'table': table_name, 'kind': 'raw table', 'path': path, 'absent': false,
        'relation': none, 'files': [], 'columns': [], 'has_loaded_at': false,
    } -%}
    {%- if not by_pattern -%}
        {%- do input.update({'absent': true, 'shape': none, 'format': none, 'size': none,
            'where': base ~ '.parquet, ' ~ base ~ '.csv or ' ~ base ~ '/*.parquet|csv'}) -%}
        {{ return(input) }}
    {%- endif -%}
    {%- if (1 in by_pattern or 2 in by_pattern) and (3 in by_pattern or 4 in by_pattern) -%}
        {{ exceptions.raise_compiler_error("raw table " ~ table_name ~ " is both a file and a folder of loads in "
            ~ path ~ ": keep one (" ~ base ~ ".parquet|csv or " ~ base ~ "/)") }}
    {%- endif -%}
    {%- if 3 in by_pattern and 4 in by_pattern -%}
        {{ exceptions.raise_compiler_error("raw table " ~ table_name ~ ": the folder " ~ base
            ~ "/ holds both .parquet and .csv load files: keep one format") }}
    {%- endif -%}
    {%- set chosen = (by_pattern.keys() | list | sort)[0] -%}
    {%- set shape, format, pattern = patterns[chosen - 1] -%}
    {%- for row in by_pattern[chosen] -%}
        {%- set file = row[1] | string -%}
        {%- do input['files'].append({
            'path': file, 'load': file[prefix | length:] if file.startswith(prefix) else file,
            'size': row[2], 'modified_at': build_audit_timestamp(row[3])}) -%}
    {%- endfor -%}
    {%- set sizes = input['files'] | map(attribute='size') | list -%}
    {%- do input.update({'shape': shape, 'format': format, 'size': sizes | min,
        'where': pattern if shape == 'folder' else input['files'][0]['path']}) -%}
    {%- set readable = input['files'] | selectattr('size', 'gt', 0) | list -%}
    {%- if readable -%}
        {#- The reader adds raw_file and file_row_number: not the table's columns. -#}
        {%- for row in run_query("describe select * exclude (raw_file"
              ~ (", file_row_number" if format == 'parquet' else "") ~ ") from "
              ~ duckdb_reader_sql(input, readable)) -%}
            {%- do input['columns'].append((row[0], row[1])) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(input) }}
{%- endmacro %}

{#- The first empty (0-byte) file of an input, for the gate's message; none if none. -#}
{% macro empty_file(input) -%}
    {%- for file in input['files'] if file['size'] == 0 -%}
        {{ return(file['path']) }}
    {%- endfor -%}
    {{ return(none) }}
{%- endmacro %}

{#-
    Spark: Parquet only (Spark SQL has no header option for CSV in a query): one file
    `<table>.parquet`, or with a folder `<table>/` of Parquet loads, Spark reads every file
    in it. Spark SQL cannot test for a path, so every table must exist (a missing one fails
    with Spark's "Path does not exist" naming it). DESCRIBE QUERY reads the schema only.
-#}
{% macro spark__raw_file_input(path, table_name) -%}
    {%- set file = raw_file_base(path, table_name) ~ '.parquet' -%}
    {%- set input = {
        'table': table_name, 'kind': 'raw table', 'path': path, 'absent': false,
        'shape': 'file', 'format': 'parquet', 'relation': none, 'where': file,
        'files': [{'path': file, 'load': table_name ~ '.parquet', 'size': none, 'modified_at': none}],
        'size': none, 'columns': [], 'has_loaded_at': false,
    } -%}
    {%- for row in run_query("describe query select * from " ~ spark_parquet_relation(file)) -%}
        {%- if row[0] and not (row[0] | string).startswith('#') -%}
            {%- do input['columns'].append((row[0], row[1])) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(input) }}
{%- endmacro %}

{#- Spark's `parquet.`<path>`` relation; a backtick in the path is doubled. -#}
{% macro spark_parquet_relation(file) -%}
    {{ return("parquet.`" ~ file.replace('`', '``') ~ "`") }}
{%- endmacro %}

{#- The files of an input that hold rows (a 0-byte file of an optional table reads as
    nothing; the gate stops a required one). -#}
{% macro raw_input_files(input) -%}
    {{ return(input['files'] | selectattr('size', 'ne', 0) | list) }}
{%- endmacro %}

{#-
    A relation over some files of an input (or the input's table), reading the contract
    columns it has. DuckDB files carry `raw_file` (the file's path) and, for Parquet,
    `file_row_number` (0-based); the other inputs do not.
-#}
{% macro raw_reader(input, files) -%}
    {%- if input['format'] == 'relation' -%}
        {{ return(input['relation'] | string) }}
    {%- elif target.type == 'spark' -%}
        {{ return(spark_parquet_relation(files[0]['path'])) }}
    {%- elif input['format'] == 'parquet' -%}
        {{ return(duckdb_reader_sql(input, files)) }}
    {%- else -%}
        {%- set columns = raw_input_contract_columns(input) -%}
        {{ return(
            "(select " ~ (columns + ['raw_file']) | join(', ') ~ " from " ~ duckdb_reader_sql(input, files)
            ~ " where " ~ duckdb_reads_every_column(columns) ~ ")") }}
    {%- endif -%}
{%- endmacro %}

{#- DuckDB's reader of some files of an input, every path through text_literal(). -#}
{% macro duckdb_reader_sql(input, files, extra_options='') -%}
    {%- set paths = [] -%}
    {%- for file in files -%}{%- do paths.append(text_literal(file['path'])) -%}{%- endfor -%}
    {%- set list = "[" ~ paths | join(', ') ~ "]" -%}
    {%- if input['format'] == 'parquet' -%}
        {{ return("read_parquet(" ~ list
            ~ ", filename = 'raw_file', file_row_number = true, union_by_name = true)") }}
    {%- else -%}
        {#- No union_by_name: DuckDB cannot store rejects with it; a folder's CSV loads share
            the first file's header. -#}
        {{ return(duckdb_read_csv(list, ", filename = 'raw_file'" ~ extra_options)) }}
    {%- endif -%}
{%- endmacro %}

{#-
    How every raw CSV file is read, the same way by the gates, staging and the scan for
    unreadable rows: a header row, every value as text, DuckDB's sniffer for the dialect,
    and rows DuckDB cannot read (a line with too many or too few fields, invalid UTF-8, a
    broken quote) skipped instead of failing the query; staging quarantines those rows as
    `row_unreadable` (see raw_load_rows() in macros/staged_loads.sql). `files` is SQL: a
    literal path or a list of them.
-#}
{% macro duckdb_read_csv(files, extra_options='') -%}
    {{ return("read_csv(" ~ files
        ~ ", header = true, all_varchar = true, ignore_errors = true" ~ extra_options ~ ")") }}
{%- endmacro %}

{#-
    DuckDB checks a value's UTF-8 only in the columns a query reads, so a CSV read filters
    on every contract column (the filter is always true): whichever columns a consumer
    uses, a row with an invalid byte in any contract column is never among the rows, and
    the scan for unreadable rows (same filter) lists it.
-#}
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

{#- The relation a gate probes for rows (is the table empty?). -#}
{% macro raw_input_relation_sql(input) -%}
    {{ return(raw_reader(input, raw_input_files(input))) }}
{%- endmacro %}

{#- Whether staging reads this table from CSV files (the only input with unreadable rows). -#}
{% macro reads_raw_csv(table_name) -%}
    {%- if not execute or target.type != 'duckdb' or raw_input_mode() != 'files' -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set input = raw_input(table_name) -%}
    {{ return(input['format'] == 'csv' and raw_input_files(input) | length > 0) }}
{%- endmacro %}

{#- Staging: the condition that a raw row is unreadable (see raw_load_rows). -#}
{% macro is_unreadable_row(relation=none) -%}
    {{ (relation ~ '.' if relation else '') ~ 'unreadable_line' }} is not null
{%- endmacro %}
