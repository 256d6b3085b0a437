{#-
    The build record (write-audit-publish) and the one-input check, kept in the
    warehouse's schema `ops` (never published):

    * `ops.dbt_invocations`: one row per dbt invocation that runs nodes. The on-run-start
      hook `check_warehouse_input()` inserts it (finished_at null: "running"); the
      on-run-end hook `record_build(results)` completes it: finish time, counts of
      results by status, `has_passed` (no error, fail, skipped or runtime error; warn
      passes; exposures, which run nothing and are reported no-op, are left out) and
      `unresolved_nodes`. A row left unfinished is a build that was killed.
      Times are text (UTC): started_at is run_started_at, finished_at the last result's
      completion time, so no hook reads the wall clock.
    * `ops.dbt_unresolved_nodes`: every node (model, seed, test, unit test) that did not
      pass in some invocation and has not passed in a later one. A passing partial build
      (`dbt build -s x`) after a failed one leaves the rest of the failure here, so the
      warehouse is not published until that has passed too. An invocation that ran and
      passed every model, seed and data test empties it (a whole build, or the
      scheduled_refresh selector); nodes removed from the project drop out.
    * `ops.warehouse_input`: for each incremental model that `--full-refresh` rebuilds, the
      input its rows came from (`seeds`, `raw_data_path=<folder as given>`,
      `raw_schema=<database>.<schema>`), written once the model has built successfully,
      so a failed --full-refresh leaves the old input recorded.

    scripts/publish_serving.py reads the first two before it publishes;
    check_warehouse_input() reads the third. Every text reaches SQL through
    text_literal(). DuckDB and PostgreSQL; on Spark both hooks do nothing (its Parquet
    tables cannot update or delete rows, and the serving file is DuckDB's).
-#}

{#- Only the commands that run the project's hooks. `dbt compile`, `show` and
    `docs generate` also render the hook nodes (with execute true) but run nothing, so
    they must not record. (`dbt retry` runs as the command it retries.) -#}
{% macro build_audit_enabled() -%}
    {{ return(execute and target.type != 'spark'
              and flags.WHICH in ['build', 'run', 'seed', 'test', 'snapshot']) }}
{%- endmacro %}

{% macro build_audit_relation(identifier) -%}
    {{ return(api.Relation.create(database=target.database, schema='ops', identifier=identifier)) }}
{%- endmacro %}

{% macro build_audit_timestamp(value) -%}
    {{ return(value.strftime('%Y-%m-%dT%H:%M:%S.%fZ')) }}
{%- endmacro %}

{#- The input this invocation reads, as text, in the precedence of raw_table(). -#}
{% macro warehouse_input_identity() -%}
    {%- set path = checked_var('raw_data_path') -%}
    {%- set schema = checked_var('raw_schema') -%}
    {%- if path -%}
        {%- set folder = path | string -%}
        {%- if folder | length > 1 -%}{%- set folder = folder.rstrip('/') -%}{%- endif -%}
        {{ return('raw_data_path=' ~ folder) }}
    {%- elif schema -%}
        {{ return('raw_schema=' ~ (checked_var('raw_database') or target.database or '') ~ '.' ~ schema) }}
    {%- else -%}
        {{ return('seeds') }}
    {%- endif -%}
{%- endmacro %}

{#- The incremental models whose rows remember their input: those `--full-refresh`
    rebuilds (a `full_refresh` config, as on the history models, opts a model out). -#}
{% macro input_tracked_models() -%}
    {%- set models = [] -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.package_name == project_name
              and node.config.get('materialized') == 'incremental'
              and node.config.get('full_refresh') is none -%}
            {%- do models.append(node) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(models | sort(attribute='unique_id')) }}
{%- endmacro %}

{#- The command line's node selection as text; empty for the whole project. -#}
{% macro invocation_selection() -%}
    {%- set parts = [] -%}
    {%- for flag in ['select', 'exclude', 'selector', 'resource_types', 'exclude_resource_types'] -%}
        {%- set value = invocation_args_dict.get(flag) -%}
        {%- if value -%}
            {%- do parts.append('--' ~ (flag | replace('_', '-')) ~ ' ' ~ (value if value is string else value | join(' '))) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(parts | join(' ')) }}
{%- endmacro %}

{% macro build_audit_tables_sql() -%}
    {%- set invocations = build_audit_relation('dbt_invocations') -%}
    create schema if not exists {{ adapter.quote(invocations.schema) }};
    create table if not exists {{ invocations }} (
        invocation_seq bigint not null,
        invocation_id varchar(64) not null,
        command varchar(32) not null,
        selection varchar(4000) not null,
        full_refresh boolean not null,
        warehouse_input varchar(4000) not null,
        started_at varchar(32) not null,
        finished_at varchar(32),
        results_total integer,
        results_success integer,
        results_pass integer,
        results_warn integer,
        results_error integer,
        results_fail integer,
        results_skipped integer,
        results_runtime_error integer,
        results_other integer,
        has_passed boolean not null,
        unresolved_nodes integer
    );
    create table if not exists {{ build_audit_relation('dbt_unresolved_nodes') }} (
        unique_id varchar(1000) not null,
        status varchar(32) not null,
        invocation_id varchar(64) not null
    );
    create table if not exists {{ build_audit_relation('warehouse_input') }} (
        model_unique_id varchar(1000) not null,
        input_identity varchar(4000) not null,
        invocation_id varchar(64) not null
    );
    {#- Here, once, not in the base models' post-hooks: two threads creating it at once
        conflict. See macros/staged_loads.sql. -#}
    create table if not exists {{ staged_loads_relation() }} (
        raw_table varchar(64) not null,
        raw_load varchar(4000) not null,
        file_size bigint not null,
        file_modified_at varchar(32) not null,
        staged_by_invocation varchar(64) not null
    );
{%- endmacro %}

{#- This invocation's row, unfinished and not passed, unless it is there already. -#}
{% macro build_record_start_sql() -%}
    {%- set invocations = build_audit_relation('dbt_invocations') -%}
    insert into {{ invocations }} (
        invocation_seq, invocation_id, command, selection, full_refresh, warehouse_input,
        started_at, has_passed
    )
    select
        coalesce(max(previous.invocation_seq), 0) + 1,
        {{ text_literal(invocation_id) }},
        {{ text_literal(flags.WHICH) }},
        {{ text_literal(invocation_selection()) }},
        {{ 'true' if flags.FULL_REFRESH else 'false' }},
        {{ text_literal(warehouse_input_identity()) }},
        {{ text_literal(build_audit_timestamp(run_started_at)) }},
        false
    from {{ invocations }} as previous
    having count(case when previous.invocation_id = {{ text_literal(invocation_id) }} then 1 end) = 0;
{%- endmacro %}

{#- ---------------------------------------------------------------- on-run-start -#}
{#- Stops a run whose input differs from the one the incremental tables were built from
    (unless --full-refresh), then records that this invocation started. -#}
{% macro check_warehouse_input() -%}
    {%- if not build_audit_enabled() -%}
        {{ return('') }}
    {%- endif -%}
    {%- if flags.WHICH in ['run', 'build'] -%}
        {%- do assert_same_warehouse_input() -%}
    {%- endif -%}
    {%- call statement('build_audit_start', auto_begin=True) -%}
        {{ build_audit_tables_sql() }}
        {{ build_record_start_sql() }}
    {%- endcall -%}
    {%- do adapter.commit() -%}
    {{ return('') }}
{%- endmacro %}

{% macro assert_same_warehouse_input() -%}
    {%- set current = warehouse_input_identity() -%}
    {%- set record = build_audit_relation('warehouse_input') -%}
    {%- set stored = {} -%}
    {%- if adapter.get_relation(record.database, record.schema, record.identifier) is not none -%}
        {%- for row in run_query('select model_unique_id, input_identity from ' ~ record) -%}
            {%- do stored.update({row[0]: row[1]}) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set conflicts = {} -%}
    {%- set unrecorded = [] -%}
    {%- for node in input_tracked_models() -%}
        {%- if adapter.get_relation(node.database, node.schema, node.alias) is not none -%}
            {%- if node.unique_id not in stored -%}
                {%- do unrecorded.append(node.name) -%}
            {%- elif stored[node.unique_id] != current -%}
                {%- do conflicts.setdefault(stored[node.unique_id], []).append(node.name) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if unrecorded and not conflicts -%}
        {#- Built before inputs were recorded: nothing tells which input filled them, so
            they are taken to hold this run's input (the behaviour before the check). -#}
        {{ log("warehouse input: " ~ unrecorded | join(', ') ~ " have no recorded input; taking it to be " ~ current, info=true) }}
    {%- endif -%}
    {%- if conflicts and not flags.FULL_REFRESH -%}
        {%- set built_from = [] -%}
        {%- for input, names in conflicts | dictsort -%}
            {%- do built_from.append(input ~ ' (' ~ names | join(', ') ~ ')') -%}
        {%- endfor -%}
        {{ exceptions.raise_compiler_error(
            "The incremental tables of the warehouse "
            ~ (target.path if target.type == 'duckdb' else target.database)
            ~ " were built from " ~ built_from | join(' and ')
            ~ ", but this run reads " ~ current ~ ". Run with"
            ~ " --full-refresh to rebuild them from it (the membership history is kept; add"
            ~ " --vars '{reset_history: true}' to restart it too), or build into another"
            ~ " warehouse (set DBT_DUCKDB_PATH to another file)."
        ) }}
    {%- endif -%}
{%- endmacro %}

{#- ------------------------------------------------------------------ on-run-end -#}
{% macro record_build(results) -%}
    {%- if not build_audit_enabled() -%}
        {{ return('') }}
    {%- endif -%}
    {%- set invocations = build_audit_relation('dbt_invocations') -%}
    {%- set unresolved = build_audit_relation('dbt_unresolved_nodes') -%}
    {%- set inputs = build_audit_relation('warehouse_input') -%}
    {%- set passing = ['success', 'pass', 'warn'] -%}
    {%- set counts = {'success': 0, 'pass': 0, 'warn': 0, 'error': 0, 'fail': 0, 'skipped': 0, 'runtime error': 0, 'other': 0} -%}
    {%- set finish = {'at': build_audit_timestamp(run_started_at)} -%}
    {%- set seen_ids = [] -%}
    {%- set not_passed = [] -%}
    {%- set built_inputs = [] -%}
    {%- set tracked_ids = input_tracked_models() | map(attribute='unique_id') | list -%}
    {#- An exposure (the dashboard) runs nothing: `dbt build` reports it as no-op. It is
        not a result that has to pass, so it is left out of the record. -#}
    {%- set node_results = [] -%}
    {%- for result in results if result.node.resource_type != 'exposure' -%}
        {%- do node_results.append(result) -%}
    {%- endfor -%}
    {%- for result in node_results -%}
        {%- set status = result.status | string -%}
        {%- set key = status if status in counts else 'other' -%}
        {%- do counts.update({key: counts[key] + 1}) -%}
        {%- for timing in result.timing or [] -%}
            {%- if timing.completed_at is not none and build_audit_timestamp(timing.completed_at) > finish.at -%}
                {%- do finish.update({'at': build_audit_timestamp(timing.completed_at)}) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if result.node.resource_type != 'operation' -%}
            {%- do seen_ids.append(result.node.unique_id) -%}
            {%- if status not in passing -%}
                {%- do not_passed.append([result.node.unique_id, status]) -%}
            {%- endif -%}
        {%- endif -%}
        {%- if result.node.unique_id in tracked_ids and status == 'success' -%}
            {%- do built_inputs.append(result.node.unique_id) -%}
        {%- endif -%}
    {%- endfor -%}
    {#- `other` (no-op, partial success) does not pass either. No results at all: the
        on-run-start hooks failed and dbt skipped every node. -#}
    {%- set has_passed = node_results | length > 0 and counts['success'] + counts['pass'] + counts['warn'] == node_results | length -%}
    {#- An invocation that ran and passed every model, seed, snapshot and data test of the
        project resolves everything (unit tests included: they pin logic, not data). -#}
    {%- set whole_project = {'ran': has_passed} -%}
    {%- for node in graph.nodes.values() if whole_project.ran -%}
        {%- if node.resource_type in ['model', 'seed', 'snapshot', 'test']
              and node.config.get('materialized') != 'ephemeral' and node.unique_id not in seen_ids -%}
            {%- do whole_project.update({'ran': false}) -%}
        {%- endif -%}
    {%- endfor -%}
    {#- Written here, in one transaction, so the hook's own SQL is empty. -#}
    {%- call statement('build_audit_record', auto_begin=True) %}
    {{ build_audit_tables_sql() }}
    {{ build_record_start_sql() }}
    {%- if seen_ids %}
    delete from {{ unresolved }}
    where unique_id in ({% for unique_id in seen_ids %}{{ text_literal(unique_id) }}{{ ', ' if not loop.last }}{% endfor %});
    {%- endif %}
    {%- if whole_project.ran %}
    delete from {{ unresolved }};
    {%- else %}
    {#- Nodes removed from the project drop out (unit tests are not in the graph: kept). -#}
    delete from {{ unresolved }}
    where substr(unique_id, 1, 10) <> 'unit_test.'
        and unique_id not in ({% for unique_id in graph.nodes.keys() | sort %}{{ text_literal(unique_id) }}{{ ', ' if not loop.last }}{% endfor %});
    {%- endif %}
    {%- if not_passed %}
    insert into {{ unresolved }} (unique_id, status, invocation_id) values
    {%- for unique_id, status in not_passed %}
        ({{ text_literal(unique_id) }}, {{ text_literal(status) }}, {{ text_literal(invocation_id) }}){{ ',' if not loop.last else ';' }}
    {%- endfor %}
    {%- endif %}
    {%- if built_inputs %}
    delete from {{ inputs }}
    where model_unique_id in ({% for unique_id in built_inputs %}{{ text_literal(unique_id) }}{{ ', ' if not loop.last }}{% endfor %});
    insert into {{ inputs }} (model_unique_id, input_identity, invocation_id) values
    {%- for unique_id in built_inputs %}
        ({{ text_literal(unique_id) }}, {{ text_literal(warehouse_input_identity()) }}, {{ text_literal(invocation_id) }}){{ ',' if not loop.last else ';' }}
    {%- endfor %}
    {%- endif %}
    update {{ invocations }}
    set
        finished_at = {{ text_literal(finish.at) }},
        results_total = {{ node_results | length }},
        results_success = {{ counts['success'] }},
        results_pass = {{ counts['pass'] }},
        results_warn = {{ counts['warn'] }},
        results_error = {{ counts['error'] }},
        results_fail = {{ counts['fail'] }},
        results_skipped = {{ counts['skipped'] }},
        results_runtime_error = {{ counts['runtime error'] }},
        results_other = {{ counts['other'] }},
        has_passed = {{ 'true' if has_passed else 'false' }},
        unresolved_nodes = (select count(*) from {{ unresolved }})
    where invocation_id = {{ text_literal(invocation_id) }};
    {%- endcall -%}
    {%- do adapter.commit() -%}
    {{ return('') }}
{%- endmacro %}
