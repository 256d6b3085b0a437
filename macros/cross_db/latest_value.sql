{#-
    An aggregate: `value` from the group's latest row by `order_columns` (compared in order,
    all descending, e.g. ['occurred_at', 'event_id']), among the rows where `condition`
    holds. One pass over the rows instead of a window ranking every row and a join back.
    The order columns must not be null and must identify one row (ties are undefined). A
    null `value` on the latest row is returned as null (DuckDB: arg_max_null, not arg_max).
-#}
{% macro latest_value(value, order_columns, condition='true') -%}
    {{ return(adapter.dispatch('latest_value')(value, order_columns, condition)) }}
{%- endmacro %}

{#- PostgreSQL (and the default): the first element of an ordered array_agg. -#}
{% macro default__latest_value(value, order_columns, condition) -%}
    (array_agg({{ value }} order by {{ order_columns | join(' desc, ') }} desc)
        filter (where {{ condition }}))[1]
{%- endmacro %}

{% macro duckdb__latest_value(value, order_columns, condition) -%}
    arg_max_null({{ value }}, ({{ order_columns | join(', ') }}))
        filter (where {{ condition }})
{%- endmacro %}

{% macro spark__latest_value(value, order_columns, condition) -%}
    max_by({{ value }}, struct({{ order_columns | join(', ') }}))
        filter (where {{ condition }})
{%- endmacro %}

{#- The mirror of latest_value: `value` from the group's earliest row by `order_columns`
    (all ascending). -#}
{% macro earliest_value(value, order_columns, condition='true') -%}
    {{ return(adapter.dispatch('earliest_value')(value, order_columns, condition)) }}
{%- endmacro %}

{% macro default__earliest_value(value, order_columns, condition) -%}
    (array_agg({{ value }} order by {{ order_columns | join(', ') }})
        filter (where {{ condition }}))[1]
{%- endmacro %}

{% macro duckdb__earliest_value(value, order_columns, condition) -%}
    arg_min_null({{ value }}, ({{ order_columns | join(', ') }}))
        filter (where {{ condition }})
{%- endmacro %}

{% macro spark__earliest_value(value, order_columns, condition) -%}
    min_by({{ value }}, struct({{ order_columns | join(', ') }}))
        filter (where {{ condition }})
{%- endmacro %}
