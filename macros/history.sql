{#-
    Helpers of the incremental history models (models/marts/history).

    history_full_refresh(): their `full_refresh` config. `dbt build --full-refresh` keeps the
    history (full_refresh false); the var `reset_history` true erases it and starts again at
    the current as-of date.
-#}
{% macro history_full_refresh() -%}
    {{ return(checked_var('reset_history')) }}
{%- endmacro %}

{#-
    history_rewind(): their pre-hook. On an incremental run for as-of date D it deletes every
    row with as_of >= D before the rows for D are inserted (in the same transaction), so
    re-running D replaces D, and running an earlier D rewinds: the rows of later dates are
    gone until those dates are built again. Nothing to do when the table is (re)created.
-#}
{% macro history_rewind() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where as_of >= (select as_of_date from {{ ref('int_reporting_period') }})
    {%- endif -%}
{%- endmacro %}
