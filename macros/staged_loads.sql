{#-
    Staging by load (contract, "Loads"). Every base staging model reads its raw rows through
    raw_load_rows(), which gives each row its identity:

    * `raw_load`: the load it came from: the file's path relative to raw_data_path
      (`events/2026-06-30.parquet`, or `events.parquet` for a one-file snapshot), the
      row's `_loaded_at` as text (a warehouse table that has the column), or the table's
      name (a warehouse table without it, and the demo seeds);
    * `raw_row`: its number in that load: Parquet, its position in the file (from 1); CSV
      and tables, its position in the load's rows sorted by value (DuckDB cannot number CSV
      lines, and a table has no order; identical rows are interchangeable); a CSV line
      DuckDB could not read, minus its line number. Spark numbers rows with
      monotonically_increasing_id() (it rebuilds staging whole on every run).

    What a run stages:

    * a full build: every load;
    * a scheduled refresh (incremental models): the load files not staged before (the
      ledger `ops.staged_loads` lists the staged ones with their size and modification
      time), or the `_loaded_at` rows after the latest staged one. A one-file snapshot, or
      a table without `_loaded_at`, holds everything so far and cannot tell new rows from
      old: the refresh restages it whole (restage_snapshot_pre_hook), which costs a full
      staging of that table.

    check_staged_loads() (run start) stops a refresh when a staged load file changed or
    vanished: load files are immutable, and rows staged from it would silently disagree
    with the file. Fingerprints of row contents are never computed.
-#}

