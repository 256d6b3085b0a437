{#-
    Input gates: before any model reads a raw table, its input is checked, and a problem
    stops the build with one line naming the table, where it was read from and the columns:

    * a required table that is missing, empty (a 0-byte file) or has no rows (a header only);
    * a contract column that is missing (the line lists the columns found and the closest
      name to the missing one);
    * a column whose type cannot be read as the contract's type (e.g. integer epoch numbers
      in a timestamp column: they must be converted, not quarantined row by row).

    Bad values and unreadable rows never stop the build: staging quarantines them.

    `check_raw_inputs()` runs on-run-start (after the vars' checks) for `raw_data_path`
    files (DuckDB: Parquet metadata, CSV sniffing of a sample, `limit 1` probes; Spark:
    DESCRIBE QUERY of each Parquet file) and `raw_schema` tables (the warehouse's catalog).
    The demo seeds do not exist yet at run start (the build loads them), so `raw_table()`
    runs the same gate on every input where a staging model compiles.
-#}
{% macro check_raw_inputs() -%}
    {%- if execute -%}
        {%- set mode = raw_input_mode() -%}
        {%- set problems = [] -%}
        {%- if mode == 'files' and target.type not in ['duckdb', 'spark'] -%}
            {%- do problems.append(raw_files_unsupported_message()) -%}
        {%- elif mode == 'files' -%}
            {%- set path = checked_var('raw_data_path') -%}
            {%- for table_name in raw_contract() -%}
                {%- do problems.append(gate_raw_input(raw_input(table_name))) -%}
            {%- endfor -%}
            {%- if target.type == 'duckdb' -%}
                {%- do problems.extend(check_staged_loads()) -%}
            {%- endif -%}
        {%- elif mode == 'schema' -%}
            {%- set sources = raw_source_names() -%}
            {%- for table_name in raw_contract() -%}
                {%- do problems.append(gate_raw_input(raw_input(table_name))) -%}
            {%- endfor -%}
        {%- endif -%}
        {%- do raise_raw_input_problems(problems) -%}
    {%- endif -%}
    select 1
{%- endmacro %}

{#- Stops the build with every problem found, one line each (none: nothing happens). -#}
{% macro raise_raw_input_problems(problems) -%}
    {%- set lines = problems | reject('none') | list -%}
    {%- if lines -%}
        {{ exceptions.raise_compiler_error(lines | join('\n')) }}
    {%- endif -%}
{%- endmacro %}

{#-
    The gate of one input (see raw_input): none when it may be read, else its one-line problem.
-#}
{% macro gate_raw_input(input) -%}
    {%- set table_name = input['table'] -%}
    {%- set required = table_name not in optional_raw_tables() -%}
    {%- set label = input['kind'] ~ " " ~ table_name ~ " (" ~ input['where'] ~ ")" -%}
    {%- if input['absent'] -%}
        {%- if not required -%}
            {{ return(none) }}
        {%- elif input['format'] == 'relation' -%}
            {{ return(label ~ ": not found; it is a required table (load it, or unset raw_schema)") }}
        {%- else -%}
            {#- the words "raw table '<name>' not found" are kept: scripts and tests look for them -#}
            {{ return("raw table '" ~ table_name ~ "' not found: expected " ~ input['where']
                ~ " (raw_data_path=" ~ input['path'] ~ ")") }}
        {%- endif -%}
    {%- endif -%}
    {%- if input['size'] == 0 and required -%}
        {{ return(input['kind'] ~ " " ~ table_name ~ " (" ~ empty_file(input)
            ~ "): the file is empty (0 bytes); a required table needs a header row and at least one row") }}
    {%- endif -%}
    {%- set problems = raw_column_problems(table_name, input['columns']) -%}
    {%- if problems -%}
        {{ return(label ~ ": " ~ problems | join('; ')) }}
    {%- endif -%}
    {%- if required -%}
        {%- set probe = run_query(
            "select count(*) from (select 1 as found from "
            ~ raw_input_relation_sql(input) ~ " limit 1) as probe") -%}
        {%- if probe.columns[0].values()[0] == 0 -%}
            {{ return(label ~ ": "
                ~ ("has a header but no rows" if input['format'] == 'csv' else "has no rows")
                ~ "; a required table must not be empty") }}
        {%- endif -%}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}

{#-
    What is wrong with the columns of a table (a list of texts, empty when nothing is):
    missing contract columns, with the columns found and the closest found name, and
    columns whose type the contract cannot read. Names match case-insensitively on DuckDB
    and Spark (their identifiers do), exactly elsewhere.
-#}
{% macro raw_column_problems(table_name, columns) -%}
    {%- set fold = target.type in ['duckdb', 'spark'] -%}
    {%- set found = {} -%}
    {%- set found_names = [] -%}
    {%- for name, dtype in columns -%}
        {%- do found.update({(name | lower if fold else name): (name, dtype)}) -%}
        {%- do found_names.append(name) -%}
    {%- endfor -%}
    {%- set contract_names = raw_columns(table_name) -%}
    {%- set missing = [] -%}
    {%- set type_problems = [] -%}
    {%- for column, contract_type in raw_contract()[table_name] -%}
        {%- if column not in found -%}
            {%- do missing.append(column) -%}
        {%- else -%}
            {%- set problem = raw_type_problem(column, found[column][1], contract_type) -%}
            {%- if problem -%}
                {%- do type_problems.append(problem) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set problems = [] -%}
    {%- if missing -%}
        {#- Candidates for a renamed column: the found columns outside the contract. -#}
        {%- set candidates = [] -%}
        {%- for name in found_names -%}
            {%- if (name | lower if fold else name) not in contract_names -%}
                {%- do candidates.append(name) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set hints = [] -%}
        {%- for column in missing -%}
            {%- set closest = closest_name(column, candidates) -%}
            {%- if closest is not none -%}
                {%- do hints.append(("'" ~ column ~ "' -> " if missing | length > 1 else "")
                    ~ "'" ~ closest ~ "'") -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set quoted = [] -%}
        {%- for column in missing -%}{%- do quoted.append("'" ~ column ~ "'") -%}{%- endfor -%}
        {%- do problems.append(
            ("required column " ~ quoted[0] ~ " is missing" if missing | length == 1
             else "required columns " ~ quoted | join(', ') ~ " are missing")
            ~ "; found: " ~ (found_names | join(', ') if found_names else '(no columns)')
            ~ ("; closest: " ~ hints | join(', ') if hints else "")) -%}
    {%- endif -%}
    {{ return(problems + type_problems) }}
{%- endmacro %}

{#-
    The physical types each contract type reads (everything else is refused): text reads
    any type; timestamp and date read text, timestamps and dates; integer and decimal read
    text and numbers; boolean reads text, booleans and integers (0/1).
-#}
{% macro raw_type_problem(column, dtype, contract_type) -%}
    {%- set physical = physical_type_class(dtype) -%}
    {%- set readable = {
        'text': ['text', 'integer', 'decimal', 'boolean', 'timestamp', 'date', 'other'],
        'timestamp': ['text', 'timestamp', 'date'],
        'date': ['text', 'date', 'timestamp'],
        'integer': ['text', 'integer', 'decimal'],
        'decimal': ['text', 'integer', 'decimal'],
        'boolean': ['text', 'boolean', 'integer'],
    }[contract_type] -%}
    {%- if physical in readable -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set shown = dtype | string | upper -%}
    {%- if contract_type in ['timestamp', 'date'] and physical in ['integer', 'decimal'] -%}
        {{ return("column '" ~ column ~ "' is " ~ shown ~ " but the contract reads it as a "
            ~ contract_type ~ ": numbers there look like epoch values (seconds or milliseconds since"
            ~ " 1970-01-01), which are not read; convert the column to a "
            ~ contract_type | upper ~ " or to text like '"
            ~ ('2024-05-01 12:30:00' if contract_type == 'timestamp' else '2024-05-01')
            ~ "' and load it again") }}
    {%- endif -%}
    {%- set allowed = {
        'timestamp': 'text, TIMESTAMP or DATE',
        'date': 'text, DATE or TIMESTAMP',
        'integer': 'text or a number type',
        'decimal': 'text or a number type',
        'boolean': 'text, BOOLEAN or an integer type (0/1)',
    }[contract_type] -%}
    {{ return("column '" ~ column ~ "' is " ~ shown ~ ", which cannot be read as "
        ~ ("an " if contract_type == 'integer' else "a ") ~ contract_type
        ~ " (readable: " ~ allowed ~ ")") }}
{%- endmacro %}

{#- The class of a physical column type as DuckDB, PostgreSQL or Spark names it: text,
    integer, decimal, boolean, timestamp, date or other. -#}
{% macro physical_type_class(dtype) -%}
    {%- set name = (dtype | string | lower | trim).split('(')[0] | trim -%}
    {%- if name in ['varchar', 'text', 'string', 'char', 'character', 'character varying',
                    'bpchar', 'nvarchar', 'name', 'citext'] -%}
        {{ return('text') }}
    {%- elif name in ['tinyint', 'smallint', 'integer', 'int', 'bigint', 'hugeint', 'utinyint',
                      'usmallint', 'uinteger', 'ubigint', 'uhugeint', 'int1', 'int2', 'int4',
                      'int8', 'long', 'short', 'byte', 'signed', 'smallserial', 'serial',
                      'bigserial'] -%}
        {{ return('integer') }}
    {%- elif name in ['decimal', 'numeric', 'double', 'float', 'real', 'float4', 'float8',
                      'double precision'] -%}
        {{ return('decimal') }}
    {%- elif name in ['boolean', 'bool', 'logical'] -%}
        {{ return('boolean') }}
    {%- elif name == 'date' -%}
        {{ return('date') }}
    {%- elif name.startswith('timestamp') or name in ['datetime', 'timestamptz'] -%}
        {{ return('timestamp') }}
    {%- else -%}
        {{ return('other') }}
    {%- endif -%}
{%- endmacro %}

{#- The candidate closest to `name` by edit distance (case-insensitive), if it is close
    enough to be a likely rename (at most half the name's length); else none. -#}
{% macro closest_name(name, candidates) -%}
    {%- set best = {'name': none, 'distance': none} -%}
    {%- for candidate in candidates -%}
        {%- set distance = edit_distance(name | lower, candidate | lower) -%}
        {%- if best['distance'] is none or distance < best['distance'] -%}
            {%- do best.update({'name': candidate, 'distance': distance}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if best['distance'] is not none and best['distance'] <= [2, (name | length) // 2] | max -%}
        {{ return(best['name']) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}

{#- Levenshtein distance (insertions, deletions, substitutions), row by row. -#}
{% macro edit_distance(a, b) -%}
    {%- set previous = [] -%}
    {%- for j in range((b | length) + 1) -%}
        {%- do previous.append(j) -%}
    {%- endfor -%}
    {%- for i in range(1, (a | length) + 1) -%}
        {%- set current = [i] -%}
        {%- for j in range(1, (b | length) + 1) -%}
            {%- set cost = 0 if a[i - 1] == b[j - 1] else 1 -%}
            {%- do current.append([previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost] | min) -%}
        {%- endfor -%}
        {%- for j in range((b | length) + 1) -%}
            {%- do previous.pop() -%}
        {%- endfor -%}
        {%- do previous.extend(current) -%}
    {%- endfor -%}
    {{ return(previous[-1]) }}
{%- endmacro %}
