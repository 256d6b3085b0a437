{#-
    `name as {{ materialized_cte() }} (...)`: asks the engine to compute a CTE once and
    reuse it, where a CTE read by several branches would otherwise be recomputed for each
    (staging 10M events took twice as long without it). PostgreSQL 12+ and DuckDB
    take the keyword; Spark has none (it may cache or recompute on its own). A materialized
    CTE is held in memory or spilled, uncompressed, to temp_directory: keep it to tables of
    a few million rows (the cleaned 100M events spilled more than 40 GB).
-#}
{% macro materialized_cte() -%}
    {{ return(adapter.dispatch('materialized_cte')()) }}
{%- endmacro %}

{% macro default__materialized_cte() -%}
    materialized
{%- endmacro %}

{% macro spark__materialized_cte() -%}
{%- endmacro %}

{#-
    `name as {{ inlined_cte() }} (...)`: asks the engine to compute a CTE where it is read,
    never to store it: for wide CTEs of the raw tables read by two branches, where storing
    100M rows costs more (spilled, uncompressed) than reading the raw table again. DuckDB
    2.0 materializes a CTE read more than once unless told not to, and so does PostgreSQL
    12+; Spark always inlines and has no keyword.
-#}
{% macro inlined_cte() -%}
    {{ return(adapter.dispatch('inlined_cte')()) }}
{%- endmacro %}

{% macro default__inlined_cte() -%}
    not materialized
{%- endmacro %}

{% macro spark__inlined_cte() -%}
{%- endmacro %}
