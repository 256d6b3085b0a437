{#-
    Helpers of the incremental staging models (events, orders). A raw row's key is its
    fingerprint and its occurrence among identical rows; a scheduled run stages the raw rows
    whose key is not staged yet, plus every staged row that shares an id with them (so the
    duplicate rule is judged again on the whole group), and stamps them with the next
    ingest sequence number. Raw data is expected to only grow (appends or cumulative
    exports); after editing past raw rows or the reference seeds, run --full-refresh.
-#}

{#-
    The CTEs of the raw rows of `table_name` with their key (raw_fingerprint,
    raw_occurrence) and `has_repeated_id`; the last one is named `name`.

    Identical raw rows share their `id_column`, and rows whose cleaned ids are equal share
    their raw id, so only a row whose id repeats (or is blank) can need an occurrence number
    or a duplicate ranking. One narrow aggregate finds those ids (a 64-bit hash of the id
    on DuckDB: a false match only adds a row to the exact check), the few rows that carry
    them are numbered by a window, and every other row streams through with occurrence 1
    and `has_repeated_id` false. The wide raw rows are never held whole: `<name>_raw` and
    `<name>_flagged` are inlined (DuckDB 2.0 would otherwise materialize a CTE read twice,
    which spilled 55 GB at 100M events), so the raw table is scanned instead: four times
    in a full build of events, five in an incremental run (counted with EXPLAIN).

    The raw rows come from raw_rows(): on CSV input they include the file's unreadable
    lines (`unreadable_line` not null), fingerprinted by their line so that an incremental
    run stages each of them once, like any raw row.
-#}
{% macro raw_rows_keyed(name, source_name, table_name, id_column) -%}
{%- set id_key = candidate_key(clean_id(name ~ '_raw.' ~ id_column)) -%}
{%- set fingerprint = row_fingerprint(raw_columns(table_name)) -%}
{%- if reads_raw_csv(table_name) -%}
    {%- set fingerprint = "case when " ~ name ~ "_raw.unreadable_line is null then "
        ~ fingerprint ~ " else "
        ~ row_fingerprint(["'row_unreadable'", name ~ "_raw.unreadable_line"]) ~ " end" -%}
{%- endif -%}
{{ name }}_raw as {{ inlined_cte() }} (

    {{ raw_rows(source_name, table_name) | indent(4) }}

),

{{ name }}_repeated_ids as (

    select {{ id_key }} as id_key
    from {{ name }}_raw
    group by {{ id_key }}
    having count(*) > 1

),

{{ name }}_flagged as {{ inlined_cte() }} (

    select
        {{ name }}_raw.*,
        {{ fingerprint }} as raw_fingerprint,
        (
            repeated.id_key is not null
            or {{ clean_id(name ~ '_raw.' ~ id_column) }} is null
        ) as has_repeated_id
    from {{ name }}_raw
    left join {{ name }}_repeated_ids as repeated
        on {{ id_key }} = repeated.id_key

),

{{ name }} as {{ inlined_cte() }} (

    -- A row whose id is unique is unique: occurrence 1. The literal `false` lets a filter
    -- on has_repeated_id skip this branch without reading it.
    select
        {%- for column in raw_columns(table_name) %}
        {{ column }},
        {%- endfor %}
        unreadable_line,
        raw_fingerprint,
        cast(1 as {{ dbt.type_bigint() }}) as raw_occurrence,
        false as has_repeated_id
    from {{ name }}_flagged
    where not has_repeated_id

    union all

    select
        {%- for column in raw_columns(table_name) %}
        {{ column }},
        {%- endfor %}
        unreadable_line,
        raw_fingerprint,
        row_number() over (
            partition by raw_fingerprint
            order by raw_fingerprint
        ) as raw_occurrence,
        true as has_repeated_id
    from {{ name }}_flagged
    where has_repeated_id

)
{%- endmacro %}

{#-
    A key to find repeated ids with: the id itself, or on DuckDB a 64-bit hash of it (an
    aggregate over 100M distinct ids kept as strings spilled). Only used to find candidates
    that are then compared exactly, never stored, so the hash may change between versions.
-#}
{% macro candidate_key(expression) -%}
    {{ return(adapter.dispatch('candidate_key')(expression)) }}
{%- endmacro %}

{% macro default__candidate_key(expression) -%}
    {{ expression }}
{%- endmacro %}

{% macro duckdb__candidate_key(expression) -%}
    hash({{ expression }})
{%- endmacro %}

{#- The ingest sequence number of this run's rows. -#}
{% macro next_ingest_seq() -%}
    {%- if is_incremental() -%}
        (select coalesce(max(ingest_seq), 0) + 1 from {{ this }})
    {%- else -%}
        1
    {%- endif -%}
{%- endmacro %}

{#-
    The CTEs `<name>_new_rows` (incremental runs only) and `<name>`: the rows a run stages,
    from the CTE `relation` of keyed raw rows (before cleaning, so an incremental run cleans
    only what it stages). A full build stages everything. An incremental run stages the raw
    rows not staged yet plus every row sharing their raw `id_column` value (the duplicate
    rule needs the whole group). Raw ids are compared verbatim, as staging takes them;
    blank ids are rejected whatever their group. The new rows are few: one join of the raw
    keys with the staged keys finds them, then two small joins pick the batch.
-#}
{% macro incremental_batch(name, relation, id_column) -%}
    {%- if is_incremental() -%}
{{ name }}_new_rows as {{ materialized_cte() }} (

    select
        {{ relation }}.raw_fingerprint,
        {{ relation }}.raw_occurrence,
        {{ relation }}.{{ id_column }}
    from {{ relation }}
    left join {{ this }} as staged
        on
            {{ relation }}.raw_fingerprint = staged.raw_fingerprint
            and {{ relation }}.raw_occurrence = staged.raw_occurrence
    where staged.raw_fingerprint is null

),

{{ name }} as (

    select {{ relation }}.*
    from {{ relation }}
    left join {{ name }}_new_rows as new_rows
        on
            {{ relation }}.raw_fingerprint = new_rows.raw_fingerprint
            and {{ relation }}.raw_occurrence = new_rows.raw_occurrence
    left join (
        select distinct {{ id_column }}
        from {{ name }}_new_rows
    ) as touched
        on {{ relation }}.{{ id_column }} = touched.{{ id_column }}
    where new_rows.raw_fingerprint is not null or touched.{{ id_column }} is not null

)
    {%- else -%}
{{ name }} as (

    select * from {{ relation }}

)
    {%- endif -%}
{%- endmacro %}

{#-
    The materialization of the incremental models. Spark's default Parquet tables have no
    DELETE or MERGE, which these models' strategies need (delete+insert, delete pre-hooks),
    so on Spark they are rebuilt in full on every run: same rows, no incremental saving, and
    the history models hold only the latest run. Every other engine: incremental.
-#}
{% macro incremental_or_table() -%}
    {{ return('table' if target.type == 'spark' else 'incremental') }}
{%- endmacro %}
