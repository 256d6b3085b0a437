{#-
    Helpers of the incremental base staging models (events, orders); which rows a run
    stages is macros/staged_loads.sql.
-#}

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

{#-
    The materialization of the incremental models. Spark's default Parquet tables have no
    DELETE or MERGE, which these models' strategies need (delete+insert, delete pre-hooks),
    so on Spark they are rebuilt in full on every run: same rows, no incremental saving, and
    the history models hold only the latest run. Every other engine: incremental.
-#}
{% macro incremental_or_table() -%}
    {{ return('table' if target.type == 'spark' else 'incremental') }}
{%- endmacro %}