{#- The ledger of staged load files (DuckDB and PostgreSQL; only folder loads use it),
    created at run start with the build record (macros/build_audit.sql). -#}
{% macro staged_loads_relation() -%}
    {{ return(api.Relation.create(database=target.database, schema='ops', identifier='staged_loads')) }}
{%- endmacro %}

{#- Whether this run stages only what is new (the current model is incremental and exists). -#}
{% macro stages_new_loads_only() -%}
    {{ return(execute and is_incremental()) }}
{%- endmacro %}

{#- Whether an input is one snapshot that a refresh must restage whole. -#}
{% macro is_snapshot_input(input) -%}
    {{ return(input['shape'] == 'file' or (input['shape'] == 'table' and not input['has_loaded_at'])) }}
{%- endmacro %}

{#- The loads of an input that this run stages: {'files': [...], 'watermark': literal or none}. -#}
{% macro loads_to_stage(input) -%}
    {%- set files = raw_input_files(input) -%}
    {%- if not stages_new_loads_only() -%}
        {{ return({'files': files, 'watermark': none}) }}
    {%- endif -%}
    {%- if input['shape'] == 'folder' -%}
        {%- set staged = staged_load_names(input['table']) -%}
        {%- if not staged -%}
            {%- set any_row = run_query("select count(*) from (select 1 as found from " ~ this ~ " limit 1) as probe") -%}
            {%- if any_row.columns[0].values()[0] > 0 -%}
                {{ exceptions.raise_compiler_error(this ~ " holds rows but " ~ staged_loads_relation()
                    ~ " lists no staged load of raw table " ~ input['table']
                    ~ ": which loads are new is unknown; run `dbt build --full-refresh`") }}
            {%- endif -%}
        {%- endif -%}
        {{ return({'files': files | rejectattr('load', 'in', staged) | list, 'watermark': none}) }}
    {%- elif input['shape'] == 'table' and input['has_loaded_at'] -%}
        {%- set latest = run_query("select max(raw_loaded_at) from " ~ this).columns[0].values()[0] -%}
        {{ return({'files': [], 'watermark': none if latest is none else build_audit_timestamp(latest)}) }}
    {%- else -%}
        {{ return({'files': files, 'watermark': none}) }}
    {%- endif -%}
{%- endmacro %}

{#- The loads of a raw table the ledger lists as staged. -#}
{% macro staged_load_names(table_name) -%}
    {%- set ledger = staged_loads_relation() -%}
    {%- if adapter.get_relation(database=ledger.database, schema=ledger.schema, identifier=ledger.identifier) is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set rows = run_query("select raw_load from " ~ ledger ~ " where raw_table = " ~ text_literal(table_name)) -%}
    {{ return(rows.columns[0].values() | list) }}
{%- endmacro %}

{#-
    The body of a base model's first CTE: the raw rows this run stages, with the contract
    columns as they are in the input, `raw_load`, `raw_row` (see above), `raw_loaded_at`
    (the `_loaded_at` of warehouse tables, else null) and `unreadable_line` (CSV only: the
    line DuckDB could not read, else null).
-#}
{% macro raw_load_rows(source_name, table_name) -%}
    {%- set relation = raw_table(source_name, table_name) -%}
    {%- set columns = raw_columns(table_name) -%}
    {%- if not execute -%}
select
    *,
    cast(null as {{ dbt.type_string() }}) as raw_load,
    cast(null as {{ dbt.type_bigint() }}) as raw_row,
    cast(null as {{ dbt.type_timestamp() }}) as raw_loaded_at,
    cast(null as {{ dbt.type_string() }}) as unreadable_line
from {{ relation }}
    {%- else -%}
    {%- set input = raw_input(table_name) -%}
    {%- set loads = loads_to_stage(input) -%}
    {%- if input['format'] == 'relation' and not input['absent'] -%}
        {%- set load_key = '_loaded_at' if input['has_loaded_at'] else none -%}
select
    {%- for column in columns %}
    {{ column }},
    {%- endfor %}
    {{ "coalesce(cast(_loaded_at as " ~ dbt.type_string() ~ "), '(no _loaded_at)')" if load_key else text_literal(table_name) }} as raw_load,
    {{ table_row_number(columns, load_key) }} as raw_row,
    {{ "cast(_loaded_at as " ~ dbt.type_timestamp() ~ ")" if load_key else "cast(null as " ~ dbt.type_timestamp() ~ ")" }} as raw_loaded_at,
    cast(null as {{ dbt.type_string() }}) as unreadable_line
from {{ relation }}
{%- if loads['watermark'] is not none %}
where _loaded_at > cast({{ text_literal(loads['watermark']) }} as {{ dbt.type_timestamp() }})
{%- endif %}
    {%- elif input['format'] == 'relation' or not loads['files'] -%}
select
    *,
    cast(null as {{ dbt.type_string() }}) as raw_load,
    cast(null as {{ dbt.type_bigint() }}) as raw_row,
    cast(null as {{ dbt.type_timestamp() }}) as raw_loaded_at,
    cast(null as {{ dbt.type_string() }}) as unreadable_line
from {{ empty_raw_table(table_name) }}
    {%- elif target.type == 'spark' -%}
select
    {%- for column in columns %}
    {{ column }},
    {%- endfor %}
    {{ text_literal(loads['files'][0]['load']) }} as raw_load,
    {{ table_row_number(columns, none) }} as raw_row,
    cast(null as timestamp) as raw_loaded_at,
    cast(null as string) as unreadable_line
from {{ raw_reader(input, loads['files']) }}
    {%- else -%}
    {%- set prefix_length = ((input['path'] | string).rstrip('/') ~ '/') | length -%}
    {%- set read_columns = raw_input_contract_columns(input) -%}
        {%- if input['format'] == 'parquet' -%}
select
    {%- for column in columns %}
    {{ column }},
    {%- endfor %}
    substr(raw_file, {{ prefix_length + 1 }}) as raw_load,
    file_row_number + 1 as raw_row,
    cast(null as timestamp) as raw_loaded_at,
    cast(null as varchar) as unreadable_line
from {{ raw_reader(input, loads['files']) }}
        {%- else -%}
select
    {%- for column in columns %}
    {{ column }},
    {%- endfor %}
    substr(raw_file, {{ prefix_length + 1 }}) as raw_load,
    row_number() over (
        partition by raw_file
        order by {{ read_columns | join(' nulls first, ') }} nulls first
    ) as raw_row,
    cast(null as timestamp) as raw_loaded_at,
    cast(null as varchar) as unreadable_line
from {{ raw_reader(input, loads['files']) }}
union all
{{ unreadable_csv_rows(input, loads['files']) }}
        {%- endif -%}
    {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- A row's number within its load, where the reader gives none (see above). -#}
{% macro table_row_number(columns, load_key) -%}
    {{ return(adapter.dispatch('table_row_number')(columns, load_key)) }}
{%- endmacro %}

{% macro default__table_row_number(columns, load_key) -%}
    row_number() over (
        {% if load_key %}partition by {{ load_key }} {% endif -%}
        order by {{ columns | join(', ') }}
    )
{%- endmacro %}

{% macro spark__table_row_number(columns, load_key) -%}
    monotonically_increasing_id()
{%- endmacro %}

{#-
    Unreadable rows (CSV input, DuckDB). The rows of a raw CSV file DuckDB cannot read (too
    many or too few fields, invalid UTF-8 in a contract column, a broken quote, a line over
    the maximum size) are skipped by every read (ignore_errors) and quarantined by staging
    under the rule `row_unreadable`, so they count in `read` and `rejected` and never stop
    the build.

    A base model's pre-hook, unreadable_rows_pre_hook(), scans the CSV files the run stages
    once with `store_rejects`: DuckDB writes the errors into temporary tables of the
    model's own connection (one row per error; a line short of fields has one per missing
    field), which unreadable_csv_rows() then reads: one row per unreadable line, whose
    contract columns are null except its raw key, recovered from the line by the key's
    position in the header when the line holds no quote character (else null).
    Other inputs have no unreadable rows (Parquet and tables are typed, seeds are loaded
    by dbt): there the hooks are empty.
-#}
{% macro unreadable_rows_table(table_name) -%}
    {{ return('ecom_unreadable_' ~ table_name) }}
{%- endmacro %}

{% macro unreadable_rows_pre_hook(table_name) -%}
    {%- if not reads_raw_csv(table_name) -%}
        {{ return('') }}
    {%- endif -%}
    {%- set input = raw_input(table_name) -%}
    {%- set files = loads_to_stage(input)['files'] -%}
    {%- set rejects = unreadable_rows_table(table_name) -%}
    drop table if exists temp.main.{{ rejects }};
    drop table if exists temp.main.{{ rejects }}_scans;
    {%- if files %}
    select count(*) from {{ duckdb_reader_sql(input, files,
        ", store_rejects = true, rejects_table = " ~ text_literal(rejects)
        ~ ", rejects_scan = " ~ text_literal(rejects ~ '_scans')) }}
    where {{ duckdb_reads_every_column(raw_input_contract_columns(input)) }}
    {%- endif %}
{%- endmacro %}

{% macro unreadable_csv_rows(input, files) -%}
    {%- set table_name = input['table'] -%}
    {%- set positions = {} -%}
    {%- for name, dtype in input['columns'] -%}
        {%- do positions.update({name | lower: loop.index}) -%}
    {%- endfor -%}
    {%- set prefix_length = ((input['path'] | string).rstrip('/') ~ '/') | length -%}
    {%- set rejects = unreadable_rows_table(table_name) -%}
    {%- set paths = [] -%}
    {%- for file in files -%}
        {%- do paths.append(text_literal(file['path'])) -%}
    {%- endfor %}
select
    {%- for column in raw_columns(table_name) %}
    {% if column in raw_key_columns(table_name) and column in positions -%}
    case
        when unreadable.quote = '(empty)' or strpos(unreadable.csv_line, unreadable.quote) = 0
            then string_split(unreadable.csv_line, unreadable.delimiter)[{{ positions[column] }}]
    end
    {%- else -%}
    cast(null as varchar)
    {%- endif %} as {{ column }},
    {%- endfor %}
    substr(unreadable.file_path, {{ prefix_length + 1 }}) as raw_load,
    -cast(unreadable.line as bigint) as raw_row,
    cast(null as timestamp) as raw_loaded_at,
    unreadable.csv_line as unreadable_line
from (
    select
        errors.line,
        min(errors.csv_line) as csv_line,
        min(scans.file_path) as file_path,
        min(scans.delimiter) as delimiter,
        min(scans.quote) as quote
    from temp.main.{{ rejects }} as errors
    inner join temp.main.{{ rejects }}_scans as scans
        on errors.scan_id = scans.scan_id and errors.file_id = scans.file_id
    -- Only the files this query reads (the pre-hook lists the loads again: a file that
    -- arrived in between is staged by the next run, whole).
    where scans.file_path in ({{ paths | join(', ') }})
    group by errors.scan_id, errors.file_id, errors.line
) as unreadable
{%- endmacro %}

{#- Post-hook: names the unreadable lines in the log (file, line numbers and DuckDB's
    error types, at most ten), so they can be found and fixed at the source. -#}
{% macro unreadable_rows_post_hook(table_name) -%}
    {%- if not reads_raw_csv(table_name) or not adapter.get_relation(
            database='temp', schema='main', identifier=unreadable_rows_table(table_name)) -%}
        {{ return('') }}
    {%- endif -%}
    {%- set rejects = unreadable_rows_table(table_name) -%}
    {%- set lines = run_query(
        "select scans.file_path, errors.line, string_agg(distinct cast(errors.error_type as varchar), ', ') as errors,"
        ~ " count(*) over () as total_lines"
        ~ " from temp.main." ~ rejects ~ " as errors inner join temp.main." ~ rejects ~ "_scans as scans"
        ~ " on errors.scan_id = scans.scan_id and errors.file_id = scans.file_id"
        ~ " group by scans.file_path, errors.line order by scans.file_path, errors.line limit 10") -%}
    {%- if lines.rows | length > 0 -%}
        {%- set shown = [] -%}
        {%- for row in lines.rows -%}
            {%- do shown.append(row[0] ~ " line " ~ row[1] ~ " (" ~ row[2] ~ ")") -%}
        {%- endfor -%}
        {%- set total = lines.rows[0][3] | int -%}
        {{ log("raw table " ~ table_name ~ ": " ~ total
            ~ " unreadable line" ~ ("s" if total != 1 else "") ~ " quarantined as row_unreadable: "
            ~ shown | join(', ') ~ (", ..." if total > shown | length else ""), info=true) }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}

{#- The ingest sequence number of this run's rows, as a literal read when the model
    compiles (before a pre-hook empties a restaged snapshot). -#}
{% macro next_ingest_seq() -%}
    {%- if stages_new_loads_only() -%}
        {{ return(run_query("select coalesce(max(ingest_seq), 0) + 1 from " ~ this).columns[0].values()[0] | int) }}
    {%- endif -%}
    {{ return(1) }}
{%- endmacro %}

{#- Pre-hook: a refresh of a one-file snapshot (or a table without `_loaded_at`)
    restages it whole (see above). -#}
{% macro restage_snapshot_pre_hook(table_name) -%}
    {%- if stages_new_loads_only() and is_snapshot_input(raw_input(table_name)) -%}
        delete from {{ this }}
    {%- endif -%}
{%- endmacro %}

{#-
    Post-hook: the ledger lists exactly the load files whose rows the model holds, each
    with its size and modification time when first staged. A full build lists its files
    afresh; loads no longer in the model drop out; only folder loads are listed (a one-file
    snapshot changes by design). The model's loads are listed once (`in (select distinct
    ...)`, a few hundred names): a correlated `exists` per ledger row took 5-7 s at SF1
    (100M staged events), the list 0.2 s.
-#}
{% macro record_staged_loads(table_name) -%}
    {%- if not build_audit_enabled() -%}
        {{ return('') }}
    {%- endif -%}
    {%- set ledger = staged_loads_relation() -%}
    {%- set input = raw_input(table_name) -%}
    {%- set name = text_literal(table_name) -%}
    delete from {{ ledger }}
    where
        raw_table = {{ name }}
        {%- if input['shape'] == 'folder' and is_incremental() %}
        and raw_load not in (
            select distinct staged.raw_load from {{ this }} as staged
            where staged.raw_load is not null
        )
        {%- endif %};
    {%- if input['shape'] == 'folder' and input['files'] %}
    insert into {{ ledger }}
    select {{ name }}, files.raw_load, files.file_size, files.file_modified_at, {{ text_literal(invocation_id) }}
    from (
        values
        {%- for file in input['files'] %}
        ({{ text_literal(file['load']) }}, {{ file['size'] | int }}, {{ text_literal(file['modified_at']) }})
        {{- "," if not loop.last }}
        {%- endfor %}
    ) as files (raw_load, file_size, file_modified_at)
    where
        files.raw_load in (select distinct staged.raw_load from {{ this }} as staged)
        and not exists (
            select 1 from {{ ledger }} as listed
            where listed.raw_table = {{ name }} and listed.raw_load = files.raw_load
        );
    {%- endif %}
{%- endmacro %}

{#-
    Run start (raw_data_path on DuckDB, not on --full-refresh): every load file the ledger
    lists must still exist with the size and modification time it had when staged. One
    line per table names the first changed or vanished files.
-#}
{% macro check_staged_loads() -%}
    {%- set problems = [] -%}
    {%- set ledger = staged_loads_relation() -%}
    {%- if flags.FULL_REFRESH or adapter.get_relation(
            database=ledger.database, schema=ledger.schema, identifier=ledger.identifier) is none -%}
        {{ return(problems) }}
    {%- endif -%}
    {%- set listed = run_query("select raw_table, raw_load, file_size, file_modified_at from "
        ~ ledger ~ " order by raw_table, raw_load") -%}
    {%- set by_table = {} -%}
    {%- for row in listed.rows -%}
        {%- do by_table.setdefault(row[0], []).append(row) -%}
    {%- endfor -%}
    {%- for table_name, rows in by_table.items() if table_name in raw_contract() -%}
        {%- set input = raw_input(table_name) -%}
        {%- set current = {} -%}
        {%- for file in input['files'] if input['shape'] == 'folder' -%}
            {%- do current.update({file['load']: file}) -%}
        {%- endfor -%}
        {%- set wrong = [] -%}
        {%- for row in rows -%}
            {%- set file = current.get(row[1]) -%}
            {%- if file is none -%}
                {%- do wrong.append(row[1] ~ " vanished") -%}
            {%- elif file['size'] != row[2] or file['modified_at'] != row[3] -%}
                {%- do wrong.append(row[1] ~ " changed (size " ~ row[2] ~ " -> " ~ file['size']
                    ~ ", modified " ~ row[3] ~ " -> " ~ file['modified_at'] ~ ")") -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if wrong -%}
            {%- do problems.append("raw table " ~ table_name ~ ": staged load file "
                ~ wrong[:3] | join('; ') ~ (" and " ~ (wrong | length - 3) ~ " more" if wrong | length > 3 else "")
                ~ " since it was staged; load files are immutable: put the original back (with its modification time), or run"
                ~ " `dbt build --full-refresh` to restage every load") -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(problems) }}
{%- endmacro %}
