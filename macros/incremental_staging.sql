{#-
    Helpers of the incremental staging models (events, orders). A raw row's key is its
    fingerprint and its occurrence among identical rows; a scheduled run stages the raw rows
    whose key is not staged yet, plus every staged row that shares an id with them (so the
    duplicate rule is judged again on the whole group), and stamps them with the next
    ingest sequence number. Raw data is expected to only grow (appends or cumulative
    exports); after editing past raw rows or the reference seeds, run --full-refresh.
-#}

{#-
    The CTEs `<name>_fingerprinted` and `<name>`: the raw rows of `table_name` with their key
    (raw_fingerprint, raw_occurrence). Most rows are unique, so only rows whose fingerprint
    repeats are numbered by a window; a window over every row (a sort of the whole table)
    was the most expensive step of staging 100M events.
-#}
{% macro raw_rows_keyed(name, source_name, table_name) -%}
{{ name }}_fingerprinted as (

    select
        *,
        {{ row_fingerprint(raw_columns(table_name)) }} as raw_fingerprint
    from {{ raw_table(source_name, table_name) }}

),

{{ name }}_repeated_fingerprints as (

    select raw_fingerprint
    from {{ name }}_fingerprinted
    group by raw_fingerprint
    having count(*) > 1

),

{{ name }} as (

    -- Unique rows (no repeated fingerprint): occurrence 1. An outer join, not `not in`:
    -- Spark 3.5 lost rows when a null-aware `not in` and a window shared a union.
    select
        {{ name }}_fingerprinted.*,
        cast(1 as {{ dbt.type_bigint() }}) as raw_occurrence
    from {{ name }}_fingerprinted
    left join {{ name }}_repeated_fingerprints as repeated
        on {{ name }}_fingerprinted.raw_fingerprint = repeated.raw_fingerprint
    where repeated.raw_fingerprint is null

    union all

    select
        {{ name }}_fingerprinted.*,
        row_number() over (
            partition by {{ name }}_fingerprinted.raw_fingerprint
            order by {{ name }}_fingerprinted.raw_fingerprint
        ) as raw_occurrence
    from {{ name }}_fingerprinted
    inner join {{ name }}_repeated_fingerprints as repeated
        on {{ name }}_fingerprinted.raw_fingerprint = repeated.raw_fingerprint

)
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
    The rows a run stages, from the CTE `relation` of keyed raw rows (before cleaning, so an
    incremental run cleans only what it stages): everything on a full build; on an
    incremental run the raw rows not staged yet plus every row sharing their raw
    `id_column` value (the duplicate rule needs the whole group). Raw ids are compared
    verbatim, as staging takes them; blank ids are rejected whatever their group.
-#}
{% macro incremental_batch(relation, id_column) -%}
    {%- if is_incremental() -%}
    select {{ relation }}.*
    from {{ relation }}
    left join (
        select
            raw_fingerprint,
            raw_occurrence
        from {{ this }}
    ) as staged
        on
            {{ relation }}.raw_fingerprint = staged.raw_fingerprint
            and {{ relation }}.raw_occurrence = staged.raw_occurrence
    left join (
        select distinct new_rows.{{ id_column }}
        from {{ relation }} as new_rows
        left join {{ this }} as staged_rows
            on
                new_rows.raw_fingerprint = staged_rows.raw_fingerprint
                and new_rows.raw_occurrence = staged_rows.raw_occurrence
        where staged_rows.raw_fingerprint is null
    ) as touched
        on {{ relation }}.{{ id_column }} = touched.{{ id_column }}
    where staged.raw_fingerprint is null or touched.{{ id_column }} is not null
    {%- else -%}
    select * from {{ relation }}
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
