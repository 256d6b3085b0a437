{#-
    `name as {{ materialized_cte() }} (...)`: asks the engine to compute a CTE once and
    reuse it, where a CTE read by several branches would otherwise be recomputed for each
    (DuckDB inlines CTEs: staging 10M events took twice as long). PostgreSQL 12+ and DuckDB
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
