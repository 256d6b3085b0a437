{#-
    Helpers of the incremental staging models (events, orders). A raw row's key is its
    fingerprint and its occurrence among identical rows; a scheduled run stages the raw rows
    whose key is not staged yet, plus every staged row that shares an id with them (so the
    duplicate rule is judged again on the whole group), and stamps them with the next
    ingest sequence number. Raw data is expected to only grow (appends or cumulative
    exports); after editing past raw rows or the reference seeds, run --full-refresh.
-#}

{#- Raw row key columns: fingerprint, then occurrence among identical raw rows. -#}
{% macro raw_row_key_columns(table_name) -%}
    {{ row_fingerprint(raw_columns(table_name)) }} as raw_fingerprint,
    row_number() over (
        partition by {{ row_fingerprint(raw_columns(table_name)) }}
        order by {{ row_fingerprint(raw_columns(table_name)) }}
    ) as raw_occurrence
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
    The rows a run stages, from the CTE `relation` of cleaned raw rows: everything on a full
    build; on an incremental run the raw rows not staged yet plus every row sharing their
    `id_column` value (the duplicate rule needs the whole group).
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
